// LocalStateStorage in a small LOCAL (non-synced) realm, as the seed's LastSynced realm:
// open it with `checkpointSchema` next to your synced realm, never inside it.
import { InvalidOptionError } from "../errors.js";
import type { LocalStateStorage } from "../clock/state-storage.js";
import type { RealmLike } from "../realm-like.js";

/** Name of the model that holds local state rows. */
export const LOCAL_STATE_MODEL = "FieldRecoveryLocalState";

/**
 * The model to open the local state realm with:
 * `new Realm({ path: "local-state.realm", schema: [checkpointSchema] })` (no `sync` config).
 */
export const checkpointSchema = {
  name: LOCAL_STATE_MODEL,
  primaryKey: "key",
  properties: { key: "string", value: "string" },
} as const;

/**
 * Local state in `localRealm`, one `FieldRecoveryLocalState` row per key. The realm must be
 * local (not synced) and opened with `checkpointSchema`. `set` writes in its own
 * transaction, or in the caller's if one is open.
 */
export function realmStateStorage(localRealm: RealmLike): LocalStateStorage {
  if (!localRealm.schema.some((model) => model.name === LOCAL_STATE_MODEL)) {
    throw new InvalidOptionError(
      `The realm ${JSON.stringify(localRealm.path)} has no "${LOCAL_STATE_MODEL}" model: open a local (non-synced) realm with schema [checkpointSchema]`,
    );
  }
  return {
    get: (key) => {
      const value = localRealm.objectForPrimaryKey(LOCAL_STATE_MODEL, key)?.["value"];
      return typeof value === "string" ? value : undefined;
    },
    set: (key, value) => {
      const put = (): void => {
        localRealm.create(LOCAL_STATE_MODEL, { key, value }, "modified");
      };
      if (localRealm.isInTransaction) put();
      else localRealm.write(put);
    },
  };
}
