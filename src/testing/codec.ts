// JSON codec for store values: BSON, dates, binary data and non-finite doubles become tagged
// objects (`{ "$oid": hex }`, `{ "$date": iso }`…) so a dump is plain JSON and reads back exactly.
import { Decimal128, ObjectId, UUID } from "bson";
import { MemoryRealmError } from "./errors.js";
import { asDecimal, asObjectId, asUuid } from "./values.js";

/** A JSON value as written in a dump. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Encodes one scalar value (not a link, object or collection). */
export function encodeScalar(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
      return value;
    case "number":
      return Number.isFinite(value) ? value : { $double: String(value) };
    case "bigint":
      return Number(value);
  }
  if (value instanceof Date) return { $date: value.toISOString() };
  const oid = asObjectId(value);
  if (oid) return { $oid: oid.toHexString() };
  const uuid = asUuid(value);
  if (uuid) return { $uuid: uuid.toHexString(true) };
  const decimal = asDecimal(value);
  if (decimal) return { $decimal: decimal.toString() };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  throw new MemoryRealmError("INVALID_DUMP", `Cannot encode a value of type ${Object.prototype.toString.call(value)} in a memory realm dump`);
}

/** Whether a JSON value is one of the codec's tagged objects. */
export function isTagged(value: unknown): value is Record<string, string> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && ["$oid", "$uuid", "$decimal", "$date", "$binary", "$double"].includes(keys[0] ?? "");
}

/** Decodes what `encodeScalar` wrote; other JSON values pass through. */
export function decodeScalar(value: unknown): unknown {
  if (!isTagged(value)) return value;
  const [[tag, text]] = Object.entries(value) as [[string, string]];
  switch (tag) {
    case "$oid":
      return new ObjectId(text);
    case "$uuid":
      return new UUID(text);
    case "$decimal":
      return Decimal128.fromString(text);
    case "$date":
      return new Date(text);
    case "$binary": {
      const bytes = Buffer.from(text, "base64");
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    }
    default:
      return Number(text);
  }
}
