// FreshView: the small read interface the merge plan needs over the fresh realm, with two
// implementations: plain data (tests, tools) and a live RealmLike (read lazily, object by object).
import type { Stamp } from "../clock/index.js";
import type { ObjectSchemaLike, RealmLike, RealmObjectLike } from "../realm-like.js";
import { GENERATION_KEY } from "../schema/field-keys.js";
import { decodePrimaryKey } from "../schema/primary-key.js";
import type { ResolvedTrackingOptions } from "../schema/tracking-options.js";
import { encodeValue, shapeOfProperty } from "./value-codec.js";
import type { CodecContext, EncodedValue, ValueShape } from "./value-codec.js";
import { dictionaryEntries, setOwn } from "../utils/dictionary.js";

/** An object of the fresh realm: its values (encoded), stamps and generation. */
export interface FreshObject {
  /** Top-level values by property name, encoded; the primary key and stamps property left out. */
  readonly values: Readonly<Record<string, EncodedValue>>;
  /** Its `fieldTimestamps` entries (empty for untracked models). */
  readonly stamps: Readonly<Record<string, string>>;
  readonly generation: number;
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
  /** The fresh realm's object of `model` with encoded primary key `key`, if any. */
  object(model: string, key: string): FreshObject | undefined;
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
  return {
    schema: data.schema,
    object(model, key) {
      const found = data.objects?.[model]?.[key];
      return found === undefined ? undefined : { values: found.values, stamps: found.stamps ?? {}, generation: found.generation ?? 1 };
    },
    has: (model, key) => data.objects?.[model]?.[key] !== undefined,
    tombstone: (model, key) => data.tombstones?.[model]?.[key],
  };
}

/** The schema lookup of a realm, for the value codec. */
export function codecContext(schema: readonly ObjectSchemaLike[]): CodecContext {
  const byName = new Map(schema.map((model) => [model.name, model]));
  return { schemaOf: (model) => byName.get(model) };
}

/** The generation recorded in a stamp dictionary (`#gen`, default 1). */
export function generationOf(stamps: Readonly<Record<string, string>>): number {
  const text = stamps[GENERATION_KEY];
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

/** A FreshView reading a live realm on demand (nothing is snapshotted up front). */
export function realmFreshView(realm: RealmLike, tracking: ResolvedTrackingOptions): FreshView {
  const context = codecContext(realm.schema);
  const fieldsByModel = new Map<string, readonly (readonly [string, ValueShape])[]>();
  /** The stored top-level fields of a model, without the primary key and the properties tracking manages. */
  const storedFields = (schema: ObjectSchemaLike): readonly (readonly [string, ValueShape])[] => {
    let fields = fieldsByModel.get(schema.name);
    if (fields === undefined) {
      const list: (readonly [string, ValueShape])[] = [];
      for (const [name, property] of Object.entries(schema.properties)) {
        if (tracking.managedProperties.has(name) || name === schema.primaryKey) continue;
        const shape = shapeOfProperty(property, context);
        if (shape !== undefined) list.push([name, shape]);
      }
      fieldsByModel.set(schema.name, (fields = list));
    }
    return fields;
  };
  const find = (model: string, key: string): RealmObjectLike | null => {
    const schema = context.schemaOf(model);
    if (schema?.primaryKey === undefined) return null;
    return realm.objectForPrimaryKey(model, decodePrimaryKey(key, model));
  };
  return {
    schema: realm.schema,
    object(model, key) {
      const schema = context.schemaOf(model);
      const found = find(model, key);
      if (schema === undefined || found === null) return undefined;
      const stamps = readStampDictionary(found[tracking.timestampsProperty]);
      // As encodeObject, with the model's stored fields and shapes worked out once per model.
      const values: Record<string, EncodedValue> = {};
      for (const [name, shape] of storedFields(schema)) values[name] = encodeValue(found[name], shape, context);
      return { values, stamps, generation: generationOf(stamps) };
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
