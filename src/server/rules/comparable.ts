// How encoded values (value-codec: `{ "$date": … }`, `{ "$oid": … }`…) compare in rules and
// subscription queries: dates as milliseconds, decimals as numbers, ids by their text.
import { taggedScalarType } from "../../recovery/value-codec.js";

/** The form an encoded value is compared in. */
export function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  const type = taggedScalarType(value);
  if (type === undefined) return value;
  const text = Object.values(value as Record<string, unknown>)[0];
  switch (type) {
    case "date":
      return Date.parse(String(text));
    case "decimal128":
      return Number(text);
    default:
      return `${type}:${String(text).toLowerCase()}`;
  }
}

/** Equality of two encoded values (deep for arrays and records). */
export function sameValue(a: unknown, b: unknown): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if ((x === null || x === undefined) && (y === null || y === undefined)) return true;
  if (typeof x !== "object" || typeof y !== "object" || x === null || y === null) return x === y;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  const xk = Object.keys(x);
  const yk = Object.keys(y);
  return xk.length === yk.length && xk.every((k) => sameValue((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
}
