// Lists merge by appending what this device added: elements of the backup list missing
// from the fresh one (as a multiset). Index operations on existing elements are never
// replayed, so another device's appends, moves and edits survive.
import { canonicalJson } from "../recovery/value-codec.js";
import type { EncodedValue } from "../recovery/value-codec.js";
import { lastWriterWins } from "./last-writer-wins.js";
import type { FieldPolicy } from "./types.js";

/** `local` minus `server`, counting duplicates, in `local`'s order. */
export function listAdditions(local: readonly EncodedValue[], server: readonly EncodedValue[]): EncodedValue[] {
  const counts = new Map<string, number>();
  for (const item of server) counts.set(canonicalJson(item), (counts.get(canonicalJson(item)) ?? 0) + 1);
  return local.filter((item) => {
    const text = canonicalJson(item);
    const left = counts.get(text) ?? 0;
    if (left > 0) {
      counts.set(text, left - 1);
      return false;
    }
    return true;
  });
}

/** Appends locally added elements to the fresh list; falls back to `lastWriterWins` for non-lists. */
export const listAppend: FieldPolicy = {
  name: "listAppend",
  resolve: (conflict) => {
    const local = conflict.local.value;
    const server = conflict.server.value;
    if (!Array.isArray(local) || !Array.isArray(server)) return lastWriterWins.resolve(conflict);
    const added = listAdditions(local as readonly EncodedValue[], server as readonly EncodedValue[]);
    return added.length === 0 ? { winner: "server" } : { winner: "merged", value: [...(server as readonly EncodedValue[]), ...added] };
  },
};
