// applyChanges: plans the merge over the live fresh realm, then performs every operation in
// ONE write transaction (law 16): deletes and tombstones, creates, then links and updates.
import { FieldRecoveryError } from "../errors.js";
import type { ObjectSchemaLike, PropertySchemaLike, RealmLike, RealmObjectLike } from "../realm-like.js";
import { newestStampMillisOf, newestStampMillisOfRecord, raiseNewestStamp } from "../schema/newest-stamp.js";
import { decodePrimaryKey } from "../schema/primary-key.js";
import { resolveTracking } from "../schema/tracking-config.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { Changeset } from "./changeset.js";
import { parseChangeset } from "./changeset.js";
import type { RecoveryProgress } from "./collect-unsynced-changes.js";
import { codecContext, realmFreshView } from "./fresh-view.js";
import type { LiveFreshObject } from "./fresh-view.js";
import { namedStore } from "../tracking/named-store.js";
import { removeEntry } from "../tracking/write-field.js";
import { isPlainRecord } from "../utils/dictionary.js";
import { keepShape } from "../utils/keep-shape.js";
import type { MergeOperation } from "./merge-operations.js";
import { planMerge } from "./merge-plan.js";
import type { PlanMergeOptions } from "./merge-plan.js";
import type { RecoveryReport } from "./report.js";
import { CallbackFailedError, callUserCode } from "./user-code-errors.js";
import { decodeValue, linkOf, shapeOfProperty } from "./value-codec.js";
import type { CodecContext, EncodedValue, ValueShape } from "./value-codec.js";

/** Options of `applyChanges`. */
export interface ApplyOptions extends Omit<PlanMergeOptions, "changeset" | "fresh"> {
  /** Called once per phase, and every 1,000 operations while applying. */
  readonly onProgress?: (progress: RecoveryProgress) => void;
}

/** Thrown when the write transaction fails; nothing was written (code `RECOVERY_APPLY_FAILED`). */
export class RecoveryApplyError extends FieldRecoveryError {
  constructor(operation: MergeOperation, cause: unknown) {
    super(
      "RECOVERY_APPLY_FAILED",
      `Recovery failed while applying a ${operation.kind} and was rolled back, so the fresh realm is unchanged: ${(cause as Error)?.message ?? String(cause)}. The backup is untouched; fix the cause and run the recovery again`,
      { model: operation.model, objectKey: operation.key },
      { cause },
    );
  }
}

/**
 * What `recoverUnsyncedChanges` passes beside the options (not public).
 * @internal
 */
export interface ApplyInternals {
  /** The changeset comes straight from extraction: its shape is not checked again. */
  readonly trusted?: boolean;
  /** Called when the plan finds no fresh object for a key, before it may re-create it (the lazy base). */
  readonly onMissing?: (model: string, key: string) => void;
}

/**
 * Merges `changeset` into `fresh` and returns the report. With `dryRun`, writes nothing.
 * Idempotent: a second run finds every stamp equal and applies nothing.
 * @throws RecoveryApplyError if the write fails (rolled back); RecoverySkippedError in strict mode.
 */
export function applyChanges(fresh: RealmLike, changeset: Changeset, options: ApplyOptions = {}): RecoveryReport {
  return applyChangesWith(fresh, changeset, options, {});
}

/**
 * `applyChanges` with what `recoverUnsyncedChanges` passes beside the options.
 * @internal
 */
export function applyChangesWith(fresh: RealmLike, changeset: Changeset, options: ApplyOptions, internals: ApplyInternals): RecoveryReport {
  const checked = internals.trusted === true ? changeset : parseChangeset(changeset);
  const tracking = resolveTrackingOptions(options.tracking);
  // What the plan read of each fresh object: an update then writes only the stamp entries that
  // differ (on real Realm, assigning a whole dictionary clears it and re-inserts every entry),
  // on the object and dictionary the plan found (no second lookup).
  const read = new PlanReads();
  const view = realmFreshView(fresh, tracking, { onRead: (model, key, found, live) => read.set(model, key, { stamps: found.stamps, partial: found.partial === true, live }), ...(internals.onMissing === undefined ? {} : { onMissing: internals.onMissing }) });
  const plan = planMerge({ ...options, changeset: checked, fresh: view });
  const onProgress = options.onProgress;
  /** Progress, with a throw wrapped (inside the write it rolls everything back: the run stays atomic). */
  const progress = onProgress === undefined ? undefined : (update: RecoveryProgress): void => callUserCode({ callback: "onProgress" }, () => onProgress(update));
  progress?.({ phase: "plan", done: plan.operations.length });
  if (options.dryRun === true || plan.operations.length === 0) return plan.report;

  const context = codecContext(fresh.schema);
  const shapes = new FieldShapes(context);
  const find = (model: string, key: string): RealmObjectLike | null => fresh.objectForPrimaryKey(model, decodePrimaryKey(key, model));
  const resolveLink = (model: string, key: string): unknown => find(model, key);
  // The newest-stamp counter of each fresh model that has one (format 2): stamps written here raise it.
  const models = resolveTracking(fresh, options.tracking).models;
  let current: MergeOperation | undefined;
  try {
    fresh.write(() => {
      const deferred: { object: RealmObjectLike; schema: ObjectSchemaLike; values: Readonly<Record<string, EncodedValue>> }[] = [];
      let done = 0;
      const step = (op: MergeOperation): void => {
        current = op;
        if (++done % 1000 === 0) progress?.({ phase: "apply", done });
      };
      const operations = plan.operations;
      // Index loops and `for…in` (no iterator or entries array per operation): this runs once per changed object.
      for (let i = 0; i < operations.length; i++) {
        const op = operations[i] as MergeOperation;
        step(op);
        const schema = context.schemaOf(op.model) as ObjectSchemaLike;
        switch (op.kind) {
          case "delete": {
            const object = find(op.model, op.key);
            if (object !== null) fresh.delete(object);
            break;
          }
          case "tombstone":
            fresh.create(tracking.tombstoneModel, { _id: `${op.model}/${op.key}`, model: op.model, key: op.key, stamp: op.stamp, generation: op.generation }, "modified");
            break;
          case "create": {
            // Fields holding links wait until every object exists (links to objects created here).
            const now: Record<string, EncodedValue> = {};
            const later: Record<string, EncodedValue> = {};
            for (const [name, value] of Object.entries(op.values)) (containsLink(value) ? later : now)[name] = value;
            const values = decodeFields(now, schema, context, () => null);
            values[schema.primaryKey as string] = decodePrimaryKey(op.key, op.model);
            if (schema.properties[tracking.timestampsProperty] !== undefined) values[tracking.timestampsProperty] = { ...op.stamps };
            const created = models.get(op.model)?.newestStampProperty;
            if (created !== undefined) values[created] = newestStampMillisOfRecord(op.stamps);
            const object = fresh.create(op.model, values, "never");
            if (Object.keys(later).length > 0) deferred.push({ object, schema, values: later });
            break;
          }
          case "update": {
            const seen = read.get(op.model, op.key);
            const object = seen?.live.object ?? find(op.model, op.key);
            if (object === null) throw new FieldRecoveryError("RECOVERY_APPLY_FAILED", `the object to update disappeared`, { model: op.model, objectKey: op.key });
            // Written here, not deferred: every object this update may link to exists by now
            // (creates come first), and a creation's own link fields touch other objects.
            const values = op.values;
            for (const name in values) assignField(object, name, values[name] as EncodedValue, schema, shapes, resolveLink);
            if (schema.properties[tracking.timestampsProperty] !== undefined) writeStamps(object, tracking.timestampsProperty, seen, op.stamps);
            const updated = models.get(op.model)?.newestStampProperty;
            if (updated !== undefined) raiseCounter(object, updated, op.stamps, seen);
            break;
          }
        }
      }
      for (let i = 0; i < deferred.length; i++) {
        const { object, schema, values } = deferred[i] as (typeof deferred)[number];
        for (const name in values) assignField(object, name, values[name] as EncodedValue, schema, shapes, resolveLink);
      }
      // The last progress call is made before the commit: if it throws, nothing is written.
      progress?.({ phase: "apply", done: plan.operations.length });
    });
  } catch (error) {
    if (error instanceof FieldRecoveryError && (error.code === "RECOVERY_APPLY_FAILED" || error instanceof CallbackFailedError)) throw error;
    throw new RecoveryApplyError(current ?? (plan.operations[0] as MergeOperation), error);
  }
  return plan.report;
}

/** What the plan read, by model, then encoded key (no joined key string made per object). */
class PlanReads {
  private readonly byModel = new Map<string, Map<string, PlanRead>>();

  set(model: string, key: string, read: PlanRead): void {
    let byKey = this.byModel.get(model);
    if (byKey === undefined) this.byModel.set(model, (byKey = new Map()));
    byKey.set(key, read);
  }

  get(model: string, key: string): PlanRead | undefined {
    return this.byModel.get(model)?.get(key);
  }
}

keepShape(new PlanReads());

/** `shapeOfProperty` per property schema, worked out once per apply (not once per field written). */
class FieldShapes {
  private readonly shapes = new Map<PropertySchemaLike, ValueShape | undefined>();

  constructor(readonly context: CodecContext) {}

  of(property: PropertySchemaLike): ValueShape | undefined {
    let shape = this.shapes.get(property);
    if (shape === undefined && !this.shapes.has(property)) this.shapes.set(property, (shape = shapeOfProperty(property, this.context)));
    return shape;
  }
}

keepShape(new FieldShapes(codecContext([])));

/** What the plan read of one fresh object: its stamps (all, or with `partial` the keys it needed) and the live object. */
interface PlanRead {
  readonly stamps: Readonly<Record<string, string>>;
  readonly partial: boolean;
  readonly live: LiveFreshObject;
}

/**
 * Makes the object's stamp dictionary equal to `next`: with the entries the plan read (`seen`),
 * only the differing keys are set and the vanished ones removed; without, a whole assignment.
 * A partial read knew only some keys: `next` is those plus the merge's, so nothing else changes.
 */
function writeStamps(object: RealmObjectLike, property: string, seen: PlanRead | undefined, next: Readonly<Record<string, string>>): void {
  const dictionary = (seen?.live.object === object ? seen.live.stamps : object[property]) as Record<string, unknown> | null | undefined;
  const before = seen?.stamps;
  if (before === undefined || typeof dictionary !== "object" || dictionary === null || isPlainRecord(dictionary)) {
    object[property] = { ...next };
    return;
  }
  // A Realm Dictionary's proxy writes any string key as an entry (no member shadows a write).
  // A named store per key (named-store.ts): V8 runs a keyed store into a Proxy through the runtime.
  for (const key in next) if (before[key] !== next[key]) namedStore(key)(dictionary, next[key]);
  for (const key in before) if (!Object.prototype.hasOwnProperty.call(next, key)) removeEntry(dictionary as Record<string, unknown>, key);
}

/**
 * Raises the newest-stamp counter to the newest of the stamps written. A counter at 0 was never
 * maintained (format 1): after a partial read, its newest stamp may be among the keys not read,
 * so it is raised to the newest of the whole dictionary (the counter must never be below it).
 */
function raiseCounter(object: RealmObjectLike, property: string, stamps: Readonly<Record<string, string>>, seen: PlanRead | undefined): void {
  const dictionary = seen?.partial === true ? seen.live.stamps : undefined;
  raiseNewestStamp(object, property, newestStampMillisOfRecord(stamps), dictionary === undefined ? undefined : () => newestStampMillisOf(dictionary));
}

function containsLink(value: EncodedValue): boolean {
  if (value === null || typeof value !== "object") return false;
  if (linkOf(value) !== undefined) return true;
  return (Array.isArray(value) ? (value as readonly EncodedValue[]) : Object.values(value as Record<string, EncodedValue>)).some(containsLink);
}

function decodeFields(values: Readonly<Record<string, EncodedValue>>, schema: ObjectSchemaLike, context: CodecContext, resolveLink: (model: string, key: string) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const property = schema.properties[name];
    const shape = property === undefined ? undefined : shapeOfProperty(property, context);
    if (shape !== undefined) out[name] = decodeValue(value, shape, context, resolveLink);
  }
  return out;
}

/** Writes one top-level field; counters are set through their `Counter` object, as Realm requires. */
function assignField(object: RealmObjectLike, name: string, value: EncodedValue, schema: ObjectSchemaLike, shapes: FieldShapes, resolveLink: (model: string, key: string) => unknown): void {
  const property = schema.properties[name];
  const shape = property === undefined ? undefined : shapes.of(property);
  if (shape === undefined) return;
  const decoded = decodeValue(value, shape, shapes.context, resolveLink);
  // Only a counter needs the current value (its Counter object); other fields are not read.
  const existing = shape.kind === "counter" ? object[name] : undefined;
  if (shape.kind === "counter" && typeof decoded === "number" && typeof existing === "object" && existing !== null && typeof (existing as { set?: unknown }).set === "function") {
    (existing as { set(value: number): void }).set(decoded);
    return;
  }
  namedStore(name)(object, decoded);
}
