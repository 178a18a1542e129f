// The fresh realm's value always wins on an existing object: local edits to these fields
// are dropped (and reported), like Realm's "discardUnsyncedChanges" but per field.
import type { FieldPolicy } from "./types.js";

/** The fresh realm's value wins on objects it holds. */
export const serverWins: FieldPolicy = {
  name: "serverWins",
  resolve: () => ({ winner: "server" }),
};
