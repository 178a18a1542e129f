// A plain-JSON snapshot of a realm's contents (`MemoryRealmDump`, format 1), for fixtures
// and the CLI: values use the tagged codec, links name their target by encoded primary key.
import type { ObjectSchemaLike, PrimaryKeyValue, RealmLike } from "../realm-like.js";
import type { NormalizedObjectSchema, ObjectSchemaInput, PropertySchemaInput } from "../schema/normalize.js";
import { normalizeSchema } from "../schema/normalize.js";
import { encodePrimaryKey } from "../schema/primary-key.js";
import { encodeScalar, decodeScalar, isTagged } from "./codec.js";
import type { JsonValue } from "./codec.js";
import { MemoryRealmError } from "./errors.js";
import type { LinkTarget, LoadSource } from "./load.js";
import { dictionaryEntries, setOwn } from "../utils/dictionary.js";

/**
 * A realm's contents as plain JSON. Scalars: JSON, or `{ "$oid" }`, `{ "$uuid" }`, `{ "$decimal" }`,
 * `{ "$date": iso }`, `{ "$binary": base64 }`, `{ "$double": "NaN" }`. Links:
 * `{ "$link": encodePrimaryKey(pk) }` (or `{ "$ref": index }` into `objects[Model]` for models
 * without a primary key), plus `"$model"` inside mixed values. Embedded objects are inlined,
 * lists and sets are arrays, dictionaries are objects.
 */
export interface MemoryRealmDump {
  readonly format: 1;
  readonly schema: readonly ObjectSchemaInput[];
  readonly objects: Readonly<Record<string, readonly Readonly<Record<string, JsonValue>>[]>>;
}

type AnyObject = Record<string, unknown> & { objectSchema?: () => ObjectSchemaLike; _objectKey?: () => string };

function isRealmObject(value: unknown): value is AnyObject {
  return typeof value === "object" && value !== null && typeof (value as AnyObject).objectSchema === "function";
}

/** A Realm List (or ours) read from a mixed value. */
function isListLike(value: unknown): boolean {
  return Array.isArray(value) || (typeof value === "object" && value !== null && typeof (value as { push?: unknown }).push === "function");
}

/** A Realm Dictionary (or ours) read from a mixed value. */
function isDictionaryLike(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { remove?: unknown; set?: unknown };
  return typeof candidate.remove === "function" && typeof candidate.set === "function" && !isListLike(value);
}

/** JSON-safe schema: drops class constructors and function defaults. */
function plainSchema(schema: readonly ObjectSchemaLike[]): ObjectSchemaInput[] {
  return schema.map((model) => {
    const properties: Record<string, PropertySchemaInput> = {};
    for (const [name, property] of Object.entries(model.properties)) {
      const out: Record<string, unknown> = {};
      for (const key of ["type", "objectType", "presentation", "property", "optional", "indexed", "mapTo"] as const) {
        const value = (property as unknown as Record<string, unknown>)[key];
        if (value !== undefined) out[key] = value;
      }
      if (property.default !== undefined && typeof property.default !== "function") out.default = encodeScalar(property.default);
      properties[name] = out as unknown as PropertySchemaInput;
    }
    const out: { -readonly [K in keyof ObjectSchemaInput]: ObjectSchemaInput[K] } = { name: model.name, properties };
    if (model.primaryKey) out.primaryKey = model.primaryKey;
    if (model.embedded) out.embedded = true;
    if (model.asymmetric) out.asymmetric = true;
    return out;
  });
}

/** Identifies objects of models without a primary key by position, for links to them. */
class Positions {
  private readonly byModel = new Map<string, Map<unknown, number>>();
  constructor(private readonly realm: RealmLike) {}

  static key(object: AnyObject): unknown {
    return typeof object._objectKey === "function" ? object._objectKey() : object;
  }

  index(model: string, object: AnyObject): number {
    let positions = this.byModel.get(model);
    if (!positions) {
      positions = new Map();
      let i = 0;
      for (const other of this.realm.objects(model)) positions.set(Positions.key(other as AnyObject), i++);
      this.byModel.set(model, positions);
    }
    return positions.get(Positions.key(object)) ?? -1;
  }
}

/** Identity of a top-level object: its encoded primary key, or `#<index>` in `objects(model)`. */
function identityOf(schema: ReadonlyMap<string, ObjectSchemaLike>, positions: Positions, object: AnyObject): { model: string; identity: string } {
  const model = (object.objectSchema as () => ObjectSchemaLike)().name;
  const pk = schema.get(model)?.primaryKey;
  if (pk) return { model, identity: encodePrimaryKey(object[pk] as PrimaryKeyValue) };
  return { model, identity: `#${positions.index(model, object)}` };
}

/** Dumps any RealmLike (the memory store or real Realm) as a `MemoryRealmDump`. */
export function dumpMemoryRealm(realm: RealmLike): MemoryRealmDump {
  const schema = new Map(realm.schema.map((model) => [model.name, model]));
  const positions = new Positions(realm);
  const encodeLink = (value: unknown, withModel: boolean): JsonValue => {
    if (!isRealmObject(value)) return null;
    const { model, identity } = identityOf(schema, positions, value);
    const ref: Record<string, JsonValue> = identity.startsWith("#") ? { $ref: Number(identity.slice(1)) } : { $link: identity };
    if (withModel) ref.$model = model;
    return ref;
  };
  const encodeElement = (objectType: string | undefined, value: unknown): JsonValue => {
    if (value === null || value === undefined) return null;
    const target = objectType === undefined ? undefined : schema.get(objectType);
    if (target?.embedded) return encodeObject(target, value as AnyObject);
    if (target) return encodeLink(value, false);
    if (objectType === "mixed") {
      if (isRealmObject(value)) return encodeLink(value, true);
      // Collections inside mixed (realm >= 12.9): a list becomes an array, a dictionary an object.
      if (isListLike(value)) return [...(value as Iterable<unknown>)].map((element) => encodeElement("mixed", element));
      if (isDictionaryLike(value)) {
        const entries: { [key: string]: JsonValue } = {};
        for (const [key, element] of dictionaryEntries(value as object)) setOwn(entries, key, encodeElement("mixed", element));
        return entries;
      }
    }
    if (typeof value === "object" && typeof (value as { increment?: unknown }).increment === "function") return (value as { value: number }).value;
    return encodeScalar(value);
  };
  const encodeObject = (model: ObjectSchemaLike, object: AnyObject): { [key: string]: JsonValue } => {
    const out: { [key: string]: JsonValue } = {};
    for (const [name, property] of Object.entries(model.properties)) {
      if (property.type === "linkingObjects") continue;
      const value = object[name];
      switch (property.type) {
        case "list":
        case "set":
          out[name] = value === null || value === undefined ? [] : [...(value as Iterable<unknown>)].map((e) => encodeElement(property.objectType, e));
          break;
        case "dictionary": {
          const entries: { [key: string]: JsonValue } = {};
          if (value) for (const [key, element] of dictionaryEntries(value as object)) setOwn(entries, key, encodeElement(property.objectType, element));
          out[name] = entries;
          break;
        }
        case "object":
          out[name] = encodeElement(property.objectType, value);
          break;
        default:
          out[name] = encodeElement(property.type, value);
      }
    }
    return out;
  };
  const objects: Record<string, { [key: string]: JsonValue }[]> = {};
  for (const model of realm.schema) {
    if (model.embedded || model.asymmetric) continue;
    objects[model.name] = [...realm.objects(model.name)].map((object) => encodeObject(model, object as AnyObject));
  }
  return { format: 1, schema: plainSchema(realm.schema), objects };
}

/** The schema a dump was made with (canonical), after checking the dump's shape. */
export function dumpSchema(dump: MemoryRealmDump): NormalizedObjectSchema[] {
  if (typeof dump !== "object" || dump === null || dump.format !== 1 || !Array.isArray(dump.schema) || typeof dump.objects !== "object") {
    throw new MemoryRealmError("INVALID_DUMP", "Expected a memory realm dump ({ format: 1, schema, objects }); re-create it with dumpMemoryRealm()");
  }
  return normalizeSchema(
    dump.schema.map((model) => ({
      ...model,
      properties: Object.fromEntries(
        Object.entries(model.properties as Record<string, string | PropertySchemaInput>).map(([name, property]) =>
          typeof property === "string" || property.default === undefined ? [name, property] : [name, { ...property, default: decodeScalar(property.default) }],
        ),
      ),
    })),
  );
}

/** A `LoadSource` reading a dump. */
export function dumpSource(dump: MemoryRealmDump, schema: readonly NormalizedObjectSchema[]): LoadSource {
  const models = new Map(schema.map((model) => [model.name, model]));
  return {
    objects: (model) => dump.objects[model] ?? [],
    identity: (model, object, index) => {
      const pk = models.get(model)?.primaryKey;
      if (!pk) return `#${index}`;
      return encodePrimaryKey(decodeScalar((object as Record<string, unknown>)[pk]) as PrimaryKeyValue);
    },
    field: (object, name) => (object as Record<string, unknown>)[name],
    linkTarget: (value, expected): LinkTarget | undefined => {
      if (typeof value !== "object" || value === null || isTagged(value)) return undefined;
      const ref = value as { $link?: unknown; $ref?: unknown; $model?: unknown };
      const model = typeof ref.$model === "string" ? ref.$model : expected;
      if (model === undefined) return undefined;
      if (typeof ref.$link === "string") return { model, identity: ref.$link };
      if (typeof ref.$ref === "number") return { model, identity: `#${ref.$ref}` };
      return undefined;
    },
    scalar: decodeScalar,
    dictionaryEntries: (value) => dictionaryEntries(value as object),
    elements: (value) => value as unknown[],
    mixedCollection: (value) => (Array.isArray(value) ? "list" : typeof value === "object" && value !== null && !isTagged(value) ? "dictionary" : undefined),
  };
}

/** A `LoadSource` reading another realm (memory or real) through the RealmLike surface. */
export function realmSource(realm: RealmLike): LoadSource {
  const schema = new Map(realm.schema.map((model) => [model.name, model]));
  const positions = new Positions(realm);
  return {
    objects: (model) => (schema.has(model) ? realm.objects(model) : []),
    identity: (model, object, index) => {
      const pk = schema.get(model)?.primaryKey;
      return pk ? encodePrimaryKey((object as AnyObject)[pk] as PrimaryKeyValue) : `#${index}`;
    },
    field: (object, name) => (object as AnyObject)[name],
    linkTarget: (value) => (isRealmObject(value) ? identityOf(schema, positions, value) : undefined),
    scalar: (value) => value,
    dictionaryEntries: (value) => dictionaryEntries(value as object),
    elements: (value) => value as Iterable<unknown>,
    mixedCollection: (value) => (isListLike(value) ? "list" : isDictionaryLike(value) ? "dictionary" : undefined),
  };
}
