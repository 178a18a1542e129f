// The transaction object handed to a `trackedWrite` callback: every mutation goes through it,
// so each changed field gets this transaction's one stamp in the same Realm write.
import { ClockDriftError, isStamp, stampMillis } from "../clock/index.js";
import type { HybridClock, Stamp } from "../clock/index.js";
import type { PrimaryKeyValue, RealmLike, RealmObjectLike, UpdateModeName } from "../realm-like.js";
import { CREATED_KEY, GENERATION_KEY, encodeFieldKey } from "../schema/field-keys.js";
import { describeKey, encodePrimaryKey } from "../schema/primary-key.js";
import type { ModelTracking, TrackingConfig } from "../schema/tracking-config.js";
import { SchemaNotTrackedError } from "../schema/tracking-errors.js";
import { raiseNewestStamp } from "../schema/newest-stamp.js";
import { tombstoneId } from "../schema/tombstone-schema.js";
import { formatIncrement, incrementKey, parseIncrement } from "./counter-deltas.js";
import { runRecipe } from "./lazy-draft.js";
import { namedStore } from "./named-store.js";
import type { FieldSource } from "./lazy-draft.js";
import { modelPlan } from "./model-plan.js";
import type { FieldPlan } from "./model-plan.js";
import { keepShape } from "../utils/keep-shape.js";
import { TrackedWriteError } from "./tracking-errors.js";
import { dictionaryKeys, isCounter, isRealmObject, scalarEquals, snapshotValue, writableMixed } from "./values.js";
import { readField, setEntries, setEntry, writeField } from "./write-field.js";
import { dictionaryEntries, dictionaryGetIn, dictionaryProto, isPlainRecord, setOwn } from "../utils/dictionary.js";

export type { PlainObject, TrackedTransaction } from "./transaction-types.js";

/**
 * The untyped shape `Transaction` implements; `TrackedTransaction` is the same methods with
 * their public typing (trackedWrite hands a `Transaction` out as one).
 */
export interface TransactionMethods {
  readonly realm: RealmLike;
  readonly stamp: Stamp | undefined;
  create(type: string, values: Record<string, unknown>, mode?: UpdateModeName | boolean): RealmObjectLike;
  update<S extends object>(object: RealmObjectLike, recipe: (draft: S) => S | void): void;
  assign(object: RealmObjectLike, partial: Record<string, unknown>): void;
  delete(subject: RealmObjectLike | Iterable<RealmObjectLike>): void;
  increment(object: RealmObjectLike, field: string, by?: number): void;
}

/** Implementation of `TrackedTransaction` for one `realm.write`. */
export class Transaction implements TransactionMethods {
  private currentStamp: Stamp | undefined;
  private tombstonesExist: boolean | undefined;
  // One object per stamp, shared by the inserts (Realm copies it, nobody mutates it).
  private insertStamps: Readonly<Record<string, string>> | undefined;
  // The last stamp whose milliseconds were computed, for the newest-stamp counter. `millis`
  // starts as a double (NaN, never read before `millisStamp` is set) because it holds one: a
  // field that starts as a small integer changes the instances' hidden class on first use.
  private millisStamp: Stamp | undefined;
  private millis = Number.NaN;
  private open = true;
  // The prototype and model of the last object written (see modelOf).
  private lastProto: object | undefined;
  private lastModel: ModelTracking | undefined;

  constructor(
    readonly realm: RealmLike,
    private readonly config: TrackingConfig,
    private readonly clock: HybridClock,
  ) {}

  get stamp(): Stamp | undefined {
    return this.currentStamp;
  }

  /** Ends the transaction: later calls throw instead of writing outside the write. */
  close(): void {
    this.open = false;
  }

  create(type: string, values: Record<string, unknown>, mode?: UpdateModeName | boolean): RealmObjectLike {
    this.checkOpen();
    const model = this.config.models.get(type);
    if (!model || !model.tracked) {
      if (model) this.checkConfigured(model);
      return this.realm.create(type, values, mode);
    }
    const timestampsProperty = this.config.timestampsProperty;
    this.refuseManaged(model, values, `Values for "${type}"`);
    const primaryKey = model.primaryKey as string;
    const key = values[primaryKey];
    if (mode !== undefined && mode !== false && mode !== "never" && key !== undefined) {
      const existing = this.realm.objectForPrimaryKey(type, key as PrimaryKeyValue);
      if (existing) {
        this.assignTracked(model, existing, values);
        return existing;
      }
    }
    // The tombstone first: a re-create stamps above the delete it replaces (law 2).
    const generation = key === undefined ? 1 : this.nextGeneration(type, key);
    let timestamps = this.insertTimestamps();
    if (generation > 1) timestamps = { ...timestamps, [GENERATION_KEY]: String(generation) };
    const counter = model.newestStampProperty;
    values = withWritableMixed(values, modelPlan(model).mixedFields);
    // One literal each way: extending a spread object afterwards takes V8's slow path.
    const stamped =
      counter === undefined
        ? { ...values, [timestampsProperty]: timestamps }
        : { ...values, [timestampsProperty]: timestamps, [counter]: this.millisOf(timestamps[CREATED_KEY] as Stamp) };
    const object = this.realm.create(type, stamped, mode);
    if (key === undefined) {
      // The primary key came from a schema default: look the tombstone up now.
      const stamp = this.currentStamp;
      const generation = this.nextGeneration(type, object[primaryKey]);
      if (generation > 1) {
        const dictionary = object[timestampsProperty] as Record<string, unknown>;
        setEntry(dictionary, GENERATION_KEY, String(generation));
        const moved = this.currentStamp;
        // The tombstone moved the clock: `#created` and the counter follow it.
        if (moved !== stamp && moved !== undefined) {
          setEntry(dictionary, CREATED_KEY, moved);
          if (counter !== undefined) raiseNewestStamp(object, counter, this.millisOf(moved));
        }
      }
    }
    return object;
  }

  /**
   * The `fieldTimestamps` of an insert: `#created` alone at this transaction's stamp. It stamps
   * every field, because a field's effective stamp is the greatest of its own and `#created`
   * (docs/storage-format.md), so an insert writes one entry, not one per field.
   */
  private insertTimestamps(): Readonly<Record<string, string>> {
    const stamp = this.now();
    if (this.insertStamps?.[CREATED_KEY] !== stamp) this.insertStamps = { [CREATED_KEY]: stamp };
    return this.insertStamps;
  }

  update<S extends object>(object: RealmObjectLike, recipe: (draft: S) => S | void): void {
    this.checkOpen();
    const model = this.modelOf(object);
    const fields = modelPlan(model).fields;
    // Fields are read (scalars as they are, collections and embedded objects as plain copies) only when the recipe touches them.
    const outcome = runRecipe(fields, new ObjectFields(this.config, fields, object), recipe as (draft: never) => unknown);
    if (outcome === undefined) return;
    const { touched, previous, next: nextValues } = outcome;
    const changed: string[] | undefined = model.tracked ? [] : undefined;
    for (let i = 0; i < touched.length; i++) {
      const name = touched[i] as string;
      const field = fields.get(name);
      if (!field) throw this.unknownProperty(model, object, name);
      const next = nextValues[i];
      if (name === model.primaryKey) {
        this.checkSameKey(model, object, next);
        continue;
      }
      if (field.plainScalar) {
        // The snapshot holds the value as read (the recipe's own read, if it read it): compare and write in one step.
        if (scalarEquals(previous[i], next)) continue;
        field.store(object, next);
        if (field.stamped) changed?.push(field.key);
        continue;
      }
      writeField(this.config, object, field.property, previous[i], next, [name], field.stamped ? changed : undefined);
    }
    this.flush(model, object, changed);
  }

  assign(object: RealmObjectLike, partial: Record<string, unknown>): void {
    this.checkOpen();
    const model = this.modelOf(object);
    this.refuseManaged(model, partial, "assign() values");
    this.assignTracked(model, object, partial);
  }

  delete(subject: RealmObjectLike | Iterable<RealmObjectLike>): void {
    this.checkOpen();
    const objects: unknown[] = isRealmObject(subject) ? [subject] : isIterable(subject) ? Array.from(subject) : [];
    for (const object of objects) {
      if (!isRealmObject(object) || !object.isValid()) continue;
      const model = this.config.models.get(object.objectSchema().name);
      if (!model) continue;
      this.checkConfigured(model);
      if (model.tracked) this.writeTombstone(model, object);
    }
    this.realm.delete(subject);
  }

  increment(object: RealmObjectLike, field: string, by = 1): void {
    this.checkOpen();
    const model = this.modelOf(object);
    const property = model.properties.get(field);
    if (!property || property.type !== "int") {
      throw new TrackedWriteError(`increment() needs an "int" or counter field, but "${field}" is ${property ? `of type "${property.type}"` : "not a property"}`, { model: model.name, field });
    }
    if (!Number.isSafeInteger(by)) throw new TrackedWriteError(`increment() needs an integer amount, got ${String(by)}`, { model: model.name, field });
    if (by === 0) return;
    const current = object[field];
    if (current === null || current === undefined) {
      throw new TrackedWriteError(`Cannot increment "${field}": it is null; assign a number first`, { model: model.name, objectKey: this.describe(model, object), field });
    }
    const stamped = model.tracked && model.trackedFields.has(field);
    if (!isCounter(current)) {
      // A plain int: an ordinary last-writer-wins write of the new value.
      const changed = stamped ? [] : undefined;
      writeField(this.config, object, property, current, (current as number) + by, [field], changed);
      this.flush(model, object, changed);
      return;
    }
    current.increment(by);
    if (!stamped) return;
    const stamp = this.now();
    const dictionary = object[this.config.timestampsProperty] as Record<string, unknown>;
    const key = incrementKey(stamp, encodeFieldKey([field]));
    const previous = parseIncrement(dictionary[key])?.sum ?? 0;
    setEntry(dictionary, key, formatIncrement({ sum: previous + by, stamp }));
    if (model.newestStampProperty !== undefined) raiseNewestStamp(object, model.newestStampProperty, this.millisOf(stamp));
  }

  /** Refuses values for the properties tracking writes itself. */
  private refuseManaged(model: ModelTracking, values: Record<string, unknown>, what: string): void {
    if (!model.tracked) return;
    // Two direct checks: this runs on every create and assign, so no array per call.
    const hasOwn = Object.prototype.hasOwnProperty;
    const counter = model.newestStampProperty;
    const name = hasOwn.call(values, this.config.timestampsProperty) ? this.config.timestampsProperty : counter !== undefined && hasOwn.call(values, counter) ? counter : undefined;
    if (name !== undefined) throw new TrackedWriteError(`${what} contain "${name}", which tracking manages; leave it out`, { model: model.name, field: name });
  }

  /** Writes the differing fields of `partial` and stamps them. */
  private assignTracked(model: ModelTracking, object: RealmObjectLike, partial: Record<string, unknown>): void {
    const changed: string[] | undefined = model.tracked ? [] : undefined;
    const fields = modelPlan(model).fields;
    for (const name of Object.keys(partial)) {
      const field = fields.get(name);
      if (!field) throw this.unknownProperty(model, object, name);
      if (name === model.primaryKey) {
        this.checkSameKey(model, object, partial[name]);
        continue;
      }
      const next = partial[name];
      if (field.plainScalar) {
        // One read, one comparison, one write (writeField's scalar case without its re-read).
        if (scalarEquals(object[name], next)) continue;
        field.store(object, next);
        if (field.stamped) changed?.push(field.key);
        continue;
      }
      writeField(this.config, object, field.property, readField(this.config, object, field.property), next, [name], field.stamped ? changed : undefined);
    }
    this.flush(model, object, changed);
  }

  /** Stamps the changed keys of one object with this transaction's stamp, and raises its newest-stamp counter. */
  private flush(model: ModelTracking, object: RealmObjectLike, changed: readonly string[] | undefined): void {
    if (changed === undefined || changed.length === 0) return;
    const dictionary = object[this.config.timestampsProperty] as Record<string, unknown>;
    const stamp = this.stampAfter(dictionary, changed);
    if (isPlainRecord(dictionary)) {
      const entries: Record<string, string> = {};
      for (const key of changed) {
        if (key === "__proto__") setOwn(entries, key, stamp);
        else entries[key] = stamp;
      }
      setEntries(dictionary, entries);
    } else {
      // A Realm Dictionary's proxy writes every string key as an entry (its set trap asks no
      // member), so one assignment per key is one native insert, without set()'s extra checks;
      // a named store per key, as a keyed store into a proxy takes V8's slow path.
      for (const key of changed) namedStore(key)(dictionary, stamp);
    }
    if (model.newestStampProperty !== undefined) raiseNewestStamp(object, model.newestStampProperty, this.millisOf(stamp));
  }

  private millisOf(stamp: Stamp): number {
    if (stamp !== this.millisStamp) {
      this.millis = stampMillis(stamp);
      this.millisStamp = stamp;
    }
    return this.millis;
  }

  /**
   * This transaction's stamp, advanced past the effective stamps `keys` hold now (laws 2, 8):
   * a write follows what it overwrites, even when another device's clock ran ahead of ours.
   */
  private stampAfter(dictionary: Record<string, unknown> | null | undefined, keys: readonly string[] | "all"): Stamp {
    let stamp = this.now();
    if (!dictionary) return stamp;
    const seen = keys === "all" ? newestEntry(dictionary) : newestEffective(dictionary, keys);
    if (seen !== undefined && seen >= stamp) {
      try {
        this.clock.receive(seen);
        stamp = this.currentStamp = this.clock.now();
      } catch (error) {
        // A stamp beyond the drift bound does not move our clock (recovery skips it too).
        if (!(error instanceof ClockDriftError)) throw error;
      }
    }
    return stamp;
  }

  private writeTombstone(model: ModelTracking, object: RealmObjectLike): void {
    if (!this.config.hasTombstoneModel) throw new SchemaNotTrackedError(this.config.tombstoneModel, "(tombstone model)");
    const key = encodePrimaryKey(object[model.primaryKey as string] as PrimaryKeyValue);
    const timestamps = object[this.config.timestampsProperty] as Record<string, unknown> | null;
    const generation = Number(timestamps?.[GENERATION_KEY] ?? 1) || 1;
    // The delete follows every edit it saw, so it is newer than all of the object's stamps (law 11).
    const stamp = this.stampAfter(timestamps, "all");
    this.realm.create(this.config.tombstoneModel, { _id: tombstoneId(model.name, key), model: model.name, key, stamp, generation }, "modified");
    this.tombstonesExist = true;
  }

  /** Generation of a new object with this key: one past its tombstone's, or 1. */
  private nextGeneration(type: string, key: unknown): number {
    if (!this.config.hasTombstoneModel) return 1;
    this.tombstonesExist ??= this.realm.objects(this.config.tombstoneModel).length > 0;
    if (!this.tombstonesExist) return 1;
    const tombstone = this.realm.objectForPrimaryKey(this.config.tombstoneModel, tombstoneId(type, encodePrimaryKey(key as PrimaryKeyValue)));
    if (!tombstone) return 1;
    this.follow(tombstone.stamp);
    return Number(tombstone.generation) + 1;
  }

  /** Advances this transaction's stamp past `seen` (a stamp this write read), unless `seen` is not a stamp or lies beyond the drift bound. */
  private follow(seen: unknown): void {
    if (typeof seen !== "string" || !isStamp(seen) || (this.currentStamp !== undefined && seen < this.currentStamp)) return;
    try {
      this.clock.receive(seen);
      this.currentStamp = this.clock.now();
    } catch (error) {
      if (!(error instanceof ClockDriftError)) throw error;
    }
  }

  private now(): Stamp {
    this.currentStamp ??= this.clock.now();
    return this.currentStamp;
  }

  private modelOf(object: RealmObjectLike): ModelTracking {
    // Objects of one model in one realm share their prototype (real Realm: the model's class;
    // the memory store: one per object, so this only saves a repeat on the same object): the
    // schema lookup below is done once per run of same-model objects, not once per object.
    const proto = typeof object === "object" && object !== null ? (Object.getPrototypeOf(object) as object | null) : null;
    if (proto !== null && proto === this.lastProto) return this.lastModel as ModelTracking;
    const model = this.resolveModel(object);
    if (proto !== null && proto !== Object.prototype) {
      this.lastProto = proto;
      this.lastModel = model;
    }
    return model;
  }

  private resolveModel(object: RealmObjectLike): ModelTracking {
    if (!isRealmObject(object)) throw new TrackedWriteError(`Expected a Realm object, got ${describeKey(object)}`);
    const name = object.objectSchema().name;
    const model = this.config.models.get(name);
    if (!model) throw new TrackedWriteError(`Model "${name}" is not in this realm's schema`, { model: name });
    if (model.embedded) {
      throw new TrackedWriteError(`Cannot write an embedded "${name}" object on its own: its stamps live in its parent; write it through the parent, e.g. tx.update(parent, (d) => { d.field.sub = value })`, { model: name });
    }
    this.checkConfigured(model);
    return model;
  }

  /** Refuses writes to models the options call tracked but the realm was not opened for. */
  private checkConfigured(model: ModelTracking): void {
    if (model.untrackedReason === "no-timestamps-property" || model.untrackedReason === "no-primary-key") {
      throw new SchemaNotTrackedError(model.name, this.config.timestampsProperty);
    }
  }

  private checkSameKey(model: ModelTracking, object: RealmObjectLike, next: unknown): void {
    const current = object[model.primaryKey as string];
    if (!scalarEquals(current, next)) {
      throw new TrackedWriteError(`The primary key of "${model.name}" cannot change (from ${describeKey(current)} to ${describeKey(next)}); delete the object and create a new one`, {
        model: model.name,
        objectKey: describeKey(current),
        field: model.primaryKey as string,
      });
    }
  }

  private unknownProperty(model: ModelTracking, object: RealmObjectLike, name: string): TrackedWriteError {
    const known = [...model.properties.keys()].join(", ");
    return new TrackedWriteError(`"${model.name}" has no property "${name}" that tracking can write (properties: ${known})`, { model: model.name, objectKey: this.describe(model, object), field: name });
  }

  private describe(model: ModelTracking, object: RealmObjectLike): string {
    return model.primaryKey === undefined ? "(no primary key)" : describeKey(object[model.primaryKey]);
  }

  private checkOpen(): void {
    if (!this.open) throw new TrackedWriteError("This tracked transaction has ended: use the tx only inside its trackedWrite callback, synchronously");
  }
}

// One idle instance of each per-write class holds its hidden class between writes: after a
// full collection with none alive, V8 would drop it and deoptimize the write path
// (../utils/keep-shape.ts; measured in docs/benchmarks.md, case d).
keepShape(new Transaction(undefined as never, undefined as never, undefined as never)).close();

/** The fields of a Realm object as a recipe's draft reads them: scalars as they are, the rest as plain snapshots. */
class ObjectFields implements FieldSource {
  constructor(
    private readonly config: TrackingConfig,
    private readonly fields: ReadonlyMap<string, FieldPlan>,
    private readonly object: RealmObjectLike,
  ) {}

  load(name: string): unknown {
    const field = this.fields.get(name) as FieldPlan;
    const value = this.object[name];
    return field.plainScalar ? (value ?? null) : snapshotValue(this.config, field.property, value);
  }
}

keepShape(new ObjectFields(undefined as never, new Map(), undefined as never));

/** The greatest stamp among `keys`, their ancestor paths and `#created` (docs/storage-format.md, reading rule). */
function newestEffective(dictionary: Record<string, unknown>, keys: readonly string[]): string | undefined {
  // Direct reads, except for keys a member of the dictionary shadows (`dictionaryGetIn`).
  const proto = dictionaryProto(dictionary);
  let newest = laterStamp(undefined, dictionaryGetIn(dictionary, proto, CREATED_KEY));
  for (const key of keys) {
    for (let end = key.indexOf("/"); end !== -1; end = key.indexOf("/", end + 1)) newest = laterStamp(newest, dictionaryGetIn(dictionary, proto, key.slice(0, end)));
    newest = laterStamp(newest, dictionaryGetIn(dictionary, proto, key));
  }
  return newest;
}

/** `newest`, or `value` when it is a well-formed stamp greater than `newest` (only a candidate is validated). */
function laterStamp(newest: string | undefined, value: unknown): string | undefined {
  return typeof value === "string" && (newest === undefined || value > newest) && isStamp(value) ? value : newest;
}

/** The greatest stamp among every field entry of an object (increment entries hold no bare stamp). */
function newestEntry(dictionary: Record<string, unknown>): string | undefined {
  let newest: string | undefined;
  for (const [, value] of dictionaryEntries(dictionary)) newest = laterStamp(newest, value);
  return newest;
}

/** `values` with its mixed fields as Realm writes them whatever their dictionary keys (`writableMixed`); `values` itself when it has none. */
function withWritableMixed(values: Record<string, unknown>, mixedFields: readonly string[]): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const name of mixedFields) {
    const value = values[name];
    if (typeof value !== "object" || value === null) continue;
    out ??= { ...values };
    out[name] = writableMixed(value);
  }
  return out ?? values;
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
