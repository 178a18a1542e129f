// Realm values <-> JSON-safe values, driven by the property schema. Changesets, the merge
// plan and the report hold only encoded values, so they can be stored and compared as JSON.
import { Decimal128, ObjectId, UUID } from "bson";
import { FieldRecoveryError } from "../errors.js";
import type { ObjectSchemaLike, PrimaryKeyValue, PropertySchemaLike } from "../realm-like.js";
import { decodePrimaryKey, encodePrimaryKey } from "../schema/primary-key.js";
import { dictionaryEntries, setOwn } from "../utils/dictionary.js";
import { bsonKind } from "../utils/bson.js";
import { mixedKind } from "../utils/mixed-value.js";

/** A JSON value: what every field value becomes in a changeset, a plan or a report. */
export type EncodedValue = null | boolean | number | string | readonly EncodedValue[] | { readonly [key: string]: EncodedValue };

const SCALAR_TYPES = ["bool", "int", "float", "double", "decimal128", "objectId", "string", "data", "date", "uuid"] as const;
/** Property types stored as a single non-collection, non-object value. */
export type ScalarType = (typeof SCALAR_TYPES)[number];

/** What a value at some path looks like, derived from the schema. */
export type ValueShape =
  | { readonly kind: "scalar"; readonly type: ScalarType; readonly optional: boolean }
  | { readonly kind: "counter"; readonly optional: boolean }
  | { readonly kind: "mixed" }
  | { readonly kind: "link"; readonly model: string }
  | { readonly kind: "embedded"; readonly model: string; readonly optional: boolean }
  | { readonly kind: "list" | "set" | "dictionary"; readonly element: ValueShape };

/** The schema lookup the codec needs. */
export interface CodecContext {
  /** The schema of a model by name (`undefined` when the realm has no such model). */
  schemaOf(model: string): ObjectSchemaLike | undefined;
}

/** Turns an encoded link back into an object of the target realm (or `null` if missing). */
export type LinkResolver = (model: string, key: string) => unknown;

/** Thrown when a value does not fit its schema or cannot be encoded (code `UNENCODABLE_VALUE`). */
export class UnencodableValueError extends FieldRecoveryError {
  constructor(message: string) {
    super("UNENCODABLE_VALUE", message);
  }
}

const isScalarType = (type: string): type is ScalarType => (SCALAR_TYPES as readonly string[]).includes(type);

/** The shape of an element / target type name (`"int"`, `"mixed"`, or a model name). */
function elementShape(objectType: string, optional: boolean, context: CodecContext): ValueShape {
  if (objectType === "mixed") return { kind: "mixed" };
  if (isScalarType(objectType)) return { kind: "scalar", type: objectType, optional };
  return context.schemaOf(objectType)?.embedded === true ? { kind: "embedded", model: objectType, optional } : { kind: "link", model: objectType };
}

/** The shape of a property's value; `undefined` for `linkingObjects` (computed, never stored). */
export function shapeOfProperty(property: PropertySchemaLike, context: CodecContext): ValueShape | undefined {
  switch (property.type) {
    case "linkingObjects":
      return undefined;
    case "list":
    case "set":
    case "dictionary":
      return { kind: property.type, element: elementShape(property.objectType ?? "mixed", property.optional, context) };
    case "object":
      return elementShape(property.objectType ?? "", true, context);
    case "mixed":
      return { kind: "mixed" };
    case "int":
      if (property.presentation === "counter") return { kind: "counter", optional: property.optional };
      return { kind: "scalar", type: "int", optional: property.optional };
    default:
      return { kind: "scalar", type: property.type, optional: property.optional };
  }
}

// --- base64, by hand: Buffer is missing on React Native.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function toBase64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64.charAt(n >> 18) + B64.charAt((n >> 12) & 63) + (b === undefined ? "=" : B64.charAt((n >> 6) & 63)) + (c === undefined ? "=" : B64.charAt(n & 63));
  }
  return out;
}
function fromBase64(text: string): ArrayBuffer {
  const clean = text.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) throw new UnencodableValueError(`Invalid base64 text in a "$binary" value: expected base64, got ${JSON.stringify(text.slice(0, 40))}`);
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let count = 0;
  let index = 0;
  for (const char of clean) {
    bits = (bits << 6) | B64.indexOf(char);
    count += 6;
    if (count >= 8) {
      count -= 8;
      bytes[index++] = (bits >> count) & 255;
    }
  }
  return bytes.buffer;
}
function binaryBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

function encodeNumber(value: number): EncodedValue {
  // JSON has no NaN, Infinity or -0: those travel as text.
  if (Object.is(value, -0)) return { $double: "-0" };
  return Number.isFinite(value) ? value : { $double: String(value) };
}

function isIterableCollection(value: unknown): value is Iterable<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "object") return bsonKind(value) ?? (Array.isArray(value) ? "an array" : "an object");
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

/** The model name of a live object, where the store exposes it (`objectSchema()`). */
function modelOf(value: object): string | undefined {
  const schema = (value as { objectSchema?: () => { name?: unknown } }).objectSchema?.();
  return typeof schema?.name === "string" ? schema.name : undefined;
}

function encodeLink(value: unknown, model: string, context: CodecContext): EncodedValue {
  const schema = context.schemaOf(model);
  if (schema?.primaryKey === undefined) throw new UnencodableValueError(`Cannot encode a link to model "${model}": the model has no primary key, so the link cannot be written as (model, primary key)`);
  const key = encodePrimaryKey((value as Record<string, unknown>)[schema.primaryKey] as PrimaryKeyValue);
  return { $link: { model, key } };
}

/** Encodes an object's stored properties (embedded objects, and top-level snapshots). */
export function encodeObject(object: Readonly<Record<string, unknown>>, schema: ObjectSchemaLike, context: CodecContext, skip?: ReadonlySet<string>): Record<string, EncodedValue> {
  const out: Record<string, EncodedValue> = {};
  for (const [name, property] of Object.entries(schema.properties)) {
    if (skip?.has(name) === true) continue;
    const shape = shapeOfProperty(property, context);
    if (shape === undefined) continue;
    out[name] = encodeValue(object[name], shape, context);
  }
  return out;
}

/** Encodes one value of the given shape. @throws UnencodableValueError */
export function encodeValue(value: unknown, shape: ValueShape, context: CodecContext): EncodedValue {
  if (value === null || value === undefined) return null;
  switch (shape.kind) {
    case "scalar":
      return encodeScalar(value, shape.type);
    case "counter": {
      const inner = typeof value === "object" ? (value as { value?: unknown }).value : value;
      return encodeScalar(inner, "int");
    }
    case "link":
      return encodeLink(value, shape.model, context);
    case "embedded": {
      const schema = context.schemaOf(shape.model);
      if (schema === undefined) throw new UnencodableValueError(`Cannot encode an embedded object of unknown model "${shape.model}"`);
      return encodeObject(value as Record<string, unknown>, schema, context);
    }
    case "list":
    case "set": {
      if (!isIterableCollection(value)) throw new UnencodableValueError(`Expected a ${shape.kind}, got ${describeValue(value)}`);
      const items = Array.from(value, (item) => encodeValue(item, shape.element, context));
      return shape.kind === "list" ? items : { $set: sortEncoded(items) };
    }
    case "dictionary": {
      if (typeof value !== "object") throw new UnencodableValueError(`Expected a dictionary, got ${describeValue(value)}`);
      return Object.fromEntries(dictionaryEntries(value).map(([key, item]) => [key, encodeValue(item, shape.element, context)]));
    }
    case "mixed":
      return encodeMixed(value, context);
  }
}

function encodeScalar(value: unknown, type: ScalarType): EncodedValue {
  switch (type) {
    case "bool":
      if (typeof value === "boolean") return value;
      break;
    case "int":
      if (typeof value === "bigint") return Number(value);
      if (typeof value === "number") return value === 0 ? 0 : encodeNumber(value);
      break;
    case "float":
    case "double":
      if (typeof value === "number") return encodeNumber(value);
      break;
    case "string":
      if (typeof value === "string") return value;
      break;
    case "date":
      if (value instanceof Date && !Number.isNaN(value.getTime())) return { $date: value.toISOString() };
      break;
    case "objectId":
      if (bsonKind(value) === "ObjectId") return { $oid: (value as ObjectId).toHexString() };
      break;
    case "uuid":
      if (bsonKind(value) === "UUID") return { $uuid: (value as UUID).toHexString(true) };
      break;
    case "decimal128":
      if (bsonKind(value) === "Decimal128") return { $decimal: String(value) };
      break;
    case "data": {
      const bytes = binaryBytes(value);
      if (bytes !== undefined) return { $binary: toBase64(bytes) };
      break;
    }
  }
  throw new UnencodableValueError(`Expected a ${type} value, got ${describeValue(value)}`);
}

/**
 * Encodes one scalar by its runtime type (bool, number, string, Date, ObjectId, UUID, Decimal128,
 * binary) in the tagged JSON form; `undefined` when `value` is not a scalar. One definition of
 * the form, shared by changesets and the in-memory store's dumps.
 */
export function encodeAnyScalar(value: unknown): EncodedValue | undefined {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      return encodeNumber(value);
    case "bigint":
      return Number(value);
  }
  if (value instanceof Date) return encodeScalar(value, "date");
  const tag = bsonKind(value);
  if (tag === "ObjectId") return encodeScalar(value, "objectId");
  if (tag === "UUID") return encodeScalar(value, "uuid");
  if (tag === "Decimal128") return encodeScalar(value, "decimal128");
  if (binaryBytes(value) !== undefined) return encodeScalar(value, "data");
  return undefined;
}

/** The scalar type of a tagged value (`{ "$oid": … }`, `{ "$date": … }`…), or `undefined`. */
export function taggedScalarType(value: unknown): ScalarType | undefined {
  if (!isEncodedRecord(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 ? TAGS[keys[0] as string] : undefined;
}

/** Decodes what `encodeAnyScalar` wrote; other JSON values pass through. */
export function decodeAnyScalar(encoded: EncodedValue): unknown {
  const type = taggedScalarType(encoded);
  return type === undefined ? encoded : decodeScalar(encoded, type);
}

function encodeMixed(value: unknown, context: CodecContext): EncodedValue {
  const scalar = encodeAnyScalar(value);
  if (scalar !== undefined) return scalar;
  // Lists and dictionaries nested in mixed (realm >= 12.9) have `isValid()` too: classify first.
  switch (mixedKind(value)) {
    case "link": {
      const model = modelOf(value as object);
      if (model === undefined) throw new UnencodableValueError(`Cannot encode a link inside a mixed value: the object does not expose its model (objectSchema())`);
      return encodeLink(value, model, context);
    }
    case "list":
      return Array.from(value as Iterable<unknown>, (item) => encodeMixed(item, context));
    case "dictionary": {
      const out: Record<string, EncodedValue> = {};
      for (const [key, item] of dictionaryEntries(value as object)) setOwn(out, key, encodeMixed(item, context));
      return out;
    }
    case "scalar":
      break;
  }
  throw new UnencodableValueError(`Cannot encode ${describeValue(value)} in a mixed property`);
}

/** Decodes an encoded value of the given shape into what Realm's `create` and setters accept. */
export function decodeValue(encoded: EncodedValue, shape: ValueShape, context: CodecContext, resolveLink: LinkResolver): unknown {
  if (encoded === null) return null;
  switch (shape.kind) {
    case "scalar":
    case "counter":
      return decodeScalar(encoded, shape.kind === "counter" ? "int" : shape.type);
    case "link": {
      const link = linkOf(encoded);
      if (link === undefined) throw new UnencodableValueError(`Expected a link {"$link": {model, key}}, got ${describeValue(encoded)}`);
      return resolveLink(link.model, link.key);
    }
    case "embedded": {
      const schema = context.schemaOf(shape.model);
      if (schema === undefined || !isEncodedRecord(encoded)) throw new UnencodableValueError(`Expected an embedded "${shape.model}" object, got ${describeValue(encoded)}`);
      return decodeObject(encoded, schema, context, resolveLink);
    }
    case "list":
      return asArray(encoded, "list").map((item) => decodeValue(item, shape.element, context, resolveLink));
    case "set":
      return setItems(encoded).map((item) => decodeValue(item, shape.element, context, resolveLink));
    case "dictionary": {
      if (!isEncodedRecord(encoded)) throw new UnencodableValueError(`Expected a dictionary, got ${describeValue(encoded)}`);
      const out = writableRecord();
      for (const [key, item] of Object.entries(encoded)) setOwn(out, key, decodeValue(item, shape.element, context, resolveLink));
      return out;
    }
    case "mixed":
      return decodeMixed(encoded, resolveLink);
  }
}

/** Decodes an encoded object (embedded object or top-level values) property by property. */
export function decodeObject(encoded: Readonly<Record<string, EncodedValue>>, schema: ObjectSchemaLike, context: CodecContext, resolveLink: LinkResolver): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(encoded)) {
    const property = schema.properties[name];
    const shape = property === undefined ? undefined : shapeOfProperty(property, context);
    if (shape === undefined) continue;
    out[name] = decodeValue(value, shape, context, resolveLink);
  }
  return out;
}

function decodeScalar(encoded: EncodedValue, type: ScalarType): unknown {
  const tagged = isEncodedRecord(encoded) ? encoded : undefined;
  switch (type) {
    case "bool":
    case "string":
      return encoded;
    case "int":
    case "float":
    case "double":
      return typeof tagged?.$double === "string" ? Number(tagged.$double) : encoded;
    case "date":
      return new Date(String(tagged?.$date));
    case "objectId":
      return new ObjectId(String(tagged?.$oid));
    case "uuid":
      return new UUID(String(tagged?.$uuid));
    case "decimal128":
      return Decimal128.fromString(String(tagged?.$decimal));
    case "data":
      return fromBase64(String(tagged?.$binary));
  }
}

// No prototype: a user's dictionary key such as "__proto__" or "constructor" is no tag.
const TAGS: Readonly<Record<string, ScalarType>> = Object.assign(Object.create(null) as Record<string, ScalarType>, { $date: "date", $oid: "objectId", $uuid: "uuid", $decimal: "decimal128", $binary: "data", $double: "double" });

/**
 * A record Realm writes as a dictionary whatever its keys: without a prototype. Realm takes an
 * object for a plain one only if `constructor === Object` or it has no prototype, so an own
 * `"constructor"` key would otherwise be refused ("A string was expected").
 */
function writableRecord(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function decodeMixed(encoded: EncodedValue, resolveLink: LinkResolver): unknown {
  if (encoded === null || typeof encoded !== "object") return encoded;
  if (Array.isArray(encoded)) return encoded.map((item: EncodedValue) => decodeMixed(item, resolveLink));
  const record = encoded as Record<string, EncodedValue>;
  const type = taggedScalarType(record);
  if (type !== undefined) return decodeScalar(record, type);
  const link = linkOf(record);
  if (link !== undefined) return resolveLink(link.model, link.key);
  const out = writableRecord();
  for (const [key, item] of Object.entries(record)) setOwn(out, key, decodeMixed(item, resolveLink));
  return out;
}

// --- inspection helpers shared with the merge.

/** An encoded JSON object (not an array, not null); encoded values are always plain JSON. */
export function isEncodedRecord(value: unknown): value is Readonly<Record<string, EncodedValue>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asArray(encoded: EncodedValue, what: string): readonly EncodedValue[] {
  if (!Array.isArray(encoded)) throw new UnencodableValueError(`Expected a ${what} (array), got ${describeValue(encoded)}`);
  return encoded as readonly EncodedValue[];
}

/** The elements of an encoded set `{ "$set": [...] }`. */
export function setItems(encoded: EncodedValue): readonly EncodedValue[] {
  if (!isEncodedRecord(encoded) || !Array.isArray(encoded.$set)) throw new UnencodableValueError(`Expected a set {"$set": [...]}, got ${describeValue(encoded)}`);
  return encoded.$set as readonly EncodedValue[];
}

/** Wraps elements as an encoded set, in a canonical order so equal sets encode equally. */
export function makeSet(items: readonly EncodedValue[]): EncodedValue {
  return { $set: sortEncoded(dedupe(items)) };
}

function dedupe(items: readonly EncodedValue[]): EncodedValue[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const text = canonicalJson(item);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

function sortEncoded(items: EncodedValue[]): EncodedValue[] {
  return items.map((item) => [canonicalJson(item), item] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, item]) => item);
}

/** `{ model, key }` of an encoded link, or `undefined`. */
export function linkOf(value: EncodedValue | undefined): { model: string; key: string } | undefined {
  if (!isEncodedRecord(value)) return undefined;
  const link = value.$link;
  if (!isEncodedRecord(link) || typeof link.model !== "string" || typeof link.key !== "string" || Object.keys(value).length !== 1) return undefined;
  return { model: link.model, key: link.key };
}

/** JSON with sorted object keys: equal values give equal text. */
export function canonicalJson(value: EncodedValue): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: EncodedValue) => canonicalJson(item)).join(",")}]`;
  const record = value as Record<string, EncodedValue>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key] ?? null)}`)
    .join(",")}}`;
}

/** Deep equality of encoded values (object key order ignored). */
export function encodedEquals(a: EncodedValue | undefined, b: EncodedValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  // Finite scalars and null differ unless identical (NaN and ±Infinity print as "null": compared as text below).
  const plainA = a === null || (typeof a !== "object" && (typeof a !== "number" || Number.isFinite(a)));
  const plainB = b === null || (typeof b !== "object" && (typeof b !== "number" || Number.isFinite(b)));
  if ((plainA && plainB) || (plainA && typeof b === "object") || (plainB && typeof a === "object")) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Why `encoded` does not fit `shape` (e.g. after a field was retyped), or `undefined`.
 * Used by the merge to skip a field instead of letting Realm throw mid-transaction.
 */
export function valueProblem(encoded: EncodedValue, shape: ValueShape, context: CodecContext): string | undefined {
  if (encoded === null) {
    if ((shape.kind === "scalar" || shape.kind === "counter") && !shape.optional) return `null for a required ${shape.kind === "counter" ? "counter" : shape.type}`;
    if (shape.kind === "list" || shape.kind === "set" || shape.kind === "dictionary") return `null for a ${shape.kind}`;
    return undefined;
  }
  const tagged = isEncodedRecord(encoded) ? encoded : undefined;
  // `describeEncoded(encoded)` only on a problem: this runs once per merged field.
  switch (shape.kind) {
    case "scalar":
    case "counter": {
      const type = shape.kind === "counter" ? "int" : shape.type;
      const ok =
        type === "bool" ? typeof encoded === "boolean"
        : type === "string" ? typeof encoded === "string"
        : type === "int" ? typeof encoded === "number" && Number.isInteger(encoded)
        : type === "float" || type === "double" ? typeof encoded === "number" || typeof tagged?.$double === "string"
        : type === "date" ? typeof tagged?.$date === "string" && !Number.isNaN(Date.parse(tagged.$date))
        : type === "objectId" ? typeof tagged?.$oid === "string" && /^[0-9a-f]{24}$/i.test(tagged.$oid)
        : type === "uuid" ? typeof tagged?.$uuid === "string" && /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(tagged.$uuid)
        : type === "decimal128" ? typeof tagged?.$decimal === "string"
        : typeof tagged?.$binary === "string";
      return ok ? undefined : `${describeEncoded(encoded)} for a ${type}`;
    }
    case "mixed":
      return undefined;
    case "link": {
      const link = linkOf(encoded);
      if (link === undefined) return `${describeEncoded(encoded)} for a link to "${shape.model}"`;
      if (link.model !== shape.model) return `a link to "${link.model}" for a link to "${shape.model}"`;
      try {
        decodePrimaryKey(link.key, link.model);
      } catch {
        return `a link with malformed key ${JSON.stringify(link.key)}`;
      }
      return undefined;
    }
    case "embedded": {
      const schema = context.schemaOf(shape.model);
      if (schema === undefined) return `an embedded object of unknown model "${shape.model}"`;
      if (tagged === undefined) return `${describeEncoded(encoded)} for an embedded "${shape.model}"`;
      for (const [name, item] of Object.entries(tagged)) {
        const property = schema.properties[name];
        const inner = property === undefined ? undefined : shapeOfProperty(property, context);
        if (inner === undefined) return `unknown field "${name}" in embedded "${shape.model}"`;
        const problem = valueProblem(item, inner, context);
        if (problem !== undefined) return `${problem} in "${name}" of embedded "${shape.model}"`;
      }
      return undefined;
    }
    case "list":
    case "set": {
      const items = shape.kind === "list" ? (Array.isArray(encoded) ? (encoded as readonly EncodedValue[]) : undefined) : Array.isArray(tagged?.$set) ? (tagged.$set as readonly EncodedValue[]) : undefined;
      if (items === undefined) return `${describeEncoded(encoded)} for a ${shape.kind}`;
      for (const item of items) {
        const problem = valueProblem(item, shape.element, context);
        if (problem !== undefined) return `${problem} in a ${shape.kind}`;
      }
      return undefined;
    }
    case "dictionary": {
      if (tagged === undefined) return `${describeEncoded(encoded)} for a dictionary`;
      for (const item of Object.values(tagged)) {
        const problem = valueProblem(item, shape.element, context);
        if (problem !== undefined) return `${problem} in a dictionary`;
      }
      return undefined;
    }
  }
}

function describeEncoded(encoded: EncodedValue): string {
  if (Array.isArray(encoded)) return "an array";
  if (isEncodedRecord(encoded)) {
    const only = Object.keys(encoded).length === 1 ? Object.keys(encoded)[0] : undefined;
    return only?.startsWith("$") === true ? `a ${only.slice(1)} value` : "an object";
  }
  return describeValue(encoded);
}
