// The one Immer instance of the write path: patches on, Map/Set drafts on (Realm sets are
// drafted as `Set`), no auto-freeze (snapshots are thrown away after the write).
import { Immer, enableMapSet, enablePatches } from "immer";

enablePatches();
enableMapSet();

/** Immer instance used by `tx.update`. */
export const immer = new Immer({ autoFreeze: false });
