// What a recovery run writes as its report: the library's RecoveryReport plus which inputs
// and checkpoint produced it, and helpers to show values and stamps to people.
import { isStamp, stampMillis } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import type { RecoveryReport } from "../recovery/report.js";
import { decodePrimaryKey, describeKey } from "../schema/primary-key.js";
import { VERSION } from "./version.js";

export interface ReportDocument {
  readonly tool: "realm-field-recovery";
  readonly version: string;
  readonly backup: string;
  readonly fresh: string;
  /** The checkpoint used; `null`: full merge. */
  readonly since: Stamp | null;
  readonly report: RecoveryReport;
}

export function reportDocument(backup: string, fresh: string, since: Stamp | null, report: RecoveryReport): ReportDocument {
  return { tool: "realm-field-recovery", version: VERSION, backup, fresh, since, report };
}

/** A stamp with its wall-clock time: `NjEtLV0--------1 (2026-01-05T09:00:03.000Z)`. */
export function showStamp(stamp: string | null | undefined): string {
  if (stamp === null || stamp === undefined) return "(none)";
  return isStamp(stamp) ? `${stamp} (${new Date(stampMillis(stamp)).toISOString()})` : `${stamp} (malformed)`;
}

/** An encoded value as compact JSON (`undefined`: absent). */
export function showValue(value: unknown): string {
  return value === undefined ? "(absent)" : JSON.stringify(value);
}

/** A primary key as the user wrote it (`"rex"`, `42`, `ObjectId("…")`), from its encoded form (`s:rex`). */
export function showKey(encoded: string): string {
  try {
    return describeKey(decodePrimaryKey(encoded));
  } catch {
    return encoded;
  }
}
