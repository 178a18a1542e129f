// A small subset of Realm Query Language for `results.filtered()`: comparisons
// (== != < <= > >=, BEGINSWITH/ENDSWITH/CONTAINS with [c]), AND/OR/NOT, parentheses,
// literals (numbers, strings, true/false/null) and `$n` arguments. Anything else is refused.
import { bsonKind } from "../utils/bson.js";
import { MemoryCounter } from "./counter.js";
import type { Engine } from "./engine.js";
import { MemoryRealmError } from "./errors.js";
import type { ModelState, Row } from "./row.js";

type Predicate = (row: Row) => boolean;
type Operand = (row: Row) => unknown;

const TOKEN = /\s*(\$\d+|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|==|!=|<>|<=|>=|&&|\|\||[()<>=!]|\[c\]|[A-Za-z_@][\w.@]*)/iy;

/** The query's tokens (operators, literals, `$n`, property paths); throws INVALID_QUERY on stray input. */
export function tokenize(query: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let index = 0;
  while (index < query.length) {
    if (/^\s*$/.test(query.slice(index))) break;
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(query);
    if (!match || match[1] === undefined) throw invalid(query, `unexpected input at offset ${index}`);
    tokens.push(match[1]);
    index = TOKEN.lastIndex;
  }
  return tokens;
}

function invalid(query: string, why: string): MemoryRealmError {
  return new MemoryRealmError("INVALID_QUERY", `Invalid predicate: '${query}': ${why} (the in-memory store supports a subset of Realm Query Language)`);
}

export function compileQuery(engine: Engine, model: ModelState, query: string, args: readonly unknown[]): Predicate {
  const tokens = tokenize(query);
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const next = (): string => {
    const token = tokens[at++];
    if (token === undefined) throw invalid(query, "unexpected end");
    return token;
  };
  const isWord = (token: string | undefined, word: string): boolean => token !== undefined && token.toUpperCase() === word;

  const read = (row: Row, path: string): unknown => {
    let value: unknown = engine.handle(row);
    for (const part of path.split(".")) {
      if (value === null || value === undefined) return null;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };

  function operand(): Operand {
    const token = next();
    if (token.startsWith("$")) {
      const index = Number(token.slice(1));
      if (index >= args.length) throw invalid(query, `missing argument ${token}`);
      const value = args[index];
      return () => value;
    }
    if (token.startsWith('"') || token.startsWith("'")) {
      const value = token.slice(1, -1).replace(/\\(.)/g, "$1");
      return () => value;
    }
    if (/^-?\d/.test(token)) {
      const value = Number(token);
      return () => value;
    }
    if (isWord(token, "TRUE")) return () => true;
    if (isWord(token, "FALSE")) return () => false;
    if (isWord(token, "NULL") || isWord(token, "NIL")) return () => null;
    const root = token.split(".")[0] ?? "";
    if (!model.planByName.has(root)) throw invalid(query, `'${model.name}' has no property '${root}'`);
    return (row) => read(row, token);
  }

  function comparison(): Predicate {
    const token = peek();
    if (token === "(") {
      next();
      const inner = or();
      if (next() !== ")") throw invalid(query, "expected ')'");
      return inner;
    }
    if (token === "!" || isWord(token, "NOT")) {
      next();
      const inner = comparison();
      return (row) => !inner(row);
    }
    if (isWord(token, "TRUEPREDICATE")) {
      next();
      return () => true;
    }
    if (isWord(token, "FALSEPREDICATE")) {
      next();
      return () => false;
    }
    const left = operand();
    const op = next().toUpperCase();
    let caseInsensitive = false;
    if (peek()?.toLowerCase() === "[c]") {
      next();
      caseInsensitive = true;
    }
    const right = operand();
    const text = (value: unknown): string => (caseInsensitive ? String(value).toLowerCase() : String(value));
    switch (op) {
      case "==":
      case "=":
        return (row) => equal(left(row), right(row), caseInsensitive);
      case "!=":
      case "<>":
        return (row) => !equal(left(row), right(row), caseInsensitive);
      case "<":
        return (row) => order(left(row), right(row), (c) => c < 0);
      case "<=":
        return (row) => order(left(row), right(row), (c) => c <= 0);
      case ">":
        return (row) => order(left(row), right(row), (c) => c > 0);
      case ">=":
        return (row) => order(left(row), right(row), (c) => c >= 0);
      case "BEGINSWITH":
        return (row) => typeof left(row) === "string" && text(left(row)).startsWith(text(right(row)));
      case "ENDSWITH":
        return (row) => typeof left(row) === "string" && text(left(row)).endsWith(text(right(row)));
      case "CONTAINS":
        return (row) => typeof left(row) === "string" && text(left(row)).includes(text(right(row)));
      default:
        throw invalid(query, `unsupported operator '${op}'`);
    }
  }

  function and(): Predicate {
    let left = comparison();
    while (peek() === "&&" || isWord(peek(), "AND")) {
      next();
      const a = left;
      const b = comparison();
      left = (row) => a(row) && b(row);
    }
    return left;
  }

  function or(): Predicate {
    let left = and();
    while (peek() === "||" || isWord(peek(), "OR")) {
      next();
      const a = left;
      const b = and();
      left = (row) => a(row) || b(row);
    }
    return left;
  }

  const predicate = or();
  if (at !== tokens.length) throw invalid(query, `unexpected '${tokens[at] ?? ""}'`);
  return predicate;
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

function equal(a: unknown, b: unknown, caseInsensitive: boolean): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (caseInsensitive && typeof x === "string" && typeof y === "string") return x.toLowerCase() === y.toLowerCase();
  if ((x === null || x === undefined) && (y === null || y === undefined)) return true;
  return x === y;
}

function order(a: unknown, b: unknown, test: (comparison: number) => boolean): boolean {
  const x = comparable(a);
  const y = comparable(b);
  if (typeof x === "number" && typeof y === "number") return test(x - y);
  if (typeof x === "string" && typeof y === "string") return test(x < y ? -1 : x > y ? 1 : 0);
  return false;
}
