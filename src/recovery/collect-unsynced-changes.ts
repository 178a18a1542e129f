// Extraction: reads the backup realm model by model and returns its unsynced edits as a
// Changeset (laws 5, 6). Read-only (law 17); memory grows with changed objects only.
import { isStamp, stampMillis } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import { InvalidOptionError } from "../errors.js";
import type { ObjectSchemaLike, PrimaryKeyValue, RealmLike, RealmObjectLike, ResultsLike } from "../realm-like.js";
import { CREATED_KEY, GENERATION_KEY, decodeFieldKey, encodeFieldKey } from "../schema/field-keys.js";
import { encodePrimaryKey } from "../schema/primary-key.js";
import { resolveTracking } from "../schema/tracking-config.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { ResolvedTrackingOptions, TrackingOptions } from "../schema/tracking-options.js";
import { INCREMENT_KEY_PREFIX, parseIncrement } from "../tracking/counter-deltas.js";
import { ABSENT, CHANGESET_FORMAT } from "./changeset.js";
import type { BaseField, Changeset, ChangesetProblem, FieldChange, ObjectChange, TombstoneChange } from "./changeset.js";
import { codecContext, generationFromText, generationOf } from "./fresh-view.js";
import { valueAt } from "./stamped-paths.js";
import { callUserCode } from "./user-code-errors.js";
import { encodeValue, shapeOfProperty } from "./value-codec.js";
import type { CodecContext, EncodedValue, ValueShape } from "./value-codec.js";
import { dictionaryEntries, setOwn } from "../utils/dictionary.js";

/** Progress of a recovery phase. */
export interface RecoveryProgress {
  readonly phase: "collect" | "plan" | "apply";
  /** The model being read (collect). */
  readonly model?: string;
  /** Objects of the model (collect) or operations (apply) done so far. */
  readonly done: number;
  /** Objects of the model the collect phase reads (the query's candidates with `since`). */
  readonly total?: number;
  /** Objects found with unsynced changes so far (collect). */
  readonly changed?: number;
}

/** Options of `collectUnsyncedChanges`. */
export interface CollectOptions {
  /** The names `trackFields` was given. @default { timestampsProperty: "fieldTimestamps", tombstoneModel: "FieldRecoveryTombstone" } */
  readonly tracking?: TrackingOptions;
  /** Called every 1,000 objects read and after each model. */
  readonly onProgress?: (progress: RecoveryProgress) => void;
}

/** Objects read between two progress events of the collect phase. */
const PROGRESS_EVERY = 1000;

/**
 * Returns the backup's fields stamped after `since`, creations and tombstones after `since`.
 * `since: null` gives a full changeset: every stamped field and every tombstone (law 7a).
 */
export function collectUnsyncedChanges(backup: RealmLike, since: Stamp | null, options: CollectOptions = {}): Changeset {
  return collectChanges(backup, since, options, false).changeset;
}

/** What `collectChanges` returns: the changeset and, with a lazy base, which objects left it out. */
export interface CollectedChanges {
  readonly changeset: Changeset;
  /** The objects whose `base` was left out (lazy): `lazy-base.ts` reads it when the merge needs it. */
  readonly lazy: ReadonlySet<ObjectChange>;
  /** The newest stamp of the bases left out, for the device clock (law 2); `undefined` when none. */
  readonly newestOmitted: Stamp | undefined;
}

/**
 * `collectUnsyncedChanges`; with `lazyBase`, the objects of models whose recoverable fields are
 * all top-level scalars carry no `base` (their unchanged values: needed only to re-create an
 * object the fresh realm lacks), so their values are not read. Only `recoverUnsyncedChanges`
 * uses it, while the backup is open.
 * @internal
 */
export function collectChanges(backup: RealmLike, since: Stamp | null, options: CollectOptions, lazyBase: boolean): CollectedChanges {
  if (since !== null && !isStamp(since)) throw new InvalidOptionError(`Invalid since ${JSON.stringify(since)}: expected a stamp (e.g. from SyncCheckpoint) or null for a full merge`);
  const tracking = resolveTrackingOptions(options.tracking);
  const models = resolveTracking(backup, options.tracking).models;
  const context = codecContext(backup.schema);
  const objects: ObjectChange[] = [];
  const problems: ChangesetProblem[] = [];
  const isAfter = (stamp: string): boolean => since === null || stamp > since;
  const lazy = new Set<ObjectChange>();
  const omitted: { newest: Stamp | undefined } = { newest: undefined };

  for (const schema of backup.schema) {
    if (schema.name === tracking.tombstoneModel || schema.embedded === true || schema.asymmetric === true) continue;
    const reason = models.get(schema.name)?.untrackedReason;
    if (reason === "no-timestamps-property") {
      untrackedProblem(backup, schema, tracking, problems);
      continue;
    }
    if (tracking.excludedModels.has(schema.name) || schema.properties[tracking.timestampsProperty] === undefined) continue;
    let done = 0;
    const before = objects.length;
    const fields = modelFields(schema, tracking, context);
    const found = candidates(backup, schema, models.get(schema.name)?.newestStampColumn, since);
    const onProgress = options.onProgress;
    const total = onProgress === undefined ? 0 : found.length;
    const report = (): void => {
      if (onProgress !== undefined) callUserCode({ callback: "onProgress", model: schema.name }, () => onProgress({ phase: "collect", model: schema.name, done, total: Math.max(total, done), changed: objects.length - before }));
    };
    // Known stamp keys (simple models): undecided until the first object's dictionary shows whether a member shadows one.
    let simple: boolean | undefined = fields.simple ? undefined : false;
    const property = tracking.timestampsProperty;
    const sink = lazyBase ? { lazy, omitted } : undefined;
    for (const object of found) {
      const dictionary: unknown = simple === false ? undefined : object[property];
      if (simple === undefined) simple = typeof dictionary === "object" && dictionary !== null && !fields.knownKeys.some((key) => key in dictionary);
      // The simple path declines a dictionary it cannot take (a non-string entry): the general path reads it.
      if (!simple || !collectSimpleObject(object, dictionary as Record<string, unknown>, schema, fields, context, isAfter, objects, problems, sink)) {
        collectObject(object, schema, fields, tracking, context, isAfter, objects, problems);
      }
      if (++done % PROGRESS_EVERY === 0 && done < total) report();
    }
    report();
  }
  const tombstones = collectTombstones(backup, tracking, isAfter, problems);
  const changeset: Changeset = problems.length === 0 ? { format: CHANGESET_FORMAT, since, objects, tombstones } : { format: CHANGESET_FORMAT, since, objects, tombstones, problems };
  return { changeset, lazy, newestOmitted: omitted.newest };
}

/**
 * The objects of a model that may hold stamps after `since`. With the newest-stamp counter
 * (format 2; `counter` is its name when the model has it), a query: the counter is never below
 * its object's newest stamp's milliseconds, and 0 means "never maintained" (written before
 * format 2 or by a format-1 device), so those are read too. Without it, or for a full merge,
 * every object.
 */
function candidates(backup: RealmLike, schema: ObjectSchemaLike, counter: string | undefined, since: Stamp | null): ResultsLike {
  const all: ResultsLike = backup.objects(schema.name);
  if (since === null || counter === undefined) return all;
  return all.filtered(`${counter} >= $0 OR ${counter} == 0`, stampMillis(since));
}

/** The recoverable top-level fields of a model, in schema order: shape and field key. Computed once per model. */
export interface ModelFields {
  readonly shapes: ReadonlyMap<string, ValueShape>;
  /** `encodeFieldKey([name])` per field. */
  readonly keys: ReadonlyMap<string, string>;
  /**
   * Every recoverable field is a top-level scalar and the stamps are a `string{}` dictionary: the
   * only stamp keys extraction uses are `knownKeys` (no sub-paths, no counter increments), so
   * they are read one by one instead of listing the dictionary (`entries()`, several times dearer).
   */
  readonly simple: boolean;
  /** `#created`, `#gen`, then the fields' keys. */
  readonly knownKeys: readonly string[];
  /** The fields as parallel arrays, schema order (the simple path's loops). */
  readonly names: readonly string[];
  readonly fieldKeys: readonly string[];
  readonly fieldShapes: readonly ValueShape[];
}

/** @internal */
export function modelFields(schema: ObjectSchemaLike, tracking: ResolvedTrackingOptions, context: CodecContext): ModelFields {
  const excluded = new Set([schema.primaryKey, ...tracking.managedProperties, ...(tracking.excludedFields.get(schema.name) ?? [])]);
  const shapes = new Map<string, ValueShape>();
  const keys = new Map<string, string>();
  for (const [name, property] of Object.entries(schema.properties)) {
    const shape = excluded.has(name) ? undefined : shapeOfProperty(property, context);
    if (shape === undefined) continue;
    shapes.set(name, shape);
    keys.set(name, encodeFieldKey([name]));
  }
  const stamps = schema.properties[tracking.timestampsProperty];
  const stringDictionary = stamps?.type === "dictionary" && stamps.objectType === "string" && stamps.optional !== true;
  // Any field of another kind (even excluded or unreadable) may leave sub-path or increment keys.
  const allScalar = Object.entries(schema.properties).every(([name, property]) => name === tracking.timestampsProperty || tracking.managedProperties.has(name) || name === schema.primaryKey || shapeOfProperty(property, context)?.kind === "scalar");
  const names = [...shapes.keys()];
  const fieldKeys = names.map((name) => keys.get(name) as string);
  return { shapes, keys, simple: stringDictionary && allScalar, knownKeys: [CREATED_KEY, GENERATION_KEY, ...fieldKeys], names, fieldKeys, fieldShapes: names.map((name) => shapes.get(name) as ValueShape) };
}

/** Where the lazy path records the objects that left their base out. */
interface LazyBaseSink {
  readonly lazy: Set<ObjectChange>;
  readonly omitted: { newest: Stamp | undefined };
}

/** Scratch of the simple path (reused, never kept): the own stamps of the object being read, by field index. */
const ownStamps: (string | undefined)[] = [];
/** Scratch of the simple path, beside `ownStamps`: whether field i's own stamp is a well-formed stamp (checked once per key). */
const ownValid: boolean[] = [];

/**
 * `collectObject` for a simple model (`ModelFields.simple`): reads `#created`, `#gen` and each
 * field's stamp key (one native lookup each, absent keys included), then only the values of the
 * fields stamped after `since` and, unless `sink` (lazy base), the others' for `base`. Returns
 * `false`, having read nothing into the changeset, for a dictionary it cannot take this way (a
 * non-string entry): the general path reads it and reports it.
 */
function collectSimpleObject(
  object: RealmObjectLike,
  dictionary: Record<string, unknown>,
  schema: ObjectSchemaLike,
  modelInfo: ModelFields,
  context: CodecContext,
  isAfter: (stamp: string) => boolean,
  objects: ObjectChange[],
  problems: ChangesetProblem[],
  sink: LazyBaseSink | undefined,
): boolean {
  const { names, fieldKeys, fieldShapes } = modelInfo;
  const count = names.length;
  const createdRaw = dictionary[CREATED_KEY];
  const generationRaw = dictionary[GENERATION_KEY];
  if ((createdRaw !== undefined && typeof createdRaw !== "string") || (generationRaw !== undefined && typeof generationRaw !== "string")) return false;
  // `#gen` holds a number, never a stamp: as in the general path, its presence alone makes the object a candidate.
  let changed = (createdRaw !== undefined && (!isStamp(createdRaw) || isAfter(createdRaw))) || generationRaw !== undefined;
  for (let i = 0; i < count; i++) {
    const own = dictionary[fieldKeys[i] as string];
    if (own !== undefined && typeof own !== "string") return false;
    ownStamps[i] = own;
    if (!changed && own !== undefined && (!isStamp(own) || isAfter(own))) changed = true;
  }
  if (!changed) return true; // nothing unsynced: nothing read but the stamp keys
  if (schema.primaryKey === undefined) {
    problems.push({ code: "NO_PRIMARY_KEY", message: `model "${schema.name}" has no primary key, so its objects cannot be matched in the fresh realm`, model: schema.name });
    return true;
  }
  let key: string;
  try {
    key = encodePrimaryKey(object[schema.primaryKey] as PrimaryKeyValue);
  } catch (error) {
    problems.push({ code: "UNREADABLE", message: (error as Error).message, model: schema.name });
    return true;
  }
  const createdStamp = createdRaw !== undefined && isStamp(createdRaw) ? createdRaw : undefined;
  const created = createdStamp !== undefined && isAfter(createdStamp) ? createdStamp : null;
  const fields: Record<string, FieldChange> = {};
  let changedFields = 0;
  // `covered[i]`: field i is stamped after `since` (in `fields`, or reported unreadable), so not part of `base`.
  const covered: boolean[] = [];
  for (let i = 0; i < count; i++) {
    // `#created` stamps every field of the object: it is the root ancestor of every path.
    const own = ownStamps[i];
    const valid = own !== undefined && isStamp(own);
    ownValid[i] = valid;
    const ownWins = own !== undefined && (!valid || createdStamp === undefined || own > createdStamp);
    const stamp = ownWins ? own : createdStamp;
    // A malformed own stamp is recovered (and reported by the merge); `createdStamp` is well-formed.
    if (stamp === undefined || ((ownWins ? valid : true) && !isAfter(stamp))) continue;
    covered[i] = true;
    const value = readSimpleField(object, names[i] as string, fieldShapes[i] as ValueShape, context, problems, schema.name, key);
    if (value === undefined) continue;
    fields[fieldKeys[i] as string] = { value, stamp };
    changedFields++;
  }
  if (changedFields === 0 && created === null) return true;
  const generation = generationFromText(generationRaw);
  if (sink !== undefined) {
    const change: ObjectChange = { model: schema.name, key, generation, created, fields };
    sink.lazy.add(change);
    // The left-out base stamps (the fields' effective stamps, at most `since`) still reach the clock (law 2).
    for (let i = 0; i < count; i++) {
      if (covered[i] === true) continue;
      const stamp = baseStampOf(ownStamps[i], ownValid[i] === true, createdStamp);
      if (stamp !== undefined && (sink.omitted.newest === undefined || stamp > sink.omitted.newest)) sink.omitted.newest = stamp;
    }
    objects.push(change);
    return true;
  }
  const base: Record<string, BaseField> = {};
  let baseFields = 0;
  for (let i = 0; i < count; i++) {
    if (covered[i] === true) continue;
    const value = readSimpleField(object, names[i] as string, fieldShapes[i] as ValueShape, context, problems, schema.name, key);
    if (value === undefined) continue;
    base[names[i] as string] = { value, stamp: baseStampOf(ownStamps[i], ownValid[i] === true, createdStamp) ?? null };
    baseFields++;
  }
  objects.push(baseFields === 0 ? { model: schema.name, key, generation, created, fields } : { model: schema.name, key, generation, created, fields, base });
  return true;
}

/**
 * Field `name`'s value, encoded; `undefined` (reported) when it cannot be read. A module
 * function, not a closure made per object (this runs once per changed object).
 */
function readSimpleField(object: RealmObjectLike, name: string, shape: ValueShape, context: CodecContext, problems: ChangesetProblem[], model: string, key: string): EncodedValue | undefined {
  try {
    return encodeValue(object[name], shape, context);
  } catch (error) {
    problems.push({ code: "UNREADABLE", message: `cannot read the backup value: ${(error as Error).message}`, model, key, field: name });
    return undefined;
  }
}

/**
 * The effective stamp of an unchanged field (own or `#created`, whichever is newer; a malformed
 * own stamp, `valid` false, is ignored): an insert stamps only `#created`.
 */
function baseStampOf(own: string | undefined, valid: boolean, createdStamp: Stamp | undefined): Stamp | undefined {
  return valid && (createdStamp === undefined || (own as string) > createdStamp) ? (own as Stamp) : createdStamp;
}

/** Collects one object of any model (every stamp entry listed): pushes its change, if any, and its problems. @internal */
export function collectObject(
  object: RealmObjectLike,
  schema: ObjectSchemaLike,
  modelInfo: ModelFields,
  tracking: ResolvedTrackingOptions,
  context: CodecContext,
  isAfter: (stamp: string) => boolean,
  objects: ObjectChange[],
  problems: ChangesetProblem[],
): void {
  const raw = object[tracking.timestampsProperty];
  const entries = typeof raw === "object" && raw !== null ? dictionaryEntries(raw) : [];
  let malformed = false;
  let changed = false;
  for (const [entryKey, value] of entries) {
    if (typeof value !== "string") {
      malformed = true;
      continue;
    }
    if (changed) continue;
    const stamp = entryKey.startsWith(INCREMENT_KEY_PREFIX) ? parseIncrement(value)?.stamp : value;
    if (stamp === undefined || !isStamp(stamp) || isAfter(stamp)) changed = true;
  }
  if (!changed && !malformed) return; // fast path: nothing unsynced, nothing read but the stamps
  // The record gives the iteration order; the Map, lookups (keyed loads on records of many shapes are slow).
  const stamps: Record<string, string> = {};
  const stampOf = new Map<string, string>();
  for (const [entryKey, value] of entries) {
    if (typeof value !== "string") continue;
    stampOf.set(entryKey, value);
    if (entryKey === "__proto__") setOwn(stamps, entryKey, value);
    else stamps[entryKey] = value;
  }
  if (schema.primaryKey === undefined) {
    problems.push({ code: "NO_PRIMARY_KEY", message: `model "${schema.name}" has no primary key, so its objects cannot be matched in the fresh realm`, model: schema.name });
    return;
  }
  let key: string;
  try {
    key = encodePrimaryKey(object[schema.primaryKey] as PrimaryKeyValue);
  } catch (error) {
    problems.push({ code: "UNREADABLE", message: (error as Error).message, model: schema.name });
    return;
  }
  if (malformed) problems.push({ code: "MALFORMED_TIMESTAMPS", message: `the "${tracking.timestampsProperty}" dictionary holds non-string entries; they were ignored`, model: schema.name, key });

  // Encode each top-level field once, lazily; a field that cannot be encoded is reported and left out.
  const { shapes, keys } = modelInfo;
  const encoded = new Map<string, EncodedValue | undefined>();
  const top = (name: string): EncodedValue | undefined => {
    if (!encoded.has(name)) {
      const shape = shapes.get(name);
      try {
        encoded.set(name, shape === undefined ? undefined : encodeValue(object[name], shape, context));
      } catch (error) {
        encoded.set(name, undefined);
        problems.push({ code: "UNREADABLE", message: `cannot read the backup value: ${(error as Error).message}`, model: schema.name, key, field: name });
      }
    }
    return encoded.get(name);
  };

  const createdRaw = stampOf.get(CREATED_KEY);
  const createdStamp = createdRaw !== undefined && isStamp(createdRaw) ? createdRaw : undefined;
  const created = createdStamp !== undefined && isAfter(createdStamp) ? createdStamp : null;
  const fields: Record<string, FieldChange> = {};
  const increments: Record<string, string> = {};
  const coveredTop = new Set<string>();

  for (const [name, fieldKey] of keys) {
    // `#created` stamps every field of the object: it is the root ancestor of every path.
    const own = stampOf.get(fieldKey);
    const stamp = own !== undefined && (!isStamp(own) || createdStamp === undefined || own > createdStamp) ? own : createdStamp;
    if (stamp === undefined || (isStamp(stamp) && !isAfter(stamp))) continue;
    const value = top(name);
    if (value === undefined) continue;
    fields[fieldKey] = { value, stamp };
    coveredTop.add(name);
  }
  for (const [entryKey, stamp] of Object.entries(stamps)) {
    if (entryKey.startsWith(INCREMENT_KEY_PREFIX)) {
      const parsed = parseIncrement(stamp);
      if (parsed === undefined || !isStamp(parsed.stamp) || isAfter(parsed.stamp)) increments[entryKey] = stamp;
      continue;
    }
    const path = decodeFieldKey(entryKey);
    if (path === undefined || path.length < 2 || !shapes.has(path[0] as string)) continue;
    if (isStamp(stamp)) {
      if (!isAfter(stamp)) continue;
      // Superseded when an ancestor (or the creation) was stamped at or after it.
      let superseded = createdStamp !== undefined && createdStamp >= stamp;
      for (let length = 1; length < path.length && !superseded; length++) {
        const ancestor = stampOf.get(encodeFieldKey(path.slice(0, length)));
        if (ancestor !== undefined && isStamp(ancestor) && ancestor >= stamp) superseded = true;
      }
      if (superseded) continue;
    }
    const root = top(path[0] as string);
    if (root === undefined) continue;
    const value = valueAt({ [path[0] as string]: root ?? null }, path);
    fields[entryKey] = { value: value === undefined ? ABSENT : value, stamp };
  }

  if (Object.keys(fields).length === 0 && Object.keys(increments).length === 0 && created === null) return;
  const base: Record<string, BaseField> = {};
  for (const [name, fieldKey] of keys) {
    if (coveredTop.has(name)) continue;
    const value = top(name);
    if (value === undefined) continue;
    const own = stampOf.get(fieldKey);
    // The effective stamp (own or `#created`, whichever is newer): an insert stamps only `#created`.
    const ownStamp = own !== undefined && isStamp(own) ? own : undefined;
    const stamp = ownStamp !== undefined && (createdStamp === undefined || ownStamp > createdStamp) ? ownStamp : (createdStamp ?? null);
    base[name] = { value, stamp };
  }
  objects.push({
    model: schema.name,
    key,
    generation: generationOf(stamps),
    created,
    fields,
    ...(Object.keys(base).length === 0 ? {} : { base }),
    ...(Object.keys(increments).length === 0 ? {} : { increments }),
  });
}

/** A model the options call tracked that the backup cannot show stamps for: a wiring mistake, reported when it holds objects. */
function untrackedProblem(backup: RealmLike, schema: ObjectSchemaLike, tracking: ResolvedTrackingOptions, problems: ChangesetProblem[]): void {
  const count = backup.objects(schema.name).length;
  if (count === 0) return;
  problems.push({
    code: "BACKUP_UNTRACKED",
    message:
      `model "${schema.name}" of the backup has no "${tracking.timestampsProperty}" dictionary, so the unsynced edits of its ${count} object(s) cannot be found. ` +
      `Open the backup with the tracked schema (schema: trackFields(...)) or with no schema (the file's own), and pass recovery the same tracking options as trackFields (e.g. timestampsProperty), or exclude the model`,
    model: schema.name,
  });
}

function collectTombstones(backup: RealmLike, tracking: ResolvedTrackingOptions, isAfter: (stamp: string) => boolean, problems: ChangesetProblem[]): TombstoneChange[] {
  if (!backup.schema.some((schema) => schema.name === tracking.tombstoneModel)) return [];
  const out: TombstoneChange[] = [];
  for (const row of backup.objects(tracking.tombstoneModel)) {
    const { model, key, stamp, generation } = row;
    if (typeof model !== "string" || typeof key !== "string" || typeof stamp !== "string") {
      problems.push({ code: "UNREADABLE", message: `a "${tracking.tombstoneModel}" row lacks model, key or stamp (_id ${JSON.stringify(row._id)})`, model: tracking.tombstoneModel });
      continue;
    }
    if (isStamp(stamp) && !isAfter(stamp)) continue;
    const gen = typeof generation === "number" && Number.isSafeInteger(generation) && generation >= 1 ? generation : 1;
    out.push({ model, key, stamp, generation: gen });
  }
  return out;
}
