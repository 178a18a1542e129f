// Write checks with reasons: a `canWrite`-compatible predicate that can also say WHY the server
// would refuse a write, and a recorder that lists refusals so the report can name the reason.
import type { CanWrite, CanWriteContext } from "../recovery/merge-plan.js";
import type { RecoveryReport, SkippedEntry } from "../recovery/report.js";
import type { EncodedValue } from "../recovery/value-codec.js";

/** Why the server would revert a write (the seed's two cases, or your own text). */
export type DenialReason = "outside subscription" | "denied by permission" | (string & {});

/** The object a check sees: the merged values, encoded (links as encoded keys). */
export type CheckedObject = Readonly<Record<string, EncodedValue>>;

/** A `canWrite` predicate that can also explain a refusal; `explain` returns `undefined` when allowed. */
export interface ExplainedCanWrite extends CanWrite {
  explain(model: string, object: CheckedObject, context: CanWriteContext): DenialReason | undefined;
}

/** Turns an `explain` function into a `canWrite`-compatible predicate. */
export function explainedCanWrite(explain: ExplainedCanWrite["explain"]): ExplainedCanWrite {
  const check = ((model: string, object: CheckedObject, context: CanWriteContext) => explain(model, object, context) === undefined) as ExplainedCanWrite;
  check.explain = explain;
  return check;
}

/**
 * Wraps an app's permission predicate (e.g. `(model, o) => o.ownerId === user.id`).
 * @param reason reported for refusals. @default "denied by permission"
 */
export function permissionCheck(
  predicate: (model: string, object: CheckedObject, context: CanWriteContext) => boolean,
  reason: DenialReason = "denied by permission",
): ExplainedCanWrite {
  return explainedCanWrite((model, object, context) => (predicate(model, object, context) ? undefined : reason));
}

/** The explanation of any check: a plain `canWrite` refusal counts as a permission denial. */
export function explainOf(check: CanWrite | ExplainedCanWrite): ExplainedCanWrite["explain"] {
  if ("explain" in check && typeof check.explain === "function") return check.explain;
  return (model, object, context) => (check(model, object, context) ? undefined : "denied by permission");
}

/** A write the checks refused (not written) or flagged but wrote anyway. */
export interface DeniedWrite {
  readonly model: string;
  /** Encoded primary key. */
  readonly key: string;
  readonly operation: CanWriteContext["operation"];
  readonly reason: DenialReason;
}

/** Options of `recordDenials`. */
export interface RecordDenialsOptions {
  /**
   * Reasons whose writes are made anyway (the server may revert them: watch compensating
   * writes). Listed in `writtenAnyway`, not in `denials`.
   * @default []
   */
  readonly writeAnyway?: readonly DenialReason[];
}

/** A recording `canWrite` and what it saw. */
export interface RecordedWriteChecks {
  readonly canWrite: CanWrite;
  readonly denials: DeniedWrite[];
  readonly writtenAnyway: DeniedWrite[];
}

/** Wraps a check so that every refusal is recorded with its reason. */
export function recordDenials(check: CanWrite | ExplainedCanWrite, options: RecordDenialsOptions = {}): RecordedWriteChecks {
  const explain = explainOf(check);
  const anyway = new Set<string>(options.writeAnyway ?? []);
  const denials: DeniedWrite[] = [];
  const writtenAnyway: DeniedWrite[] = [];
  const canWrite: CanWrite = (model, object, context) => {
    const reason = explain(model, object, context);
    if (reason === undefined) return true;
    const entry = { model, key: context.key, operation: context.operation, reason };
    if (anyway.has(reason)) {
      writtenAnyway.push(entry);
      return true;
    }
    denials.push(entry);
    return false;
  };
  return { canWrite, denials, writtenAnyway };
}

/** A `DENIED` skip with the reason the check gave. */
export interface DeniedSkippedEntry extends SkippedEntry {
  readonly code: "DENIED";
  readonly reason: DenialReason;
}

/** True for skipped entries that carry a denial reason. */
export function isDeniedEntry(entry: SkippedEntry): entry is DeniedSkippedEntry {
  return entry.code === "DENIED" && typeof (entry as { reason?: unknown }).reason === "string";
}

/**
 * Returns `report` with each `DENIED` skip carrying the recorded reason (`reason` field, and
 * the message prefixed with it: "outside subscription: canWrite refused …").
 */
export function explainDenials(report: RecoveryReport, denials: readonly DeniedWrite[]): RecoveryReport {
  if (denials.length === 0) return report;
  const byObject = new Map<string, DenialReason>();
  for (const denial of denials) byObject.set(`${denial.model}\u0000${denial.key}`, denial.reason);
  const skipped = report.skipped.map((entry): SkippedEntry => {
    if (entry.code !== "DENIED" || entry.model === undefined || entry.key === undefined) return entry;
    const reason = byObject.get(`${entry.model}\u0000${entry.key}`);
    if (reason === undefined) return entry;
    const explained: DeniedSkippedEntry = { ...entry, code: "DENIED", reason, message: `${reason}: ${entry.message}` };
    return explained;
  });
  return { ...report, skipped };
}
