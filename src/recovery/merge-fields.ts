// The per-field merge of one object (laws 8, 9, 13): a working copy of the fresh values and
// stamps, each changed path resolved by its policy, newer fresh sub-paths kept on top.
import { isStamp } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import type { ObjectSchemaLike } from "../realm-like.js";
import { decodeFieldKey, encodeFieldKey, formatFieldPath } from "../schema/field-keys.js";
import type { FieldPath } from "../schema/field-keys.js";
import type { FieldChange, ObjectChange } from "./changeset.js";
import { isAbsent } from "./changeset.js";
import type { FieldResolution } from "../policies/types.js";
import type { DriftGate } from "./drift-gate.js";
import { acceptFieldChange } from "./field-checks.js";
import { compareFieldPlans } from "./field-plans.js";
import type { FieldPlan, ModelPlan } from "./field-plans.js";
import { mergeSimpleFields, simpleFieldsOf } from "./merge-simple-fields.js";
import type { AppliedField, ReportBuilder } from "./report.js";
import { CallbackFailedError, InvalidCallbackResultError } from "./user-code-errors.js";
import { effectiveStamp, restampWins, setValueAt, shapeAtPath, valueAt } from "./stamped-paths.js";
import { encodeValue, encodedEquals, isEncodedRecord, makeSet, shapeOfProperty, valueProblem } from "./value-codec.js";
import type { CodecContext, EncodedValue, ValueShape } from "./value-codec.js";

/** Inputs of `mergeFields`. */
export interface MergeFieldsInput {
  readonly model: string;
  readonly key: string;
  readonly schema: ObjectSchemaLike;
  /** The model's plan (excluded fields, field plans) for this merge. */
  readonly plan: ModelPlan;
  readonly context: CodecContext;
  /** The fresh object's values and stamps; empty for an object being created. */
  readonly values: Readonly<Record<string, EncodedValue>>;
  readonly stamps: Readonly<Record<string, string>>;
  readonly fields: Readonly<Record<string, FieldChange>>;
  /** The backup's change, for required fields of an embedded object re-created around a newer sub-field (its values read rarely: on demand). */
  readonly backup?: ObjectChange;
  /** `true`: the object is being created, every valid change is taken (no policy, no report per field). */
  readonly creating: boolean;
  /** `true`: a later generation replaces the fresh object (its values are replaced whole, dictionaries too). */
  readonly replacing?: boolean;
  /** The drift check of the backup's stamps. */
  readonly drift: DriftGate;
  /** `true`: the fresh object is a later generation than the change's; its `#created` is newer than every entry the older incarnation had. */
  readonly olderGeneration?: boolean;
  readonly report: ReportBuilder;
  /** `false`: never take the lean loop of merge-simple-fields (tests compare both). @default true */
  readonly simplePath?: boolean;
}

/** The merged values and stamps, and which top-level fields changed. */
export interface MergeFieldsResult {
  readonly values: Record<string, EncodedValue>;
  readonly stamps: Record<string, Stamp>;
  readonly touched: Set<string>;
  /** `true` when only stamps changed for some path (an equal value with a newer stamp). */
  readonly restamped: boolean;
  /** Applied entries, reported only once the object's write is allowed (`canWrite`). */
  readonly applied: AppliedField[];
  /** The touched fields' values in `touched` order, when the merge kept them apart (the lean loop). */
  readonly written?: Record<string, EncodedValue>;
}

/** A changed path with its plan. */
interface Entry {
  readonly plan: FieldPlan;
  readonly change: FieldChange;
}

/** Merges the changed fields of one object into a copy of the fresh object. */
export function mergeFields(input: MergeFieldsInput): MergeFieldsResult {
  if (!input.creating && input.replacing !== true && input.simplePath !== false) {
    const simple = simpleFieldsOf(input);
    if (simple !== undefined) return mergeSimpleFields(input, simple);
  }
  const { model, key, report } = input;
  const values: Record<string, EncodedValue> = { ...input.values };
  const stamps: Record<string, Stamp> = { ...input.stamps };
  const touched = new Set<string>();
  const applied: AppliedField[] = [];
  let restamped = false;
  const entries: Entry[] = [];
  for (const fieldKey in input.fields) entries.push({ plan: input.plan.field(fieldKey), change: input.fields[fieldKey] as FieldChange });
  // Server stamps that replace the effective-stamp rule for entries of a whole dictionary (below).
  const serverStampOf = new Map<string, Stamp | undefined>();
  if (!input.creating && input.replacing !== true) splitWholeDictionaries(input, entries, serverStampOf);
  if (entries.length > 1) entries.sort((a, b) => compareFieldPlans(a.plan, b.plan));
  /** Makes missing embedded parents (made once, for the first nested write). */
  let create: ((prefix: FieldPath) => Record<string, EncodedValue> | undefined) | undefined;

  for (const { plan, change } of entries) {
    if (!plan.valid) {
      report.skip({ code: "MALFORMED_KEY", message: `"${plan.fieldKey}" is not a field key (reserved keys start with "#")`, model, key, field: plan.fieldKey });
      continue;
    }
    const { fieldKey, field, top } = plan;
    const path = plan.path as FieldPath;
    const local = { value: isAbsent(change.value) ? undefined : change.value, stamp: change.stamp };
    if (!acceptFieldChange(input, plan, local.value, change.stamp)) continue;
    const shape = plan.shape as ValueShape;
    const serverStamp = input.creating ? undefined : serverStampOf.has(fieldKey) ? serverStampOf.get(fieldKey) : effectiveStamp(stamps, path);
    if (serverStamp === change.stamp) continue; // already merged: equal stamps carry equal values
    const serverValue = valueAt(values, path);
    const server = { value: serverValue, stamp: serverStamp };
    let newValue: EncodedValue | undefined;
    let policyName = "create";
    if (input.creating) newValue = local.value;
    else {
      const policy = plan.policy;
      policyName = policy.name;
      let resolution: FieldResolution;
      try {
        resolution = policy.resolve({
          local: change.delta === undefined ? local : { ...local, delta: change.delta },
          server,
          context: { model, key, field, path, shape, localStamp: change.stamp, serverStamp },
        });
      } catch (error) {
        throw new CallbackFailedError({ callback: "policy", model, key, field, policy: policyName }, error);
      }
      checkResolution(resolution, { model, key, field, policy: policyName }, plan.dictionaryEntry, shape, input.context);
      if (resolution.winner === "server") {
        if (!encodedEquals(local.value, serverValue)) report.kept.push({ model, key, field, local, server, policy: policyName });
        continue;
      }
      newValue = resolution.winner === "local" ? local.value : resolution.value;
    }
    const newStamp: Stamp = serverStamp !== undefined && serverStamp > change.stamp ? serverStamp : change.stamp;
    if (encodedEquals(newValue, serverValue)) {
      if (!input.creating && !encodedEquals(local.value, serverValue)) report.kept.push({ model, key, field, local, server, policy: policyName });
      // Same value, newer stamp: record the stamp so a later, older write cannot undo it (law 15).
      if (newStamp !== serverStamp && restampWins(input.stamps, fieldKey, newStamp)) {
        stamps[fieldKey] = newStamp;
        restamped = true;
      }
      continue;
    }
    // Per-path last writer wins across embedded removals (docs/recovery.md). Only stamps decide:
    // - a sub-path newer than the removed (null) object it lives in re-creates that object
    //   empty (create) around it, in the fresh realm (this loop) or in the replacing value
    //   (newer descendants below). The other sub-fields keep the removal's value (null, or the
    //   schema default): the removal is their newest write. Taking the older values of one
    //   side instead would make the data depend on which device uploaded first (law 15).
    // - Stamps: the sub-path takes its own stamp, the object keeps the removal's. Both orders
    //   therefore end with the same stamps ({ f: removal, f/s: edit }), equal stamps are no-ops
    //   on a rerun (law 14), and a later write of `f` competes with the removal as usual.
    const newer = newerDescendants(stamps, fieldKey, newStamp, values);
    const parentMissing = path.length > 1 && !isEncodedRecord(valueAt(values, path.slice(0, -1)));
    create ??= (prefix) => emptyEmbedded(input, prefix);
    if (!setValueAt(values, path, newValue, create)) {
      report.skip({ code: "PARENT_MISSING", message: `"${formatFieldPath(path.slice(0, -1))}" is empty in the ${input.creating ? "backup" : "fresh realm"} and cannot be re-created (a required field has no value), so "${field}" has nowhere to go`, model, key, field, local });
      continue;
    }
    for (const [descendant, value] of newer) setValueAt(values, descendant, value, value === undefined ? undefined : create);
    const written = valueAt(values, path);
    // A removal that a newer sub-path outlived: the object stays (what changed in it is applied below).
    const outlived = newValue === null && written !== null && written !== undefined;
    if (outlived) report.kept.push({ model, key, field, local, server: { value: serverValue, stamp: newer.reduce((a, [, , s]) => (s > a ? s : a), newStamp) }, policy: policyName });
    if (encodedEquals(written, serverValue)) {
      if (!input.creating && !outlived && !encodedEquals(local.value, serverValue)) report.kept.push({ model, key, field, local, server, policy: policyName });
      if (newStamp !== serverStamp && restampWins(input.stamps, fieldKey, newStamp)) {
        stamps[fieldKey] = newStamp;
        restamped = true;
      }
      continue;
    }
    stamps[fieldKey] = newStamp;
    touched.add(top);
    if (!input.creating) applied.push({ model, key, field, value: outlived ? written : newValue, stamp: newStamp, previous: parentMissing ? { value: null, stamp: serverStamp } : server, policy: policyName });
  }
  return { values, stamps, touched, applied, restamped };
}

/** An empty embedded object for `prefix`: removal values, schema defaults, required fields from either side. */
function emptyEmbedded(input: MergeFieldsInput, prefix: FieldPath): Record<string, EncodedValue> | undefined {
  const shape = shapeAtPath(input.schema, prefix, input.context);
  const schema = shape?.kind === "embedded" ? input.context.schemaOf(shape.model) : undefined;
  if (schema === undefined) return undefined;
  const out: Record<string, EncodedValue> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    const inner = shapeOfProperty(property, input.context);
    if (inner === undefined) continue;
    let value: EncodedValue | undefined = inner.kind === "list" ? [] : inner.kind === "set" ? makeSet([]) : inner.kind === "dictionary" ? {} : null;
    if (property.default !== undefined) {
      try {
        value = encodeValue(property.default, inner, input.context);
      } catch {
        // an unencodable default: fall through to the values below
      }
    }
    // A required scalar without default (Realm would refuse the object): the value either side held.
    if (value === null && (inner.kind === "scalar" || inner.kind === "counter") && !inner.optional) {
      value = [valueAt(input.values, [...prefix, name]), valueAt(input.backup === undefined ? {} : backupValues(input.backup), [...prefix, name])].find((v) => v !== undefined && v !== null);
      if (value === undefined) return undefined;
    }
    out[name] = value;
  }
  return out;
}

/** The backup's top-level values a change carries (`base` and top-level `fields`). */
function backupValues(change: ObjectChange): Record<string, EncodedValue> {
  const out: Record<string, EncodedValue> = {};
  for (const [name, entry] of Object.entries(change.base ?? {})) out[name] = entry.value;
  for (const [fieldKey, entry] of Object.entries(change.fields)) {
    // A key without "/", "%" or a leading "#" is its own one-segment path (no decoding needed).
    const path = /^[^#][^/%]*$/.test(fieldKey) ? [fieldKey] : decodeFieldKey(fieldKey);
    if (path?.length === 1 && !isAbsent(entry.value)) out[path[0] as string] = entry.value;
  }
  return out;
}

/**
 * A top-level dictionary changed as a whole (its stamp is the object's creation: tracked writes
 * stamp dictionaries per key) merges per key, as dictionaries do everywhere else: concurrent
 * creates of one primary key keep the entries each creator alone set. A whole value sets its
 * keys; it does not remove keys it never held, so a server key absent here stays, and a local key
 * the server lacks is taken unless the server stamped that key itself (a removal there).
 */
function splitWholeDictionaries(input: MergeFieldsInput, entries: Entry[], serverStampOf: Map<string, Stamp | undefined>): void {
  for (let i = entries.length - 1; i >= 0; i--) {
    const { plan, change } = entries[i] as Entry;
    if (!plan.valid || plan.depth !== 1 || !isEncodedRecord(change.value) || isAbsent(change.value)) continue;
    const name = plan.top;
    if (plan.excludedTop || plan.shape?.kind !== "dictionary") continue;
    const server = input.values[name];
    if (!isEncodedRecord(server)) continue;
    const split: Entry[] = [];
    for (const [entryKey, value] of Object.entries(change.value)) {
      const subPath = [name, entryKey];
      const fieldKey = encodeFieldKey(subPath);
      if (Object.prototype.hasOwnProperty.call(input.fields, fieldKey)) continue; // its own change is merged on its own
      const own = input.stamps[fieldKey];
      // A later fresh generation removed every entry of the older one: its `#created` counts (laws 8, 13).
      const stamped = (own !== undefined && isStamp(own)) || Object.prototype.hasOwnProperty.call(server, entryKey) || input.olderGeneration === true;
      serverStampOf.set(fieldKey, stamped ? effectiveStamp(input.stamps, subPath) : undefined);
      split.push({ plan: input.plan.field(fieldKey), change: { value, stamp: change.stamp } });
    }
    entries.splice(i, 1, ...split);
  }
}

const RESOLUTION = '{ winner: "local" } | { winner: "server" } | { winner: "merged", value }';

/** Validates what a policy returned (issue 13: a forgotten `return` must not null a field). @throws InvalidCallbackResultError */
function checkResolution(resolution: unknown, site: { model: string; key: string; field: string; policy: string }, dictionaryEntry: boolean, shape: ValueShape, context: CodecContext): asserts resolution is FieldResolution {
  const fail = (expected: string, result: unknown): never => {
    throw new InvalidCallbackResultError({ callback: "policy", ...site }, result, expected);
  };
  if (typeof resolution !== "object" || resolution === null) return fail(RESOLUTION, resolution);
  const winner = (resolution as { winner?: unknown }).winner;
  if (winner === "local" || winner === "server") return;
  if (winner !== "merged") return fail(RESOLUTION, resolution);
  if (!("value" in resolution)) return fail(`${RESOLUTION}: "merged" needs a value (null to clear the field)`, resolution);
  const value = (resolution as { value: unknown }).value;
  if (value === undefined) {
    if (dictionaryEntry) return; // removes the entry
    return fail(`a value for "${site.field}" (a resolver returning undefined removes only dictionary entries; return null to clear the field, or local / server)`, value);
  }
  const notJson = jsonProblem(value);
  if (notJson !== undefined) fail(`an encoded (JSON) value, as the resolver received them (got ${notJson}; see docs/recovery.md, "Values in reports and policies")`, value);
  const problem = valueProblem(value as EncodedValue, shape, context);
  if (problem !== undefined) fail(`a value that fits the field (got ${problem})`, value);
}

/** Why `value` is not JSON data (plain records and arrays, finite numbers, strings, booleans, null), or `undefined`. */
function jsonProblem(value: unknown): string | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `the number ${String(value)}`;
  if (typeof value !== "object") return `a ${typeof value}`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return `a ${(value as { constructor?: { name?: string } }).constructor?.name ?? "non-plain"} object`;
  for (const item of Object.values(value)) {
    const problem = jsonProblem(item);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Sub-paths of `fieldKey` stamped after `stamp`, with their values and stamps: a whole replacement must not undo them. */
function newerDescendants(stamps: Readonly<Record<string, string>>, fieldKey: string, stamp: Stamp, values: Readonly<Record<string, EncodedValue>>): [FieldPath, EncodedValue | undefined, Stamp][] {
  const out: [FieldPath, EncodedValue | undefined, Stamp][] = [];
  const prefix = `${fieldKey}/`;
  for (const other in stamps) {
    if (!other.startsWith(prefix)) continue;
    const otherStamp = stamps[other] as string;
    if (!(otherStamp > stamp) || !isStamp(otherStamp)) continue;
    const path = decodeFieldKey(other);
    if (path !== undefined) out.push([path, valueAt(values, path), otherStamp]);
  }
  return out;
}
