// Where the simulation keeps its realms: the in-memory store by default, or any store of the
// contract harness (describeStores), so the same histories run on real Realm too.
import type { SchemaEntryInput } from "../../src/schema/normalize.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import type { StoreRealm, StoreUnderTest } from "../contract/stores.js";

/** What the simulation needs of a store: fresh realms and independent copies. */
export type SimStore = Pick<StoreUnderTest, "open" | "copy">;

/** The in-memory store, untracked (its realms are garbage once dropped). */
export const MEMORY: SimStore = {
  open: (schema: readonly SchemaEntryInput[]): StoreRealm => openMemoryRealm({ schema }),
  copy: (realm, options = {}): StoreRealm => openMemoryRealm({ copyFrom: realm, readOnly: options.readOnly === true, ...(options.schema ? { schema: options.schema } : {}) }),
};
