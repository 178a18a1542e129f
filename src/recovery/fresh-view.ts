// FreshView: the small read interface the merge plan needs over the fresh realm, with two
// implementations: plain data (tests, tools) and a live RealmLike (read lazily, object by object).
import type { Stamp } from "../clock/index.js";
import type { ObjectSchemaLike, RealmLike, RealmObjectLike } from "../realm-like.js";
import { GENERATION_KEY } from "../schema/field-keys.js";
import { decodePrimaryKey } from "../schema/primary-key.js";
import type { ResolvedTrackingOptions } from "../schema/tracking-options.js";
import { encodeValue, shapeOfProperty } from "./value-codec.js";
import type { CodecContext, EncodedValue, ValueShape } from "./value-codec.js";
import { dictionaryEntries, dictionaryGetIn, dictionaryProto, setOwn } from "../utils/dictionary.js";

/** An object of the fresh realm: its values (encoded), stamps and generation. */
export interface FreshObject {
  /** Top-level values by property name, encoded; the primary key and stamps property left out. */
  readonly values: Readonly<Record<string, EncodedValue>>;
  /** Its `fieldTimestamps` entries (empty for untracked models). */
  readonly stamps: Readonly<Record<string, string>>;
  readonly generation: number;
  /**
   * `true` when the view honoured a `FreshRead`: `values` holds only its fields and `stamps`
   * only its keys (those present). Absent or `false`: the whole object.
   */
  readonly partial?: boolean;
}

/**
 * What a merge decision needs of one fresh object, for a view that can read less than all of
 * it (on real Realm each value and each stamp key is a call into the native binding).
 */
export interface FreshRead {
  /** Top-level fields whose values are needed. */
  readonly fields: readonly string[];
  /** Stamp keys whose entries are needed (the fields' keys, their ancestors, `#created`, `#gen`). */
  readonly stampKeys: readonly string[];
}

/** A tombstone of the fresh realm. */
export interface FreshTombstone {
  readonly stamp: Stamp;
  readonly generation: number;
}

/** What the merge reads from the fresh realm. */
export interface FreshView {
  /** The fresh realm's models, canonical form. */
  readonly schema: readonly ObjectSchemaLike[];
  /**
   * The fresh realm's object of `model` with encoded primary key `key`, if any. With `read`, a
   * view may return only what it names (`partial: true`); it may also ignore it.
   */
  object(model: string, key: string, read?: FreshRead): FreshObject | undefined;
  /** `true` if the object exists (cheaper than `object`: used for link targets). */
  has(model: string, key: string): boolean;
  /** The fresh realm's tombstone of that object, if any. */
  tombstone(model: string, key: string): FreshTombstone | undefined;
}

/** Plain data for `plainFreshView`: objects and tombstones by model, then encoded key. */
export interface PlainFreshData {
  readonly schema: readonly ObjectSchemaLike[];
  readonly objects?: Readonly<Record<string, Readonly<Record<string, { readonly values: Readonly<Record<string, EncodedValue>>; readonly stamps?: Readonly<Record<string, string>>; readonly generation?: number }>>>>;
  readonly tombstones?: Readonly<Record<string, Readonly<Record<string, FreshTombstone>>>>;
}

/** A FreshView over plain data. */
export function plainFreshView(data: PlainFreshData): FreshView {
  // Methods shared by every view, not closures made per view: the merge's compiled code calls
  // the same functions at every merge (a closure per view is a new call target each time).
  return { schema: data.schema, data, object: plainObject, has: plainHas, tombstone: plainTombstone } as PlainFreshView;
}

interface PlainFreshView extends FreshView {
  readonly data: PlainFreshData;
}

function plainObject(this: PlainFreshView, model: string, key: string): FreshObject | undefined {
  const found = this.data.objects?.[model]?.[key];
  return found === undefined ? undefined : { values: found.values, stamps: found.stamps ?? {}, generation: found.generation ?? 1 };
}

function plainHas(this: PlainFreshView, model: string, key: string): boolean {
  return this.data.objects?.[model]?.[key] !== undefined;
}

function plainTombstone(this: PlainFreshView, model: string, key: string): FreshTombstone | undefined {
  return this.data.tombstones?.[model]?.[key];
}

/** The schema lookup of a realm, for the value codec. */
export function codecContext(schema: readonly ObjectSchemaLike[]): CodecContext {
  const byName = new Map(schema.map((model) => [model.name, model]));
  return { byName, schemaOf: schemaByName } as CodecContext;
}

/** `schemaOf` of every codecContext (one function, as plainFreshView's methods). */
function schemaByName(this: { readonly byName: ReadonlyMap<string, ObjectSchemaLike> }, model: string): ObjectSchemaLike | undefined {
  return this.byName.get(model);
}

/** The generation recorded in a stamp dictionary (`#gen`, default 1). */
export function generationOf(stamps: Readonly<Record<string, string>>): number {
  return generationFromText(stamps[GENERATION_KEY]);
}

/** The generation a `#gen` entry's text holds (absent or unusable: 1). */
export function generationFromText(text: string | undefined): number {
  const value = text === undefined ? 1 : Number(text);
  return Number.isSafeInteger(value) && value >= 1 ? value : 1;
}

/** Reads a live `string{}` dictionary into a plain record of strings. */
export function readStampDictionary(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== "object" || value === null) return out;
  for (const [key, stamp] of dictionaryEntries(value)) {
    if (typeof stamp !== "string") continue;
    if (key === "__proto__") setOwn(out, key, stamp);
    else out[key] = stamp; // plain assignment keeps the record in V8's fast mode
  }
  return out;
}

/** The live object behind a FreshObject of `realmFreshView`, for the apply to reuse (no second lookup). */
export interface LiveFreshObject {
  readonly object: RealmObjectLike;
  /** Its stamps dictionary as read (a live Realm Dictionary, or a plain record), or `undefined` for an untracked model. */
  readonly stamps: unknown;
}

/** Options of `realmFreshView`. */
export interface RealmFreshViewOptions {
  /** Called with every object `object()` returns, and the live object it read. */
  readonly onRead?: (model: string, key: string, read: FreshObject, live: LiveFreshObject) => void;
  /** Called when `object()` finds no object for the key (the plan may then re-create it). */
  readonly onMissing?: (model: string, key: string) => void;
}

/**
 * A FreshView reading a live realm on demand (nothing is snapshotted up front). Given a
 * `FreshRead`, it reads only the values and stamp keys named there: a stamp key that a member
 * of the dictionary's class shadows (`"keys"`, `"constructor"`, `"__proto__"`, …) is looked up
 * among the entries instead (`dictionaryGetIn`).
 */
export function realmFreshView(realm: RealmLike, tracking: ResolvedTrackingOptions, options: RealmFreshViewOptions = {}): FreshView {
  const context = codecContext(realm.schema);
  const fieldsByModel = new Map<string, ReadonlyMap<string, ValueShape>>();
  /** The stored top-level fields of a model, without the primary key and the properties tracking manages. */
  const storedFields = (schema: ObjectSchemaLike): ReadonlyMap<string, ValueShape> => {
    let fields = fieldsByModel.get(schema.name);
    if (fields === undefined) {
      const shapes = new Map<string, ValueShape>();
      for (const [name, property] of Object.entries(schema.properties)) {
        if (tracking.managedProperties.has(name) || name === schema.primaryKey) continue;
        const shape = shapeOfProperty(property, context);
        if (shape !== undefined) shapes.set(name, shape);
      }
      fieldsByModel.set(schema.name, (fields = shapes));
    }
    return fields;
  };
  const find = (model: string, key: string): RealmObjectLike | null => {
    const schema = context.schemaOf(model);
    if (schema?.primaryKey === undefined) return null;
    return realm.objectForPrimaryKey(model, decodePrimaryKey(key, model));
  };
  const onRead = options.onRead;
  const onMissing = options.onMissing;
  return {
    schema: realm.schema,
    object(model, key, read) {
      const schema = context.schemaOf(model);
      const found = find(model, key);
      if (schema === undefined || found === null) {
        onMissing?.(model, key);
        return undefined;
      }
      const dictionary = found[tracking.timestampsProperty];
      const fields = storedFields(schema);
      const values: Record<string, EncodedValue> = {};
      let result: FreshObject;
      if (read === undefined) {
        const stamps = readStampDictionary(dictionary);
        // As encodeObject, with the model's stored fields and shapes worked out once per model.
        for (const [name, shape] of fields) values[name] = encodeValue(found[name], shape, context);
        result = { values, stamps, generation: generationOf(stamps) };
      } else {
        const stamps = readStampKeys(dictionary, read.stampKeys);
        const names = read.fields;
        // Index loops: this runs once per changed object, and an array iterator is garbage each time.
        for (let i = 0; i < names.length; i++) {
          const name = names[i] as string;
          const shape = fields.get(name);
          if (shape !== undefined) values[name] = encodeValue(found[name], shape, context);
        }
        result = { values, stamps, generation: generationOf(stamps), partial: true };
      }
      onRead?.(model, key, result, { object: found, stamps: dictionary ?? undefined });
      return result;
    },
    has: (model, key) => find(model, key) !== null,
    tombstone(model, key) {
      if (context.schemaOf(tracking.tombstoneModel) === undefined) return undefined;
      const row = realm.objectForPrimaryKey(tracking.tombstoneModel, `${model}/${key}`);
      if (row === null) return undefined;
      const stamp = row.stamp;
      const generation = row.generation;
      return typeof stamp === "string" ? { stamp, generation: typeof generation === "number" ? generation : Number(generation ?? 1) } : undefined;
    },
  };
}

/**
 * The string entries of `keys` in a live `string{}` dictionary (or plain record): one key read
 * each, except for keys a member of the dictionary shadows, which are found among its entries
 * (`dictionaryGetIn`).
 */
export function readStampKeys(dictionary: unknown, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof dictionary !== "object" || dictionary === null) return out;
  const proto = dictionaryProto(dictionary);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = dictionaryGetIn(dictionary, proto, key);
    if (typeof value !== "string") continue;
    if (key === "__proto__") setOwn(out, key, value);
    else out[key] = value;
  }
  return out;
}
