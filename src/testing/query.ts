// `results.filtered()` of the in-memory store: the library's Realm Query Language subset
// (src/utils/query-language.ts) over the store's rows. Anything else is refused (INVALID_QUERY).
import { bsonKind } from "../utils/bson.js";
import { compilePredicate, tokenize as tokenizeQuery } from "../utils/query-language.js";
import type { Predicate } from "../utils/query-language.js";
import { MemoryCounter } from "./counter.js";
import type { Engine } from "./engine.js";
import { MemoryRealmError } from "./errors.js";
import type { ModelState, Row } from "./row.js";

/** The query's tokens (operators, literals, `$n`, property paths); throws INVALID_QUERY on stray input. */
export function tokenize(query: string): string[] {
  return tokenizeQuery(query, invalid);
}

function invalid(query: string, why: string): MemoryRealmError {
  return new MemoryRealmError("INVALID_QUERY", `Invalid predicate: '${query}': ${why} (the in-memory store supports a subset of Realm Query Language)`);
}

export function compileQuery(engine: Engine, model: ModelState, query: string, args: readonly unknown[]): Predicate<Row> {
  const read = (row: Row, path: string): unknown => {
    let value: unknown = engine.handle(row);
    for (const part of path.split(".")) {
      if (value === null || value === undefined) return null;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };
  return compilePredicate<Row>(query, args, {
    property(path) {
      const root = path.split(".")[0] ?? "";
      if (!model.planByName.has(root)) return { refused: `'${model.name}' has no property '${root}'` };
      return (row) => read(row, path);
    },
    comparable,
    invalid,
  });
}

function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  // A counter compares as its int (as in Realm); bigint ints as the store keeps them (numbers).
  if (value instanceof MemoryCounter) return value.value;
  if (typeof value === "bigint") return Number(value);
  const kind = bsonKind(value);
  if (kind !== undefined) {
    const hex = (value as { toHexString?: (dashes?: boolean) => string }).toHexString;
    return typeof hex === "function" ? `${kind}:${hex.call(value, false)}` : `${kind}:${String(value)}`;
  }
  return value;
}
