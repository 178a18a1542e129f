// permissionCheck: an app's permission rule (the Flutter seed's `ownerId == user.id` role) as a
// `canWrite` whose refusals read "denied by permission" (or the app's own reason).
import type { CanWrite, CanWriteContext, DenialReason, WriteVerdict } from "../recovery/merge-plan.js";
import type { EncodedValue } from "../recovery/value-codec.js";

/** The object a check sees: the merged values, encoded (links as encoded keys). */
export type CheckedObject = Readonly<Record<string, EncodedValue>>;

/**
 * Wraps an app's permission predicate (e.g. `(model, o) => o.ownerId === user.id`).
 * @param reason reported for refusals. @default "denied by permission"
 */
export function permissionCheck(
  predicate: (model: string, object: CheckedObject, context: CanWriteContext) => boolean,
  reason: DenialReason = "denied by permission",
): CanWrite {
  const refused: WriteVerdict = { reason };
  return (model, object, context) => (predicate(model, object, context) ? true : refused);
}
