// The lean loop of the per-field merge, for the common object: every changed field top-level
// and simple (field-plans.ts: known, canonical key, not a dictionary, last writer wins), and no
// fresh stamp below a top-level field. Then a field's decision reads only its own value, its
// own stamp and `#created`, and nothing else can change them: the general loop of
// merge-fields.ts would take the same decisions in the same order, which this loop takes
// without policy calls, conflict objects or sub-path walks (test/recovery/simple-path.test.ts
// checks both agree).
import { isStamp } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import { CREATED_KEY } from "../schema/field-keys.js";
import { isAbsent } from "./changeset.js";
import type { FieldChange } from "./changeset.js";
import { acceptFieldChange } from "./field-checks.js";
import type { FieldPlan } from "./field-plans.js";
import type { MergeFieldsInput, MergeFieldsResult } from "./merge-fields.js";
import type { AppliedField } from "./report.js";
import { restampWins } from "./stamped-paths.js";
import { encodedEquals } from "./value-codec.js";
import type { EncodedValue } from "./value-codec.js";
import { keepShape } from "../utils/keep-shape.js";

/** The plans of `input`'s changed fields in merge order when the lean loop may take them all, else `undefined`. */
export function simpleFieldsOf(input: MergeFieldsInput): FieldPlan[] | undefined {
  const plans: FieldPlan[] = [];
  for (const fieldKey in input.fields) {
    const plan = input.plan.field(fieldKey);
    if (!plan.simple) return undefined;
    // Inserted in merge order (all top-level: by name), stable as Array#sort with compareFieldPlans.
    let at = plans.length;
    plans.push(plan);
    for (; at > 0 && (plans[at - 1] as FieldPlan).sortText > plan.sortText; at--) plans[at] = plans[at - 1] as FieldPlan;
    plans[at] = plan;
  }
  // A stamp below a top-level field ("address/city", "tags/red") is a sub-path the general
  // loop keeps on top of a whole write; reserved keys ("#created", "#inc/…") are not paths.
  for (const stampKey in input.stamps) if (stampKey.charCodeAt(0) !== 35 /* # */ && stampKey.includes("/")) return undefined;
  return plans;
}

/** `mergeFields` for the fields `simpleFieldsOf` accepted. */
export function mergeSimpleFields(input: MergeFieldsInput, plans: readonly FieldPlan[]): MergeFieldsResult {
  const { model, key, report } = input;
  const fresh = input.values;
  // The written values apart (the update's values); the whole merged object only when read.
  const written: Record<string, EncodedValue> = {};
  const stamps: Record<string, Stamp> = { ...input.stamps };
  const applied: AppliedField[] = [];
  let restamped = false;
  // The effective stamp of a top-level field: the greater of its own and `#created` (malformed ones ignored).
  const createdText = input.stamps[CREATED_KEY];
  const created = createdText !== undefined && isStamp(createdText) ? createdText : undefined;
  for (let i = 0; i < plans.length; i++) {
    const plan = plans[i] as FieldPlan;
    const { fieldKey, field, top } = plan;
    const change = input.fields[fieldKey] as FieldChange;
    const stamp = change.stamp;
    const value = isAbsent(change.value) ? undefined : change.value;
    if (!acceptFieldChange(input, plan, value, stamp)) continue;
    const ownText = stamps[fieldKey];
    const own = ownText !== undefined && isStamp(ownText) ? ownText : undefined;
    const serverStamp = own !== undefined && (created === undefined || own > created) ? own : created;
    if (serverStamp === stamp) continue; // already merged: equal stamps carry equal values
    // As `valueAt` on a copy of the fresh values: own enumerable properties only.
    const serverValue = Object.prototype.propertyIsEnumerable.call(fresh, top) ? fresh[top] : undefined;
    // Last writer wins: the local change wins iff its stamp is greater (an unstamped field is older than any).
    if (serverStamp !== undefined && !(stamp > serverStamp)) {
      if (!encodedEquals(value, serverValue)) report.kept.push({ model, key, field, local: { value, stamp }, server: { value: serverValue, stamp: serverStamp }, policy: plan.policy.name });
      continue;
    }
    if (encodedEquals(value, serverValue)) {
      // Same value, newer stamp: record the stamp so a later, older write cannot undo it (law 15).
      if (restampWins(input.stamps, fieldKey, stamp)) {
        stamps[fieldKey] = stamp;
        restamped = true;
      }
      continue;
    }
    written[top] = value as EncodedValue;
    stamps[fieldKey] = stamp;
    applied.push({ model, key, field, value, stamp, previous: { value: serverValue, stamp: serverStamp }, policy: plan.policy.name });
  }
  return new SimpleMergeResult(fresh, written, stamps, applied, restamped);
}

/**
 * The lean loop's result: `values` (the fresh values with the written ones on top) and
 * `touched` (the written fields) are built on first read.
 */
class SimpleMergeResult implements MergeFieldsResult {
  private whole: Record<string, EncodedValue> | undefined;
  private names: Set<string> | undefined;

  constructor(
    private readonly fresh: Readonly<Record<string, EncodedValue>>,
    readonly written: Record<string, EncodedValue>,
    readonly stamps: Record<string, Stamp>,
    readonly applied: AppliedField[],
    readonly restamped: boolean,
  ) {}

  /** As a copy of the fresh values with each written field assigned in turn. */
  get values(): Record<string, EncodedValue> {
    return (this.whole ??= { ...this.fresh, ...this.written });
  }

  /** The written fields, in the order written. */
  get touched(): Set<string> {
    return (this.names ??= new Set(Object.keys(this.written)));
  }
}

keepShape(new SimpleMergeResult({}, {}, {}, [], false));
