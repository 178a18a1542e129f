// Sets merge by union: nothing either side added is lost. (A local removal is lost too:
// union cannot tell "removed here" from "added there".)
import { isEncodedRecord, makeSet } from "../recovery/value-codec.js";
import type { EncodedValue } from "../recovery/value-codec.js";
import { lastWriterWins } from "./last-writer-wins.js";
import type { FieldPolicy } from "./types.js";

function items(value: EncodedValue | undefined): readonly EncodedValue[] | undefined {
  return isEncodedRecord(value) && Array.isArray(value.$set) ? (value.$set as readonly EncodedValue[]) : undefined;
}

/** Union of both sets; falls back to `lastWriterWins` when either side is not a set. */
export const setUnion: FieldPolicy = {
  name: "setUnion",
  resolve: (conflict) => {
    const local = items(conflict.local.value);
    const server = items(conflict.server.value);
    if (local === undefined || server === undefined) return lastWriterWins.resolve(conflict);
    return { winner: "merged", value: makeSet([...server, ...local]) };
  },
};
