// onCompensatingWrite: maps the server's reverted writes (error 231) back to the recovery report,
// so the app can tell the user which recovered edits were refused. It never retries them.
import type { RecoveryReport } from "../recovery/report.js";
import type { AppliedField } from "../recovery/report.js";
import { encodePrimaryKey } from "../schema/primary-key.js";
import type { CompensatingWriteErrorLike } from "./sync-sdk-types.js";
import type { DenialReason } from "../recovery/merge-plan.js";

/** One write the server reverted, matched against the recovery report. */
export interface RefusedEdit {
  readonly model: string;
  /** Encoded primary key (`encodePrimaryKey`). */
  readonly key: string;
  /** The server's text, e.g. `write to "…" in table "Car" not allowed; object is outside of the current query view`. */
  readonly serverReason: string;
  /** The server's text classified: the seed's two cases, or `"unknown"`. */
  readonly reason: DenialReason | "unknown";
  /** Whether this object was written by the recovery (else: an ordinary app write). */
  readonly fromRecovery: boolean;
  /** The recovery created this object. */
  readonly created: boolean;
  /** The recovery deleted this object. */
  readonly deleted: boolean;
  /** The fields the recovery wrote to it (now reverted), with their values and stamps. */
  readonly fields: readonly AppliedField[];
}

/** Classifies a server reason text (App Services log wording). */
export function classifyServerReason(text: string): RefusedEdit["reason"] {
  if (/outside of the current query view|outside .*(subscription|query)/i.test(text)) return "outside subscription";
  if (/denied by write filter|permission/i.test(text)) return "denied by permission";
  return "unknown";
}

/**
 * Returns one entry per reverted write in `error.writes`, joined with what `report` wrote to
 * that object. Entries with `fromRecovery: false` were not recovery writes. Does not retry.
 */
export function onCompensatingWrite(error: CompensatingWriteErrorLike, report: RecoveryReport | undefined): RefusedEdit[] {
  return error.writes.map((write) => {
    let key: string;
    try {
      key = encodePrimaryKey(write.primaryKey);
    } catch {
      key = String(write.primaryKey);
    }
    const same = (entry: { model: string; key: string }): boolean => entry.model === write.objectName && entry.key === key;
    const fields = report?.applied.filter(same) ?? [];
    const created = report?.created.some(same) ?? false;
    const deleted = report?.deleted.some(same) ?? false;
    return {
      model: write.objectName,
      key,
      serverReason: write.reason,
      reason: classifyServerReason(write.reason),
      fromRecovery: fields.length > 0 || created || deleted,
      created,
      deleted,
      fields,
    };
  });
}
