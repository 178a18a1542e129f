// Recognises the `filtered()` queries an ordered index can serve (a disjunction of comparisons
// of an indexed int property or counter with a number) and reads their candidate rows from the indexes.
import type { OrderedIndex } from "./ordered-index.js";
import { tokenize } from "./query.js";
import type { ModelState, Row } from "./row.js";

/** One comparison of a disjunction, as a value range of one index. */
export interface IndexRange {
  readonly index: OrderedIndex<Row>;
  readonly min: number;
  readonly minInclusive: boolean;
  readonly max: number;
  readonly maxInclusive: boolean;
}

/** Words `compileQuery` reads as literals, never as property names. */
const LITERAL_WORDS = new Set(["TRUE", "FALSE", "NULL", "NIL"]);

/**
 * The index ranges whose union holds every row matching `query`, or undefined when the query
 * is not of the form `a OP x OR x OP b OR ...` (indexed int properties or counters, OP in == = < <= > >=,
 * x a number literal or a `$n` argument holding a finite number or a bigint).
 * Call after `compileQuery` accepted the query: the tokenizer then cannot throw.
 */
export function planIndexedQuery(model: ModelState, query: string, args: readonly unknown[]): readonly IndexRange[] | undefined {
  if (model.indexes.size === 0) return undefined;
  const tokens = tokenize(query);
  const ranges: IndexRange[] = [];
  for (let at = 0; ; at += 4) {
    const range = comparison(model, tokens[at], tokens[at + 1], tokens[at + 2], args);
    if (!range) return undefined;
    ranges.push(range);
    const joiner = tokens[at + 3];
    if (joiner === undefined) return ranges;
    if (joiner !== "||" && joiner.toUpperCase() !== "OR") return undefined;
  }
}

function comparison(model: ModelState, left: string | undefined, op: string | undefined, right: string | undefined, args: readonly unknown[]): IndexRange | undefined {
  if (left === undefined || op === undefined || right === undefined) return undefined;
  let index = indexOf(model, left);
  let value: number | undefined;
  let flipped = false;
  if (index) value = numberOf(right, args);
  else {
    index = indexOf(model, right);
    if (!index) return undefined;
    value = numberOf(left, args);
    flipped = true;
  }
  if (value === undefined) return undefined;
  // `x < prop` is `prop > x`.
  const normalized = flipped ? FLIPPED[op] : op;
  switch (normalized) {
    case "==":
    case "=":
      return { index, min: value, minInclusive: true, max: value, maxInclusive: true };
    case "<":
      return { index, min: -Infinity, minInclusive: true, max: value, maxInclusive: false };
    case "<=":
      return { index, min: -Infinity, minInclusive: true, max: value, maxInclusive: true };
    case ">":
      return { index, min: value, minInclusive: false, max: Infinity, maxInclusive: true };
    case ">=":
      return { index, min: value, minInclusive: true, max: Infinity, maxInclusive: true };
    default:
      return undefined;
  }
}

const FLIPPED: Readonly<Record<string, string>> = { "==": "==", "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

/** The index of a token naming an indexed property of the model. */
function indexOf(model: ModelState, token: string): OrderedIndex<Row> | undefined {
  if (LITERAL_WORDS.has(token.toUpperCase())) return undefined;
  return model.indexes.get(token);
}

/** A finite number from a literal or `$n` token (bigints as the store keeps them). */
function numberOf(token: string, args: readonly unknown[]): number | undefined {
  let value: unknown;
  if (token.startsWith("$")) value = args[Number(token.slice(1))];
  else if (/^-?\d/.test(token)) value = Number(token);
  else return undefined;
  if (typeof value === "bigint") value = Number(value);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * Live rows in the union of `ranges`, in table order (`row.pos`), without duplicates.
 * `touched` counts the index entries read (the cost of the lookup).
 */
export function readRanges(ranges: readonly IndexRange[]): { rows: Row[]; touched: number } {
  const candidates: Row[] = [];
  let touched = 0;
  for (const range of ranges) touched += range.index.collect(range.min, range.minInclusive, range.max, range.maxInclusive, candidates);
  candidates.sort(byPos);
  const rows: Row[] = [];
  let previous: Row | undefined;
  for (const row of candidates) {
    if (row === previous) continue;
    previous = row;
    if (row.alive) rows.push(row);
  }
  return { rows, touched };
}

function byPos(a: Row, b: Row): number {
  return a.pos - b.pos;
}
