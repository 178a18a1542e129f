// Dictionaries merge per key. Entries are stamped per key already (`f/k`), so the engine
// resolves most entries one by one; this policy handles a conflict on the whole dictionary.
import { isEncodedRecord } from "../recovery/value-codec.js";
import type { EncodedValue } from "../recovery/value-codec.js";
import { lastWriterWins, lastWriterWinsWinner } from "./last-writer-wins.js";
import type { FieldPolicy } from "./types.js";

/** Keys of both sides; for a key on both, the side with the greater stamp wins. */
export const dictionaryMerge: FieldPolicy = {
  name: "dictionaryMerge",
  resolve: (conflict) => {
    const local = conflict.local.value;
    const server = conflict.server.value;
    if (!isEncodedRecord(local) || !isEncodedRecord(server)) return lastWriterWins.resolve(conflict);
    const localFirst = lastWriterWinsWinner(conflict.local, conflict.server) === "local";
    const merged: Record<string, EncodedValue> = localFirst ? { ...server, ...local } : { ...local, ...server };
    return { winner: "merged", value: merged };
  },
};
