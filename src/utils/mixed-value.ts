// What a value read from (or written to) a `mixed` slot is: a link, a list, a dictionary
// (collections in mixed, realm >= 12.9) or a scalar. Realm's List and Dictionary also have
// `isValid()`, so "has isValid" does not mean "is an object". Members are looked up on the
// prototype: Realm's Dictionary proxy answers `dict.keys`, `dict.length`… with its entries.
import { isPlainRecord } from "./dictionary.js";

/** The kind of a mixed value. */
export type MixedKind = "link" | "list" | "dictionary" | "scalar";

function protoHas(value: object, member: string): boolean {
  const proto = Object.getPrototypeOf(value) as Record<string, unknown> | null;
  return proto !== null && typeof proto[member] === "function";
}

/** Classifies a mixed value (live or plain): links have `objectSchema()`, lists `splice`, dictionaries `entries` and `remove`. */
export function mixedKind(value: unknown): MixedKind {
  if (typeof value !== "object" || value === null) return "scalar";
  if (Array.isArray(value)) return "list";
  if (isPlainRecord(value)) return "dictionary";
  if (protoHas(value, "objectSchema")) return "link";
  if (protoHas(value, "splice")) return "list";
  if (protoHas(value, "entries") && protoHas(value, "remove")) return "dictionary";
  return "scalar";
}
