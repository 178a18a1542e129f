// Reading Realm values as plain data and comparing them by value (law 3: an equal rewrite
// is not a change). Links compare by model and primary key, never structurally.
import fastDeepEqual from "fast-deep-equal/es6/index.js";
import type { PropertySchemaLike, RealmObjectLike } from "../realm-like.js";
import type { TrackingConfig } from "../schema/tracking-config.js";
import { bsonKind } from "../utils/bson.js";
import { dictionaryEntries, setOwn } from "../utils/dictionary.js";
import { mixedKind } from "../utils/mixed-value.js";

/** Property types whose values are single scalars (no collection, no link). */
const SCALAR_TYPES = new Set(["bool", "int", "float", "double", "decimal128", "objectId", "string", "data", "date", "uuid"]);

/** Whether a property holds one scalar value (compared and written as a whole, cheaply). */
export function isScalarProperty(property: PropertySchemaLike): boolean {
  return SCALAR_TYPES.has(property.type);
}

/** Whether a property is an `object` property pointing at an embedded model. */
export function isEmbeddedProperty(config: TrackingConfig, property: PropertySchemaLike): boolean {
  return property.type === "object" && property.objectType !== undefined && config.models.get(property.objectType)?.embedded === true;
}

/** Whether collection elements (`objectType`) are embedded objects. */
export function hasEmbeddedElements(config: TrackingConfig, property: PropertySchemaLike): boolean {
  return property.objectType !== undefined && config.models.get(property.objectType)?.embedded === true;
}

/** Duck-typed Realm object (real Realm or the memory store). */
export function isRealmObject(value: unknown): value is RealmObjectLike {
  return typeof value === "object" && value !== null && typeof (value as { objectSchema?: unknown }).objectSchema === "function" && typeof (value as { isValid?: unknown }).isValid === "function";
}

/** A Realm `Counter` (realm ≥ 12.10): an object with `value`, `increment` and `set`. */
export interface CounterLike {
  readonly value: number;
  increment(by?: number): void;
  set(value: number): void;
}

export function isCounter(value: unknown): value is CounterLike {
  return typeof value === "object" && value !== null && typeof (value as { increment?: unknown }).increment === "function" && "value" in value;
}

/** Keys of a Realm dictionary (or a plain record). */
export function dictionaryKeys(dictionary: object): string[] {
  return dictionaryEntries(dictionary).map(([key]) => key);
}

/** The plain snapshot of one property value: lists -> arrays, sets -> `Set`, dictionaries -> records, embedded -> plain objects. Links stay Realm objects. */
export function snapshotValue(config: TrackingConfig, property: PropertySchemaLike, value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  switch (property.type) {
    case "list":
      return Array.from(value as Iterable<unknown>, (element) => snapshotElement(config, property, element));
    case "set":
      return new Set(Array.from(value as Iterable<unknown>, (element) => snapshotElement(config, property, element)));
    case "dictionary": {
      return Object.fromEntries(dictionaryEntries(value as object).map(([key, element]) => [key, snapshotElement(config, property, element)]));
    }
    case "object":
      return isEmbeddedProperty(config, property) ? snapshotEmbedded(config, property.objectType as string, value as RealmObjectLike) : value;
    case "int":
      return isCounter(value) ? value.value : value;
    case "mixed":
      return snapshotMixed(value);
    default:
      return value;
  }
}

function snapshotElement(config: TrackingConfig, property: PropertySchemaLike, element: unknown): unknown {
  if (element === null || element === undefined) return element ?? null;
  if (property.objectType === "mixed") return snapshotMixed(element);
  return hasEmbeddedElements(config, property) ? snapshotEmbedded(config, property.objectType as string, element as RealmObjectLike) : element;
}

/**
 * The plain snapshot of a mixed value: lists and dictionaries nested in it (realm >= 12.9), at
 * any depth, become arrays and records (own keys, even `"__proto__"`), so a recipe edits a draft
 * and not the live collection; links and scalars stay as they are.
 */
export function snapshotMixed(value: unknown): unknown {
  switch (mixedKind(value)) {
    case "list":
      return Array.from(value as Iterable<unknown>, snapshotMixed);
    case "dictionary": {
      const out: Record<string, unknown> = {};
      for (const [key, item] of dictionaryEntries(value as object)) setOwn(out, key, snapshotMixed(item));
      return out;
    }
    default:
      return value;
  }
}

/**
 * A mixed value as Realm writes it whatever its keys: nested records without a prototype (Realm
 * takes an object with an own `"constructor"` key for a plain one only then), lists as arrays.
 * Returns `value` itself when it holds no collection.
 */
export function writableMixed(value: unknown): unknown {
  switch (mixedKind(value)) {
    case "list":
      return Array.from(value as Iterable<unknown>, writableMixed);
    case "dictionary": {
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of dictionaryEntries(value as object)) setOwn(out, key, writableMixed(item));
      return out;
    }
    default:
      return value;
  }
}

/** Plain copy of an object's persisted properties (no timestamps dictionary, no linkingObjects). */
export function snapshotObject(config: TrackingConfig, model: string, object: RealmObjectLike): Record<string, unknown> {
  const properties = config.models.get(model)?.properties;
  const plain: Record<string, unknown> = {};
  if (!properties) return plain;
  for (const [name, property] of properties) plain[name] = snapshotValue(config, property, object[name]);
  return plain;
}

function snapshotEmbedded(config: TrackingConfig, model: string, object: RealmObjectLike): Record<string, unknown> {
  return snapshotObject(config, model, object);
}

/** The primary key of a Realm object, read through its own schema. */
export function primaryKeyOf(object: RealmObjectLike): unknown {
  const primaryKey = object.objectSchema().primaryKey;
  return primaryKey === undefined ? undefined : object[primaryKey];
}

/** Scalars by value: dates by time, BSON by canonical text, binary by bytes, NaN equals NaN. */
export function scalarEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (bsonKind(a) !== undefined || bsonKind(b) !== undefined) return bsonText(a) === bsonText(b);
  const bytesA = asBytes(a);
  const bytesB = asBytes(b);
  if (bytesA && bytesB) return bytesA.length === bytesB.length && bytesA.every((byte, i) => byte === bytesB[i]);
  return false;
}

/** A BSON value as `<kind>:<canonical text>` (hex where the value has it). */
function bsonText(value: object): string {
  const toHex = (value as { toHexString?: unknown }).toHexString;
  return `${String(bsonKind(value))}:${typeof toHex === "function" ? String(toHex.call(value)) : String(value)}`;
}

function asBytes(value: object): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** Links by identity: same model and equal primary keys (Realm may hand out distinct wrappers). */
export function linkEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isRealmObject(a) || !isRealmObject(b)) return (a ?? null) === (b ?? null);
  const schemaA = a.objectSchema();
  if (schemaA.name !== b.objectSchema().name || schemaA.primaryKey === undefined) return false;
  return scalarEquals(a[schemaA.primaryKey], b[schemaA.primaryKey]);
}

/**
 * Deep equality over plain snapshots (law 3), judged by fast-deep-equal on a canonical form:
 * scalars by value, links by model and primary key, sets regardless of order.
 */
export function deepEquals(a: unknown, b: unknown): boolean {
  return a === b || scalarEquals(a, b) || fastDeepEqual(comparable(a), comparable(b));
}

/** A value fast-deep-equal compares correctly: everything it would judge by identity becomes a tagged key. */
class Tagged {
  constructor(readonly key: string) {}
}

function comparable(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(comparable);
  if (value instanceof Set) return new Tagged(Array.from(value, elementKey).sort().join("\u0000"));
  if (value instanceof Date || isRealmObject(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer || bsonKind(value) !== undefined) {
    return new Tagged(elementKey(value));
  }
  // A live list or dictionary (nested in mixed) compares as its plain form.
  const kind = mixedKind(value);
  if (kind === "list") return Array.from(value as Iterable<unknown>, comparable);
  const entries = (kind === "dictionary" ? dictionaryEntries(value) : Object.entries(value)).map(([key, element]): [string, unknown] => [key, comparable(element)]);
  // fast-deep-equal calls an object's own `toString` / `valueOf` and compares `constructor`s:
  // a record with such user keys (a dictionary entry named "toString") compares as a Map.
  return entries.some(([key]) => key === "toString" || key === "valueOf" || key === "constructor") ? new Map(entries) : Object.fromEntries(entries);
}

/** A string identifying a set element by value (sets hold scalars or links). */
export function elementKey(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return `s${value}`;
    case "number":
      return Number.isNaN(value) ? "nNaN" : `n${Object.is(value, -0) ? 0 : value}`;
    case "bigint":
      return `n${String(value)}`;
    case "boolean":
      return `b${String(value)}`;
    case "object": {
      if (value instanceof Date) return `d${value.getTime()}`;
      if (isRealmObject(value)) return `l${value.objectSchema().name}/${elementKey(primaryKeyOf(value))}`;
      if (bsonKind(value) !== undefined) return `x${bsonText(value)}`;
      const bytes = asBytes(value);
      if (bytes) return `y${Array.from(bytes).join(",")}`;
      return `j${JSON.stringify(value)}`;
    }
    default:
      return `?${String(value)}`;
  }
}
