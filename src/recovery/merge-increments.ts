// Counter increments (`#inc/<node>/<field key>` running sums, written by trackedWrite):
// re-adds what a node incremented beyond what the fresh realm has seen. Per-node sums make
// this idempotent and order-free: a sum already in the fresh realm adds nothing.
import { isStamp } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import type { ObjectSchemaLike } from "../realm-like.js";
import { decodeFieldKey, formatFieldPath } from "../schema/field-keys.js";
import { parseIncrement, parseIncrementKey } from "../tracking/counter-deltas.js";
import type { DriftGate } from "./drift-gate.js";
import type { AppliedField, ReportBuilder } from "./report.js";
import { effectiveStamp, shapeAtPath, setValueAt, valueAt } from "./stamped-paths.js";
import type { CodecContext, EncodedValue } from "./value-codec.js";

/** Inputs of `mergeIncrements`: the working copy produced by `mergeFields`, changed in place. */
export interface MergeIncrementsInput {
  readonly model: string;
  readonly key: string;
  readonly schema: ObjectSchemaLike;
  readonly context: CodecContext;
  readonly increments: Readonly<Record<string, string>>;
  readonly values: Record<string, EncodedValue>;
  readonly stamps: Record<string, Stamp>;
  /** Top-level fields whose value was taken from the backup: it already holds its increments. */
  readonly taken: ReadonlySet<string>;
  readonly creating: boolean;
  /** Whether the fresh model has the timestamps dictionary, so the per-node sums applied can be recorded. */
  readonly recordable: boolean;
  readonly report: ReportBuilder;
  readonly applied: AppliedField[];
  /** The drift check (as for fields). */
  readonly drift: DriftGate;
}

/** Applies increments; returns the top-level fields whose value changed and whether stamps changed. */
export function mergeIncrements(input: MergeIncrementsInput): { touched: Set<string>; restamped: boolean } {
  const { model, key, values, stamps, report } = input;
  const touched = new Set<string>();
  let restamped = false;
  for (const [incrementKey, text] of Object.entries(input.increments).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const parsedKey = parseIncrementKey(incrementKey);
    const entry = parseIncrement(text);
    const path = parsedKey === undefined ? undefined : decodeFieldKey(parsedKey.fieldKey);
    const field = path === undefined ? incrementKey : formatFieldPath(path);
    if (path === undefined || entry === undefined || !isStamp(entry.stamp)) {
      report.skip({ code: "MALFORMED_TIMESTAMPS", message: `counter increment entry ${JSON.stringify(incrementKey)} = ${JSON.stringify(text)} is malformed: expected "#inc/<node>/<field>" = "<sum>@<stamp>"`, model, key, field, local: { value: text, stamp: undefined } });
      continue;
    }
    // The drift rule of every backup stamp (fields, `#created`, tombstones): a far-future increment is skipped too.
    const stampError = input.drift.check(entry.stamp);
    if (stampError !== undefined) {
      report.skip({ code: stampError.code, message: `counter increment not re-applied: ${stampError.message}`, model, key, field, local: { value: entry.sum, stamp: entry.stamp } });
      continue;
    }
    const shape = shapeAtPath(input.schema, path, input.context);
    if (shape === undefined || !(shape.kind === "counter" || (shape.kind === "scalar" && shape.type === "int"))) {
      report.skip({ code: shape === undefined ? "FIELD_MISSING" : "TYPE_MISMATCH", message: `counter increments for "${field}", which is ${shape === undefined ? "missing" : "not an int"} in the fresh schema`, model, key, field, local: { value: entry.sum, stamp: entry.stamp } });
      continue;
    }
    if (!input.recordable && !input.creating) {
      // Without a record of the sums applied, a second run would add them again (law 14).
      report.skip({ code: "FRESH_UNTRACKED", message: `counter increments for "${field}" not re-applied: the fresh model has no timestamps dictionary to record them in, so a later run would add them twice`, model, key, field, local: { value: entry.sum, stamp: entry.stamp } });
      continue;
    }
    const seen = parseIncrement(stamps[incrementKey]);
    if (seen !== undefined && seen.stamp >= entry.stamp) continue;
    stamps[incrementKey] = text;
    restamped = true;
    const top = path[0] as string;
    // The backup's own value already counts its increments; a newer assignment supersedes them.
    if (input.creating || input.taken.has(top)) continue;
    const assigned = effectiveStamp(stamps, path);
    if (assigned !== undefined && assigned > entry.stamp) continue;
    const current = valueAt(values, path);
    if (typeof current !== "number") continue;
    const next = current + entry.sum - (seen?.sum ?? 0);
    if (next === current || !setValueAt(values, path, next)) continue;
    touched.add(top);
    input.applied.push({ model, key, field, value: next, stamp: entry.stamp, previous: { value: current, stamp: seen?.stamp }, policy: "counterIncrements" });
  }
  return { touched, restamped };
}
