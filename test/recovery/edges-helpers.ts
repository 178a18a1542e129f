// Small readers shared by the edges-* tests: live values of either store as plain data.
import { dictionaryEntries } from "../../src/utils/dictionary.js";

const isLink = (value: object): boolean => typeof (value as { objectSchema?: unknown }).objectSchema === "function";
const isList = (value: object): boolean => Array.isArray(value) || typeof (Object.getPrototypeOf(value) as { splice?: unknown } | null)?.splice === "function";

/**
 * A live mixed value (lists and dictionaries at any depth, links) as plain JSON-like data: links
 * become `{ $link: "Model/key" }`. Reads dictionaries through `entries()` (Realm's toJSON
 * leaves nested collections live and its Dictionary proxy shadows keys such as `keys`).
 */
export function plainMixed(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== "object") return value ?? null;
  if (value instanceof Date) return value;
  if (isLink(value)) {
    const schema = (value as { objectSchema(): { name: string; primaryKey?: string } }).objectSchema();
    return { $link: `${schema.name}/${String((value as Record<string, unknown>)[schema.primaryKey ?? "_id"])}` };
  }
  if (isList(value)) return Array.from(value as Iterable<unknown>, plainMixed);
  const out: Record<string, unknown> = {};
  for (const [key, item] of dictionaryEntries(value)) Object.defineProperty(out, key, { value: plainMixed(item), enumerable: true, writable: true, configurable: true });
  return out;
}
