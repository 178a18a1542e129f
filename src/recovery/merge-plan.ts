// planMerge: the pure core of recovery. Reads a changeset and a FreshView, returns the
// operations to apply and the report, as plain data (laws 8–13, 18). Nothing is written here.
import { DEFAULT_MAX_DRIFT, MAX_STAMP_MILLIS, isStamp, maxStamp, stampAt, stampMillis } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import { checkPolicies, deletePolicyFor } from "../policies/select-policy.js";
import type { MergePolicies } from "../policies/types.js";
import type { ObjectSchemaLike } from "../realm-like.js";
import { CREATED_KEY, GENERATION_KEY, encodeFieldKey } from "../schema/field-keys.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { TrackingOptions } from "../schema/tracking-options.js";
import type { Changeset, FieldChange, ObjectChange, TombstoneChange } from "./changeset.js";
import type { FreshObject, FreshRead, FreshTombstone, FreshView } from "./fresh-view.js";
import { codecContext } from "./fresh-view.js";
import { DriftGate } from "./drift-gate.js";
import { ModelPlans } from "./field-plans.js";
import type { CreateOperation, MergeOperation, UpdateOperation } from "./merge-operations.js";
import { mergeFields } from "./merge-fields.js";
import type { MergeFieldsResult } from "./merge-fields.js";
import { mergeIncrements } from "./merge-increments.js";
import { primaryKeyProblem } from "./primary-key-check.js";
import { canHoldLinks, pruneObject } from "./prune-links.js";
import type { DroppedLink } from "./prune-links.js";
import { InvalidOptionError } from "../errors.js";
import { ReportBuilder } from "./report.js";
import { CallbackFailedError, InvalidCallbackResultError } from "./user-code-errors.js";
import type { AppliedField, KeptField, RecoveryReport } from "./report.js";
import { newestStamp, valueAt } from "./stamped-paths.js";
import { encodedEquals, shapeOfProperty, valueProblem } from "./value-codec.js";
import type { CodecContext, EncodedValue } from "./value-codec.js";

/** What a write is, for `canWrite`. */
export interface CanWriteContext {
  /** Encoded primary key. */
  readonly key: string;
  readonly operation: "create" | "update" | "delete";
}

/** Why the server would refuse a write: the Flutter seed's two cases, or the app's own text. */
export type DenialReason = "outside subscription" | "denied by permission" | (string & {});

/** `true`: write it. `false` (reason "denied by permission") or `{ reason }`: the server would revert it. */
export type WriteVerdict = boolean | { readonly reason: DenialReason };

/**
 * Decides whether the server would accept a write (permissions, subscriptions). A refusal skips
 * the object and reports it as `DENIED` with its reason, instead of letting the server revert it
 * (unless the reason is listed in `writeAnyway`). `object` is the object's values after the merge, encoded.
 */
export type CanWrite = (model: string, object: Readonly<Record<string, EncodedValue>>, context: CanWriteContext) => WriteVerdict;

/** Options of `planMerge`. */
export interface PlanMergeOptions {
  readonly changeset: Changeset;
  readonly fresh: FreshView;
  /** @default { default: lastWriterWins, delete: "deleteWins" } */
  readonly policies?: MergePolicies;
  /** @default () => true */
  readonly canWrite?: CanWrite;
  /**
   * Refusal reasons written anyway: the server may revert them (watch compensating writes);
   * they are listed in `report.writtenAnyway`.
   * @default []
   */
  readonly writeAnyway?: readonly DenialReason[];
  /**
   * Wall clock for the drift check of stamps.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * How far in the future (ms) a stamp may lie before its field is skipped.
   * @default 300_000
   */
  readonly maxDrift?: number;
  /** Names used by tracking. @default { timestampsProperty: "fieldTimestamps", tombstoneModel: "FieldRecoveryTombstone" } */
  readonly tracking?: TrackingOptions;
  /**
   * Throw `RecoverySkippedError` at the first skip instead of reporting it.
   * @default false
   */
  readonly strict?: boolean;
  /** Marks the report as a dry run. @default false */
  readonly dryRun?: boolean;
}

/** The plan: operations in apply order (tombstones and deletes, creates, updates) and the report. */
export interface MergePlan {
  readonly operations: readonly MergeOperation[];
  readonly report: RecoveryReport;
}

const idOf = (model: string, key: string): string => `${model}\u0000${key}`;

/** What a whole-object skip carries: the unsynced change it did not recover (issue 13: the report keeps every skipped value). */
type Carried = { readonly object: ObjectChange } | { readonly tombstone: TombstoneChange };

/** Plans the merge of `changeset` into the fresh realm seen through `fresh`. */
export function planMerge(options: PlanMergeOptions): MergePlan {
  return planMergeUsing(options, true);
}

/** An update planned for an object, before canWrite and link pruning. `merged.values`: the object's values after the merge (read for canWrite only). */
interface PlannedUpdate {
  readonly op: UpdateOperation;
  readonly merged: MergeFieldsResult;
  readonly change: ObjectChange;
  readonly existing: FreshObject;
}

/**
 * The working state of one planMerge. An object literal with the per-object steps as
 * module functions taking it (not closures made per call, nor a class): V8 keeps the
 * compiled steps across merges only then (closures made per call are compiled again for each
 * call; keep-shape.ts says why classes need care).
 */
interface Planner {
  readonly fresh: FreshView;
  readonly policies: MergePolicies | undefined;
  readonly report: ReportBuilder;
  readonly canWrite: CanWrite | undefined;
  readonly writeAnyway: ReadonlySet<string>;
  readonly context: CodecContext;
  readonly drift: DriftGate;
  readonly plans: ModelPlans;
  readonly hasTombstoneModel: boolean;
  readonly simplePath: boolean;
  readonly deleted: Set<string>;
  readonly createdIds: Set<string>;
  readonly tombstones: Map<string, FreshTombstone>;
  readonly removals: MergeOperation[];
  readonly creates: { op: CreateOperation; change: ObjectChange }[];
  readonly updates: PlannedUpdate[];
}

/**
 * `planMerge`; `simplePath: false` never takes the lean loop for simple fields
 * (merge-simple-fields.ts), so tests can check that both loops plan the same.
 * @internal
 */
export function planMergeUsing(options: PlanMergeOptions, simplePath: boolean): MergePlan {
  const { changeset, fresh, policies } = options;
  checkPolicies(policies);
  const tracking = resolveTrackingOptions(options.tracking);
  const report = new ReportBuilder(options.strict === true);
  const now = options.now ?? Date.now;
  const maxDrift = options.maxDrift ?? DEFAULT_MAX_DRIFT;
  checkSince(changeset.since, now, maxDrift);
  const canWrite = options.canWrite;
  const context = codecContext(fresh.schema);
  const p: Planner = {
    fresh,
    policies,
    report,
    canWrite,
    writeAnyway: new Set<string>(options.writeAnyway ?? []),
    context,
    drift: new DriftGate(now, maxDrift),
    plans: new ModelPlans(context, tracking, policies),
    hasTombstoneModel: context.schemaOf(tracking.tombstoneModel) !== undefined,
    simplePath,
    deleted: new Set<string>(),
    createdIds: new Set<string>(),
    tombstones: new Map<string, FreshTombstone>(),
    removals: [],
    creates: [],
    updates: [],
  };
  const { deleted, createdIds } = p;

  for (const problem of changeset.problems ?? []) report.skip(problem);

  // 1. Local deletes (law 11), first: a re-create of the same key (later generation) follows.
  for (const tombstone of changeset.tombstones) planTombstone(p, tombstone);

  // 2. Objects with unsynced fields (laws 8–10).
  const objects = changeset.objects;
  for (let i = 0; i < objects.length; i++) planObject(p, objects[i] as ObjectChange);

  // 3. canWrite on creates, then links to targets missing after the merge (law 12).
  const allowedCreates: CreateOperation[] = [];
  for (const { op, change } of p.creates) {
    const reason = canWrite === undefined ? undefined : denial(p, op.model, op.values, { key: op.key, operation: "create" });
    if (reason === undefined) {
      allowedCreates.push(op);
      continue;
    }
    createdIds.delete(idOf(op.model, op.key));
    report.skip({ code: "DENIED", reason, message: `${reason}: the object was not recreated`, model: op.model, key: op.key, object: change });
  }
  const exists = (model: string, key: string): boolean => createdIds.has(idOf(model, key)) || (!deleted.has(idOf(model, key)) && context.schemaOf(model) !== undefined && fresh.has(model, key));
  /** Prunes dangling links; a model that cannot hold links (none in its fields) is passed through as is. */
  const linkFree = new Map<string, boolean>();
  const pruned = (model: string, values: Readonly<Record<string, EncodedValue>>, dropped: DroppedLink[]): Readonly<Record<string, EncodedValue>> => {
    const schema = context.schemaOf(model) as ObjectSchemaLike;
    let free = linkFree.get(model);
    if (free === undefined) linkFree.set(model, (free = !canHoldLinks(schema, context)));
    return free ? values : pruneObject(values, schema, "", context, exists, dropped);
  };
  const finalCreates = allowedCreates.map((op): CreateOperation => {
    const dropped: DroppedLink[] = [];
    const values = pruned(op.model, op.values, dropped);
    reportDropped(report, op.model, op.key, dropped);
    report.created.push({ model: op.model, key: op.key, generation: generationFromStamps(op.stamps) });
    return values === op.values ? op : { kind: "create", model: op.model, key: op.key, values, stamps: op.stamps };
  });
  const operations: MergeOperation[] = [...p.removals, ...finalCreates];
  const updates = p.updates;
  for (let i = 0; i < updates.length; i++) {
    const { op, merged, change, existing } = updates[i] as PlannedUpdate;
    let dropped: DroppedLink[] | undefined;
    let values = op.values;
    let applied: readonly AppliedField[] = merged.applied;
    // A model that cannot hold links keeps its values as they are (no list of dropped links made).
    if (linkFree.get(op.model) !== true) {
      dropped = [];
      values = pruned(op.model, op.values, dropped);
      if (dropped.length > 0) {
        // The report shows what is written: the pruned value. A field pruned back to what the
        // fresh realm holds is not written, and not applied (a second run must apply nothing, law 14).
        ({ values, applied } = afterPruning(values, applied, existing.values));
        if (Object.keys(values).length === 0 && sameStamps(op.stamps, existing.stamps)) {
          reportDropped(report, op.model, op.key, dropped);
          continue;
        }
      }
    }
    const reason = canWrite === undefined ? undefined : denial(p, op.model, { ...merged.values, ...values }, { key: op.key, operation: "update" });
    if (reason !== undefined) {
      report.skip({ code: "DENIED", reason, message: `${reason}: ${applied.length} field(s) not written`, model: op.model, key: op.key, object: change });
      continue;
    }
    if (dropped !== undefined) reportDropped(report, op.model, op.key, dropped);
    for (let j = 0; j < applied.length; j++) report.applied.push(applied[j] as AppliedField);
    operations.push(values === op.values ? op : { kind: "update", model: op.model, key: op.key, values, stamps: op.stamps });
  }

  flagServerStampsAhead(report, now, maxDrift);
  return { operations, report: report.build(options.dryRun === true) };
}

/** The reason a write is refused, or `undefined` when it is to be written. Callers skip it (and building `object`) when there is no canWrite: everything is written. */
function denial(p: Planner, model: string, object: Readonly<Record<string, EncodedValue>>, context: CanWriteContext): DenialReason | undefined {
  const canWrite = p.canWrite;
  if (canWrite === undefined) return undefined;
  let verdict: WriteVerdict;
  try {
    verdict = canWrite(model, object, context);
  } catch (error) {
    throw new CallbackFailedError({ callback: "canWrite", model, key: context.key }, error);
  }
  if (verdict === true) return undefined;
  if (verdict !== false && (typeof verdict !== "object" || verdict === null || typeof (verdict as { reason?: unknown }).reason !== "string")) {
    throw new InvalidCallbackResultError({ callback: "canWrite", model, key: context.key }, verdict, `true, false or { reason: string } (for the ${context.operation})`);
  }
  const reason = verdict === false ? "denied by permission" : verdict.reason;
  if (!p.writeAnyway.has(reason)) return reason;
  p.report.writtenAnyway.push({ model, key: context.key, operation: context.operation, reason });
  return undefined;
}

function tombstoneOf(p: Planner, model: string, key: string): FreshTombstone | undefined {
  return (p.tombstones.size === 0 ? undefined : p.tombstones.get(idOf(model, key))) ?? p.fresh.tombstone(model, key);
}

/** What a whole-object skip or error carries: the change itself, or the delete. */
function carriedOf(source: ObjectChange | TombstoneChange): Carried {
  return "fields" in source ? { object: source } : { tombstone: source };
}

/** The fresh object (`undefined`: absent), or `null` when it cannot be read: recorded as an error, the entry is left out. */
function readFresh(p: Planner, model: string, key: string, source: ObjectChange | TombstoneChange, read?: FreshRead): FreshObject | undefined | null {
  try {
    return p.deleted.size > 0 && p.deleted.has(idOf(model, key)) ? undefined : p.fresh.object(model, key, read);
  } catch (error) {
    p.report.errors.push({ code: (error as { code?: string }).code ?? "UNREADABLE", message: `cannot read the fresh object: ${(error as Error).message}`, model, key, ...carriedOf(source) });
    return null;
  }
}

/** The fresh model of an entry, or a reported skip (its message says what of `source` is not recovered). */
function modelFor(p: Planner, model: string, key: string, source: ObjectChange | TombstoneChange): ObjectSchemaLike | undefined {
  const schema = p.plans.of(model).schema;
  if (schema !== undefined && schema.embedded !== true && schema.asymmetric !== true) {
    const keyProblem = primaryKeyProblem(key, schema);
    if (keyProblem === undefined) return schema;
    p.report.skip({ code: schema.primaryKey === undefined ? "NO_PRIMARY_KEY" : "MALFORMED_KEY", message: `${keyProblem}; ${notRecovered(source)} not recovered`, model, key, ...carriedOf(source) });
    return undefined;
  }
  const message =
    schema === undefined ? `the fresh schema has no model "${model}" (removed or renamed); ${notRecovered(source)} not recovered` : `model "${model}" is ${schema.embedded === true ? "embedded" : "asymmetric"} in the fresh schema; ${notRecovered(source)} not recovered`;
  p.report.skip({ code: schema === undefined ? "MODEL_MISSING" : "NO_PRIMARY_KEY", message, model, key, ...carriedOf(source) });
  return undefined;
}

/** What a skip of the whole entry does not recover, for its message. */
function notRecovered(source: ObjectChange | TombstoneChange): string {
  return "fields" in source ? `${Object.keys(source.fields).length} changed field(s)` : "the delete is";
}

function reportDropped(report: ReportBuilder, model: string, key: string, dropped: readonly DroppedLink[]): void {
  for (const link of dropped) {
    report.skip({ code: "LINK_TARGET_MISSING", message: `link to "${link.target.model}" ${link.target.key} removed: the target does not exist after the merge (deleted on the server or not recovered)`, model, key, field: link.field, local: { value: { $link: link.target }, stamp: undefined } });
  }
}

function planTombstone(p: Planner, tombstone: TombstoneChange): void {
  const { model, key, stamp, generation } = tombstone;
  const { report, removals, hasTombstoneModel } = p;
  const carried: Carried = { tombstone };
  const stampError = p.drift.check(stamp);
  if (stampError !== undefined) {
    report.skip({ code: stampError.code, message: `delete not recovered: ${stampError.message}`, model, key, ...carried });
    return;
  }
  if (modelFor(p, model, key, tombstone) === undefined) return;
  const existing = readFresh(p, model, key, tombstone);
  if (existing === null) return;
  const known = tombstoneOf(p, model, key);
  // This delete is newer than the fresh tombstone of the key (or there is none).
  const supersedes = known === undefined || known.generation < generation || (known.generation === generation && known.stamp < stamp);
  const record = (): void => {
    if (hasTombstoneModel && supersedes) {
      removals.push({ kind: "tombstone", model, key, stamp, generation });
    }
    p.tombstones.set(idOf(model, key), known !== undefined && known.generation > generation ? known : { stamp, generation });
  };
  if (existing === undefined) {
    record();
    return;
  }
  if (existing.generation > generation) {
    const replaces = hasTombstoneModel && known !== undefined && supersedes;
    report.skip({ code: "STALE_GENERATION", message: `the local delete (generation ${generation}) is older than the server's re-created object (generation ${existing.generation}); it stays${replaces ? "; its tombstone replaces the server's older one" : ""}`, model, key, ...carried });
    // Keep the newest tombstone of that generation, whatever the upload order (law 15). With no
    // fresh tombstone there is none to keep: a tombstone older than the live generation is never
    // read, and writing it would make a second run write what the first did not (law 14).
    if (known !== undefined) record();
    return;
  }
  const newestFresh = newestStamp(existing.stamps);
  if (p.plans.of(model).deletePolicy === "updateWins" && newestFresh !== undefined && newestFresh > stamp) {
    report.skip({ code: "UPDATED_ON_SERVER", message: `the server edited the object after the local delete (${newestFresh} > ${stamp}); kept under "updateWins"`, model, key, ...carried });
    return;
  }
  const values = existing.values;
  const reason = p.canWrite === undefined ? undefined : denial(p, model, values, { key, operation: "delete" });
  if (reason !== undefined) {
    report.skip({ code: "DENIED", reason, message: `${reason}: the delete was not applied; the object stays`, model, key, ...carried });
    return;
  }
  removals.push({ kind: "delete", model, key });
  p.deleted.add(idOf(model, key));
  // deleteWins over a newer server edit: the delete wins, and the report keeps what it removed.
  report.deleted.push(newestFresh !== undefined && newestFresh > stamp ? { model, key, generation, stamp, overwritten: { newestStamp: newestFresh, values } } : { model, key, generation, stamp });
  record();
}

function planObject(p: Planner, change: ObjectChange): void {
  const { model, key } = change;
  const report = p.report;
  // `#created` stamps every field of the object (their effective stamps are at least it): one far in the future skips them all.
  const createdError = change.created === null ? undefined : p.drift.check(change.created);
  if (createdError !== undefined) {
    report.skip({ code: createdError.code, message: `the creation stamp is not usable: ${createdError.message}; the object's edits are not recovered`, model, key, object: change });
    return;
  }
  const schema = modelFor(p, model, key, change);
  if (schema === undefined) return;
  const plan = p.plans.of(model);
  // Only what the decision needs (fresh-read.ts), unless canWrite reads the whole object.
  let existing = readFresh(p, model, key, change, p.canWrite === undefined ? plan.freshRead(change) : undefined);
  // A later generation replaces the fresh object and all its stamps: read it whole.
  if (existing?.partial === true && change.generation > existing.generation) existing = readFresh(p, model, key, change);
  if (existing === null) return;
  const deletePolicy = plan.deletePolicy;

  if (existing !== undefined) {
    if (existing.generation > change.generation && deletePolicy === "deleteWins") {
      report.skip({ code: "STALE_GENERATION", message: `edits to generation ${change.generation}, but the server deleted it and re-created generation ${existing.generation}`, model, key, object: change });
      return;
    }
    // A later generation replaces an incarnation its device saw deleted: the dead object's
    // stamps must not compete with it (they may be newer under clock skew).
    const replacing = change.generation > existing.generation;
    // Inputs written out, not spread from a shared base: `{ ...base, more }` takes V8's slow path.
    const { context, drift, simplePath } = p;
    const merged = mergeFields({ model, key, schema, plan, context, drift, report, values: existing.values, stamps: replacing ? {} : existing.stamps, fields: change.fields, backup: change, creating: false, replacing, olderGeneration: existing.generation > change.generation, simplePath });
    const increments = change.increments === undefined ? undefined : mergeIncrements({ model, key, schema, context, report, drift, increments: change.increments, values: merged.values, stamps: merged.stamps, taken: merged.touched, creating: false, recordable: plan.recordable, applied: merged.applied });
    if (increments !== undefined) for (const field of increments.touched) merged.touched.add(field);
    if (replacing) {
      // A re-create after a delete this device had seen: its generation takes over.
      if (change.created !== null) merged.stamps[CREATED_KEY] = change.created;
      merged.stamps[GENERATION_KEY] = String(change.generation);
    }
    // The lean loop's written values are its touched fields (no Set made for the question).
    const untouched = increments === undefined && merged.written !== undefined ? isEmpty(merged.written) : merged.touched.size === 0;
    if (untouched && !merged.restamped && increments?.restamped !== true && !replacing) return;
    let values = increments === undefined ? merged.written : undefined;
    if (values === undefined) {
      values = {};
      for (const field of merged.touched) values[field] = merged.values[field] ?? null;
    }
    p.updates.push({ op: { kind: "update", model, key, values, stamps: merged.stamps }, merged, change, existing });
    return;
  }

  let generation = change.generation;
  const tombstone = tombstoneOf(p, model, key);
  if (tombstone !== undefined && tombstone.generation >= change.generation) {
    let newestLocal: Stamp | undefined = change.created ?? undefined;
    for (const fieldKey in change.fields) newestLocal = maxStamp(newestLocal, (change.fields[fieldKey] as FieldChange).stamp);
    const newer = newestLocal !== undefined && newestLocal > tombstone.stamp;
    if (deletePolicy === "deleteWins" || !newer) {
      report.skip({ code: "DELETED_ON_SERVER", message: `deleted on the server (tombstone ${tombstone.stamp}, generation ${tombstone.generation})${deletePolicy === "deleteWins" ? ' and the delete policy is "deleteWins"' : " before the local edits"}; local edits not recovered`, model, key, object: change });
      return;
    }
    generation = tombstone.generation + 1;
  }
  planCreate(p, change, schema, generation);
}

function planCreate(p: Planner, change: ObjectChange, schema: ObjectSchemaLike, generation: number): void {
  const { model, key } = change;
  const { report, context, drift } = p;
  const plan = p.plans.of(model);
  const excluded = plan.excluded;
  const values: Record<string, EncodedValue> = {};
  const stamps: Record<string, Stamp> = {};
  for (const [field, entry] of Object.entries(change.base ?? {})) {
    const property = excluded.has(field) ? undefined : schema.properties[field];
    const shape = property === undefined ? undefined : shapeOfProperty(property, context);
    const problem = shape === undefined ? `the fresh schema of "${model}" has no field "${field}"` : valueProblem(entry.value, shape, context);
    if (problem !== undefined) {
      if (!excluded.has(field)) report.skip({ code: shape === undefined ? "FIELD_MISSING" : "TYPE_MISMATCH", message: `unchanged field not recreated: ${problem}`, model, key, field, local: { value: entry.value, stamp: entry.stamp ?? undefined } });
      continue;
    }
    values[field] = entry.value;
    if (entry.stamp !== null) stamps[encodeFieldKey([field])] = entry.stamp;
  }
  const merged = mergeFields({ model, key, schema, plan, context, drift, report, values, stamps, fields: change.fields, creating: true });
  mergeIncrements({ model, key, schema, context, report, drift, increments: change.increments ?? {}, values: merged.values, stamps: merged.stamps, taken: merged.touched, creating: true, recordable: plan.recordable, applied: [] });
  const missing = missingRequired(schema, merged.values, excluded, context);
  if (missing.length > 0) {
    report.skip({ code: "INCOMPLETE_OBJECT", message: `cannot recreate the object: required field(s) ${missing.map((m) => `"${m}"`).join(", ")} have no value in the backup`, model, key, object: change });
    return;
  }
  // Not created after `since`: the creation is older than every field stamp. `#created` covers
  // every field, so take the oldest field stamp; the newest would make old values look new.
  const created = change.created ?? oldestFieldStamp(merged.stamps);
  if (created !== undefined) merged.stamps[CREATED_KEY] = created;
  if (generation > 1) merged.stamps[GENERATION_KEY] = String(generation);
  p.creates.push({ op: { kind: "create", model, key, values: merged.values, stamps: merged.stamps }, change });
  p.createdIds.add(idOf(model, key));
}

/**
 * A checkpoint further in the future than the drift bound would count every edit as synced and
 * recover nothing without a word: refused, saying what to do.
 */
function checkSince(since: Stamp | null, now: () => number, maxDrift: number): void {
  if (since === null || !isStamp(since)) return;
  const ahead = stampMillis(since) - now();
  if (ahead <= maxDrift) return;
  throw new InvalidOptionError(
    `The checkpoint since ${since} lies ${Math.round(ahead / 1000)} s in the future, beyond maxDrift (${maxDrift} ms): every edit would count as synced and nothing would be recovered. ` +
      `It was captured by a clock that ran ahead, or it is not this backup's checkpoint: run a full merge (since: null), or fix the clock and raise maxDrift`,
  );
}

/**
 * Marks kept and applied entries whose fresh-side stamp lies beyond the drift bound: such a
 * stamp silently beats every recovered edit, so the report says so (`serverStampAheadBy`).
 */
function flagServerStampsAhead(report: ReportBuilder, now: () => number, maxDrift: number): void {
  if (report.kept.length === 0 && report.applied.length === 0) return;
  const wall = now();
  // A stamp can be ahead by more than maxDrift only from millisecond `lowest` on (one below the
  // bound, for rounding): stamps sort like their milliseconds, so one string comparison rules
  // out the rest before the exact test below. None can be when `lowest` is past every stamp.
  const lowest = typeof wall === "number" && typeof maxDrift === "number" ? Math.floor(wall + maxDrift) - 1 : Number.NEGATIVE_INFINITY;
  if (Number.isNaN(lowest) || lowest > MAX_STAMP_MILLIS) return;
  const candidate = lowest <= 0 ? "" : stampAt(lowest);
  const { kept, applied } = report;
  for (let i = 0; i < kept.length; i++) {
    const entry = kept[i] as KeptField;
    const ahead = aheadBy(entry.server.stamp, candidate, wall, maxDrift);
    if (ahead !== undefined) kept[i] = { ...entry, serverStampAheadBy: ahead };
  }
  for (let i = 0; i < applied.length; i++) {
    const entry = applied[i] as AppliedField;
    const ahead = aheadBy(entry.previous.stamp, candidate, wall, maxDrift);
    if (ahead !== undefined) applied[i] = { ...entry, serverStampAheadBy: ahead };
  }
}

/** How far `stamp` lies beyond `wall + maxDrift` (ms), or `undefined`; `candidate` is the lowest stamp that can. */
function aheadBy(stamp: Stamp | undefined, candidate: string, wall: number, maxDrift: number): number | undefined {
  if (stamp === undefined || stamp < candidate || !isStamp(stamp)) return undefined;
  const ahead = stampMillis(stamp) - wall;
  return ahead > maxDrift ? ahead : undefined;
}

/** The update's values without fields pruned back to the fresh value, and the applied entries with the values written. */
function afterPruning(values: Readonly<Record<string, EncodedValue>>, applied: readonly AppliedField[], fresh: Readonly<Record<string, EncodedValue>>): { values: Record<string, EncodedValue>; applied: AppliedField[] } {
  const kept: Record<string, EncodedValue> = {};
  for (const [name, value] of Object.entries(values)) if (!encodedEquals(value, fresh[name] ?? null)) kept[name] = value;
  const after: Record<string, EncodedValue> = { ...fresh, ...kept };
  const entries: AppliedField[] = [];
  for (const entry of applied) {
    const path = entry.field.split(".");
    if (!Object.prototype.hasOwnProperty.call(kept, path[0] as string)) continue;
    const written = valueAt(after, path);
    if (encodedEquals(written, entry.previous.value)) continue;
    entries.push(encodedEquals(written, entry.value) ? entry : { ...entry, value: written });
  }
  return { values: kept, applied: entries };
}

function isEmpty(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return false;
  return true;
}

function sameStamps(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function oldestFieldStamp(stamps: Readonly<Record<string, string>>): Stamp | undefined {
  let oldest: Stamp | undefined;
  for (const [key, stamp] of Object.entries(stamps)) {
    if (!key.startsWith("#") && isStamp(stamp) && (oldest === undefined || stamp < oldest)) oldest = stamp;
  }
  return oldest;
}

function generationFromStamps(stamps: Readonly<Record<string, string>>): number {
  const text = stamps[GENERATION_KEY];
  return text === undefined ? 1 : Number(text);
}

/** Required scalar fields without a value or schema default (creating would throw in Realm). */
function missingRequired(schema: ObjectSchemaLike, values: Readonly<Record<string, EncodedValue>>, excluded: ReadonlySet<string>, context: CodecContext): string[] {
  const missing: string[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    if (excluded.has(name) || property.default !== undefined) continue;
    const shape = shapeOfProperty(property, context);
    if (shape === undefined || !(shape.kind === "scalar" || shape.kind === "counter") || shape.optional) continue;
    const value = values[name];
    if (value === undefined || value === null) missing.push(name);
  }
  return missing;
}
