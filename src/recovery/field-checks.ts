// The checks every changed field passes before any policy sees it (laws 9, 13): a usable
// stamp, a field the fresh schema has and may be written, a removal marker only for a
// dictionary entry, a value that fits the fresh type. One definition for both merge loops.
import type { Stamp } from "../clock/index.js";
import type { DriftGate } from "./drift-gate.js";
import type { FieldPlan } from "./field-plans.js";
import type { ReportBuilder } from "./report.js";
import { valueProblem } from "./value-codec.js";
import type { CodecContext, EncodedValue } from "./value-codec.js";

/** Where a field is checked: the object and the merge's tools. */
export interface FieldCheckSite {
  readonly model: string;
  readonly key: string;
  readonly context: CodecContext;
  readonly drift: DriftGate;
  readonly report: ReportBuilder;
}

/**
 * `true` when the change of `plan`'s path (its `value`, `undefined` for a removed dictionary
 * entry, and `stamp`) can be merged; else reports the skip and returns `false`.
 */
export function acceptFieldChange(site: FieldCheckSite, plan: FieldPlan, value: EncodedValue | undefined, stamp: Stamp): boolean {
  const stampError = site.drift.check(stamp);
  if (stampError !== undefined) return skipField(site, plan, value, stamp, stampError.code, stampError.message);
  const shape = plan.shape;
  if (shape === undefined) {
    return skipField(site, plan, value, stamp, "FIELD_MISSING", plan.excludedTop ? `field "${plan.top}" is not recoverable (primary key, stamps or untracked)` : `the fresh schema of "${site.model}" has no field "${plan.field}" (removed or renamed)`);
  }
  if (value === undefined) {
    return plan.dictionaryEntry || skipField(site, plan, value, stamp, "TYPE_MISMATCH", `a removed-entry marker for "${plan.field}", which is not a dictionary entry`);
  }
  const problem = valueProblem(value, shape, site.context);
  return problem === undefined || skipField(site, plan, value, stamp, "TYPE_MISMATCH", `the backup holds ${problem}; the fresh schema changed the field's type`);
}

function skipField(site: FieldCheckSite, plan: FieldPlan, value: EncodedValue | undefined, stamp: Stamp, code: string, message: string): false {
  site.report.skip({ code, message, model: site.model, key: site.key, field: plan.field, local: { value, stamp } });
  return false;
}
