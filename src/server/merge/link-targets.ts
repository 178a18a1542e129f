// The objects an encoded value links to (`{ "$link": { model, key } }`), so the merge's view of
// the server holds every link target it may test.
import { linkOf } from "../../recovery/value-codec.js";
import type { EncodedValue } from "../../recovery/value-codec.js";
import type { ObjectId } from "../storage/rows.js";

/** Adds every link inside `value` to `into`. */
export function collectLinkTargets(value: EncodedValue | undefined, into: Map<string, ObjectId>): void {
  if (value === null || value === undefined || typeof value !== "object") return;
  const link = linkOf(value);
  if (link !== undefined) {
    into.set(`${link.model}\u0000${link.key}`, link);
    return;
  }
  for (const item of Array.isArray(value) ? (value as readonly EncodedValue[]) : Object.values(value as Record<string, EncodedValue>)) collectLinkTargets(item, into);
}
