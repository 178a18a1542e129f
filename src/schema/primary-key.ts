// Primary keys as text: a typed, reversible encoding (tombstones, changesets) and a
// readable one for messages. Types of bson are duck-typed so any bson copy works.
import { ObjectId, UUID } from "bson";
import { FieldRecoveryError } from "../errors.js";
import type { PrimaryKeyValue } from "../realm-like.js";
import { bsonKind } from "../utils/bson.js";

/** Thrown when an encoded primary key cannot be decoded. */
export class MalformedPrimaryKeyError extends FieldRecoveryError {
  constructor(text: string, model?: string) {
    super(
      "MALFORMED_PRIMARY_KEY",
      `Cannot decode primary key ${JSON.stringify(text)}: expected "s:<string>", "i:<integer>", "o:<24 hex>", "u:<uuid>" or "n:"`,
      model === undefined ? {} : { model },
    );
  }
}

/** Encodes a primary key as `s:…`, `i:…`, `o:…`, `u:…` or `n:`; the encoding sorts per type. */
export function encodePrimaryKey(value: PrimaryKeyValue): string {
  if (value === null) return "n:";
  if (typeof value === "string") return `s:${value}`;
  if (typeof value === "number") return `i:${value}`;
  if (typeof value === "bigint") return `i:${String(value)}`;
  const tag = bsonKind(value);
  if (tag === "ObjectId") return `o:${(value as ObjectId).toHexString()}`;
  if (tag === "UUID") return `u:${(value as UUID).toHexString(true)}`;
  throw new FieldRecoveryError("UNSUPPORTED_PRIMARY_KEY", `Unsupported primary key value ${describeKey(value)}: expected string, int, objectId or uuid`);
}

/** Decodes what `encodePrimaryKey` wrote. */
export function decodePrimaryKey(text: string, model?: string): PrimaryKeyValue {
  const kind = text.slice(0, 2);
  const body = text.slice(2);
  switch (kind) {
    case "n:":
      if (body === "") return null;
      break;
    case "s:":
      return body;
    case "i:":
      if (/^-?\d+$/.test(body) && Number.isSafeInteger(Number(body))) return Number(body);
      break;
    case "o:":
      if (/^[0-9a-f]{24}$/i.test(body)) return new ObjectId(body);
      break;
    case "u:":
      if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(body)) return new UUID(body);
      break;
  }
  throw new MalformedPrimaryKeyError(text, model);
}

/** A readable form for messages: `42`, `"rex"`, `ObjectId("…")`, `UUID("…")`. */
export function describeKey(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "bigint" || value === null || value === undefined) return String(value);
  const tag = bsonKind(value);
  if (tag === "ObjectId") return `ObjectId("${(value as ObjectId).toHexString()}")`;
  if (tag === "UUID") return `UUID("${(value as UUID).toHexString(true)}")`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
