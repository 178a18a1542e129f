// The backup's value always wins for the fields this device changed (Realm's "recover" mode
// semantics, but per field and only for unsynced fields).
import type { FieldPolicy } from "./types.js";

/** The backup's unsynced value wins, however old its stamp. */
export const clientWins: FieldPolicy = {
  name: "clientWins",
  resolve: () => ({ winner: "local" }),
};
