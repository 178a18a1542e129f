// JSON codec for store values: BSON, dates, binary data and non-finite doubles become tagged
// objects (`{ "$oid": hex }`, `{ "$date": iso }`…) so a dump is plain JSON and reads back exactly.
import { decodeAnyScalar, encodeAnyScalar, taggedScalarType } from "../recovery/value-codec.js";
import type { EncodedValue } from "../recovery/value-codec.js";
import { MemoryRealmError } from "./errors.js";

/** A JSON value as written in a dump. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Encodes one scalar value (not a link, object or collection), in the changesets' tagged form. */
export function encodeScalar(value: unknown): JsonValue {
  const encoded = encodeAnyScalar(value);
  if (encoded === undefined) throw new MemoryRealmError("INVALID_DUMP", `Cannot encode a value of type ${Object.prototype.toString.call(value)} in a memory realm dump`);
  return encoded as JsonValue;
}

/** Whether a JSON value is one of the codec's tagged objects. */
export function isTagged(value: unknown): boolean {
  return taggedScalarType(value) !== undefined;
}

/** Decodes what `encodeScalar` wrote; other JSON values pass through. */
export function decodeScalar(value: unknown): unknown {
  return decodeAnyScalar(value as EncodedValue);
}
