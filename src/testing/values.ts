// Conversion between the values users pass / read and the values the store keeps:
// dates as epoch millis, binary data as owned ArrayBuffers, BSON as this package's classes.
import { Decimal128, ObjectId, UUID } from "bson";
import type { ErrorLocation } from "../errors.js";
import { MemoryRealmError, typeError } from "./errors.js";
import { Row } from "./row.js";
import { bsonKind } from "../utils/bson.js";

/** A date inside a mixed value (a wrapper keeps it apart from numbers). */
export class StoredDate {
  constructor(readonly millis: number) {}
}

export function asObjectId(value: unknown): ObjectId | undefined {
  if (value instanceof ObjectId) return value;
  if (bsonKind(value) === "ObjectId") return new ObjectId((value as ObjectId).toHexString());
  return undefined;
}

export function asUuid(value: unknown): UUID | undefined {
  if (value instanceof UUID) return value;
  if (bsonKind(value) === "UUID") return new UUID((value as UUID).toHexString(true));
  return undefined;
}

export function asDecimal(value: unknown): Decimal128 | undefined {
  if (value instanceof Decimal128) return value;
  if (bsonKind(value) === "Decimal128") return Decimal128.fromString(String(value));
  return undefined;
}

function copyBuffer(value: unknown): ArrayBuffer | undefined {
  if (value instanceof ArrayBuffer) return value.slice(0);
  if (ArrayBuffer.isView(value)) {
    const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return bytes.slice().buffer;
  }
  return undefined;
}

/** The stored form of a primitive property value (`type` is a primitive type name, not mixed). */
export function toStoredPrimitive(type: string, optional: boolean, value: unknown, location: ErrorLocation): unknown {
  if (value === null || value === undefined) {
    if (optional) return null;
    throw typeError(expectedText(type), value, location);
  }
  switch (type) {
    case "bool":
      if (typeof value === "boolean") return value;
      break;
    case "int":
      if (typeof value === "number") {
        if (Number.isInteger(value)) return value;
        throw typeError("an integer", value, location);
      }
      if (typeof value === "bigint") return Number(value);
      break;
    case "float":
    case "double":
      if (typeof value === "number") return value;
      break;
    case "string":
      if (typeof value === "string") return value;
      break;
    case "date":
      if (value instanceof Date) return value.getTime();
      if (typeof value === "string") return new Date(value).getTime();
      break;
    case "objectId":
      return asObjectId(value) ?? fail();
    case "uuid":
      return asUuid(value) ?? fail();
    case "decimal128":
      return asDecimal(value) ?? fail();
    case "data":
      return copyBuffer(value) ?? fail();
  }
  return fail();
  function fail(): never {
    throw typeError(expectedText(type), value, location);
  }
}

function expectedText(type: string): string {
  switch (type) {
    case "bool":
      return "a boolean";
    case "int":
      return "a number or bigint";
    case "float":
    case "double":
      return "a number";
    case "string":
      return "a string";
    case "date":
      return "an instance of Date";
    case "objectId":
      return "an instance of ObjectId";
    case "uuid":
      return "an instance of UUID";
    case "decimal128":
      return "an instance of Decimal128";
    case "data":
      return "an instance of ArrayBuffer";
    default:
      return `a ${type}`;
  }
}

/** The public form of a stored primitive: fresh Date / ArrayBuffer each read, like Realm. */
export function fromStoredPrimitive(type: string, stored: unknown): unknown {
  if (stored === null || stored === undefined) return null;
  if (type === "date") return new Date(stored as number);
  if (type === "data") return (stored as ArrayBuffer).slice(0);
  return stored;
}

/** The stored form of a mixed value other than a link (links are resolved by the caller). */
export function toStoredMixedScalar(value: unknown, location: ErrorLocation): unknown {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      return value;
    case "bigint":
      return Number(value);
  }
  if (value instanceof Date) return new StoredDate(value.getTime());
  const bson = asObjectId(value) ?? asUuid(value) ?? asDecimal(value);
  if (bson) return bson;
  const buffer = copyBuffer(value);
  if (buffer) return buffer;
  const name = (value as { constructor?: { name?: string } }).constructor?.name ?? "Object";
  throw new MemoryRealmError("TYPE_MISMATCH", `Using a ${name} as a Mixed value is not supported.`, location);
}

/** The public form of a stored mixed value that is not a link. */
export function fromStoredMixedScalar(stored: unknown): unknown {
  if (stored instanceof StoredDate) return new Date(stored.millis);
  if (stored instanceof ArrayBuffer) return stored.slice(0);
  return stored;
}

/** Value equality of two stored values (used by update mode "modified" and sets). */
export function storedEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
  }
  return canonicalKey(a) === canonicalKey(b);
}

/** A string identifying a stored value, for set membership and equality. */
export function canonicalKey(stored: unknown): string {
  if (stored === null || stored === undefined) return "n";
  switch (typeof stored) {
    case "string":
      return `s${stored}`;
    case "number":
      return `d${Object.is(stored, -0) ? 0 : stored}`;
    case "boolean":
      return stored ? "b1" : "b0";
  }
  if (stored instanceof Row) return `r${stored.id}`;
  if (stored instanceof StoredDate) return `t${stored.millis}`;
  if (stored instanceof ObjectId) return `o${stored.toHexString()}`;
  if (stored instanceof UUID) return `u${stored.toHexString(true)}`;
  if (stored instanceof Decimal128) return `m${stored.toString()}`;
  if (stored instanceof ArrayBuffer) return `x${Buffer.from(stored).toString("base64")}`;
  return `?${String(stored)}`;
}

