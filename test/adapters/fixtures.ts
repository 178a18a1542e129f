// Scenario builders for the adapter tests: the seed's Dog scenario on the scripted stand-in.
import { SyncCheckpoint } from "../../src/checkpoint/index.js";
import { memoryStateStorage } from "../../src/clock/index.js";
import type { LocalStateStorage } from "../../src/clock/index.js";
import type { ManualClientResetOptions } from "../../src/adapters/index.js";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { NOW, Writer, scriptedSyncSdk } from "./scripted-sync-sdk.js";
import type { ScriptedSyncSdk } from "./scripted-sync-sdk.js";
import type { SimStore } from "../simulation/store.js";

export const dog = (realm: { objectForPrimaryKey(type: string, key: string): RealmObjectLike | null }, id: string): RealmObjectLike => {
  const found = realm.objectForPrimaryKey("Dog", id);
  if (found === null) throw new Error(`no Dog ${id}`);
  return found;
};

export const plainDog = (realm: { objectForPrimaryKey(type: string, key: string): RealmObjectLike | null }, id: string): { name: unknown; age: unknown } => {
  const d = dog(realm, id);
  return { name: d.name, age: d.age };
};

/**
 * The seed's scenario: Rex is synced (checkpoint committed); device B renames him on the server;
 * this device changes his age offline; then the server demands a client reset.
 */
export async function dogScenario(options: { flexible?: boolean; storage?: LocalStateStorage; store?: SimStore } = {}) {
  const sdk = scriptedSyncSdk({ flexible: options.flexible ?? false, ...(options.store ? { store: options.store } : {}) });
  const storage = options.storage ?? memoryStateStorage();
  const server = new Writer("server");
  const deviceA = new Writer("device-a");
  const deviceB = new Writer("device-b");
  server.write(sdk.server, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }));
  const device = sdk.openRealm();
  deviceA.clock.receive(server.clock.last() as string);
  const checkpoint = new SyncCheckpoint({ realmPath: sdk.realmPath, storage });
  await checkpoint.afterUpload(device, () => device.syncSession!.uploadAllLocalChanges(), { clock: deviceA.clock });
  deviceB.write(sdk.server, 2_000, (tx) => tx.assign(dog(sdk.server, "rex"), { name: "Rexy" }));
  deviceA.write(device, 3_000, (tx) => tx.assign(dog(device, "rex"), { age: 4 }));
  return { sdk, storage, checkpoint, deviceA, deviceB, device };
}

/** The manual flow's options wired to the stand-in. */
export function manualOptions(sdk: ScriptedSyncSdk, storage: LocalStateStorage, writer: Writer): ManualClientResetOptions {
  return {
    app: sdk.app,
    initiateClientReset: sdk.initiateClientReset,
    realmPath: sdk.realmPath,
    closeRealm: () => sdk.closeRealm(),
    openRealm: () => sdk.openRealm(),
    openBackup: (path) => sdk.openBackup(path),
    removeBackup: (path) => sdk.removeBackup(path),
    storage,
    clock: writer.clock,
    recovery: { now: NOW },
  };
}
