// Counters merge by adding this device's delta to the server's value, so concurrent
// increments on several devices all count. Needs the delta (FieldChange.delta).
import { lastWriterWins } from "./last-writer-wins.js";
import type { FieldPolicy } from "./types.js";

/**
 * Server value + local delta; without a recorded delta, or on a non-number, falls back
 * to `lastWriterWins`. Not idempotent when the server's stamp is newer (docs/policies.md).
 */
export const counterDelta: FieldPolicy = {
  name: "counterDelta",
  resolve: (conflict) => {
    const { delta } = conflict.local;
    const server = conflict.server.value;
    if (delta === undefined || (typeof server !== "number" && server !== undefined && server !== null)) return lastWriterWins.resolve(conflict);
    return { winner: "merged", value: (typeof server === "number" ? server : 0) + delta };
  },
};
