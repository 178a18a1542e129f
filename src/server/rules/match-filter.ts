// Rule filters (`apply_when`, `document_filters`): the MongoDB query subset App Services rules use.
// `{ field: value }`, `{ field: { $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists } }`,
// `$and` / `$or` / `$nor`; a key or value starting with `%%` is a `%%user` expansion.
import { SyncServerError } from "../server-errors.js";
import { comparable, sameValue } from "./comparable.js";
import type { RuleFilter } from "./sync-rules.js";
import { expand, isExpansion } from "./sync-user.js";
import type { SyncUser } from "./sync-user.js";

const OPERATORS = new Set(["$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$exists"]);
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks a filter's shape; throws INVALID_RULES naming `at`. */
export function checkFilter(filter: unknown, at: string): void {
  if (!isRecord(filter)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}: expected a filter object (e.g. { "ownerId": "%%user.id" }), got ${JSON.stringify(filter)}`);
  for (const [key, condition] of Object.entries(filter)) {
    if (key === "$and" || key === "$or" || key === "$nor") {
      if (!Array.isArray(condition)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}.${key}: expected an array of filters`);
      condition.forEach((inner, i) => checkFilter(inner, `${at}.${key}[${i}]`));
      continue;
    }
    if (key.startsWith("$")) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}: unsupported operator "${key}" (supported: $and, $or, $nor)`);
    if (isRecord(condition) && Object.keys(condition).some((k) => k.startsWith("$"))) {
      for (const [op, operand] of Object.entries(condition)) {
        if (!OPERATORS.has(op)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}.${key}: unsupported operator "${op}" (supported: ${[...OPERATORS].join(", ")})`);
        if ((op === "$in" || op === "$nin") && !Array.isArray(operand)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}.${key}.${op}: expected an array`);
      }
    }
  }
}

/** Reads a dotted path in a document (top level, then embedded objects / dictionaries). */
function readPath(document: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split(".")) {
    if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = value[part];
  }
  return value;
}

/** `true` when `document` (encoded values; `{}` for `apply_when`) matches `filter` for `user`. */
export function matchFilter(filter: RuleFilter, document: Readonly<Record<string, unknown>>, user: SyncUser): boolean {
  const resolve = (value: unknown): unknown => (isExpansion(value) ? expand(value, user) : value);
  for (const [key, condition] of Object.entries(filter)) {
    if (key === "$and") {
      if (!(condition as RuleFilter[]).every((inner) => matchFilter(inner, document, user))) return false;
      continue;
    }
    if (key === "$or") {
      if (!(condition as RuleFilter[]).some((inner) => matchFilter(inner, document, user))) return false;
      continue;
    }
    if (key === "$nor") {
      if ((condition as RuleFilter[]).some((inner) => matchFilter(inner, document, user))) return false;
      continue;
    }
    const actual = isExpansion(key) ? expand(key, user) : readPath(document, key);
    if (isRecord(condition) && Object.keys(condition).some((k) => k.startsWith("$"))) {
      for (const [op, raw] of Object.entries(condition)) if (!test(op, actual, resolve(raw), resolve)) return false;
    } else if (!equalsOrContains(actual, resolve(condition))) return false;
  }
  return true;
}

/** MongoDB equality: equal, or an array field containing the value. */
function equalsOrContains(actual: unknown, expected: unknown): boolean {
  if (expected === undefined) return false; // an expansion that resolves to nothing matches nothing
  if (sameValue(actual, expected)) return true;
  return Array.isArray(actual) && actual.some((item) => sameValue(item, expected));
}

function order(actual: unknown, expected: unknown, accept: (c: number) => boolean): boolean {
  const x = comparable(actual);
  const y = comparable(expected);
  if (typeof x === "number" && typeof y === "number") return accept(x - y);
  if (typeof x === "string" && typeof y === "string") return accept(x < y ? -1 : x > y ? 1 : 0);
  return false;
}

function test(op: string, actual: unknown, expected: unknown, resolve: (value: unknown) => unknown): boolean {
  switch (op) {
    case "$eq":
      return equalsOrContains(actual, expected);
    case "$ne":
      return !equalsOrContains(actual, expected);
    case "$gt":
      return order(actual, expected, (c) => c > 0);
    case "$gte":
      return order(actual, expected, (c) => c >= 0);
    case "$lt":
      return order(actual, expected, (c) => c < 0);
    case "$lte":
      return order(actual, expected, (c) => c <= 0);
    case "$in":
      return (expected as unknown[]).some((item) => equalsOrContains(actual, resolve(item)));
    case "$nin":
      return !(expected as unknown[]).some((item) => equalsOrContains(actual, resolve(item)));
    case "$exists":
      return (actual !== undefined) === Boolean(expected);
    default:
      return false;
  }
}
