// Law 2 through the client-reset adapters: after a recovery the device clock stamps above every
// stamp of the fresh realm, though its wall clock is behind the device that wrote them.
import { expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import { discardUnsyncedChangesWithRecovery, manualClientReset } from "../../src/adapters/index.js";
import type { ResetRealm } from "../../src/adapters/index.js";
import { memoryStateStorage } from "../../src/clock/index.js";
import { SyncCheckpoint } from "../../src/checkpoint/index.js";
import { dog, dogScenario, manualOptions } from "./fixtures.js";
import { NOW, Writer, scriptedSyncSdk } from "./scripted-sync-sdk.js";

describeStores("adapters: the device clock after a reset (law 2)", (store) => {
  it("manualClientReset: the clock receives the newest stamp of the fresh realm", async () => {
    const { sdk, storage, deviceA, deviceB } = await dogScenario({ store });
    // Device b's clock runs ahead of a's: its stamp is newer than anything a issued.
    deviceB.write(sdk.server, 9_000, (tx) => tx.create("Dog", { _id: "fido", name: "Fido", age: 1 }));
    const theirs = deviceB.clock.last()!;
    expect(deviceA.clock.last()! < theirs).toBe(true);
    const flow = manualClientReset(manualOptions(sdk, storage, deviceA));
    const backupPath = sdk.requireReset();
    const outcome = await flow.run(undefined, backupPath);
    expect(outcome.status).toBe("recovered");
    expect(deviceA.clock.now() > theirs).toBe(true);
  });

  it("discardUnsyncedChangesWithRecovery: the clock receives the newest stamp of the fresh realm", async () => {
    const sdk = scriptedSyncSdk({ flexible: false, store });
    const storage = memoryStateStorage();
    const [server, a, b] = [new Writer("server"), new Writer("device-a"), new Writer("device-b")];
    server.write(sdk.server, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }));
    const device = sdk.openRealm();
    a.clock.receive(server.clock.last()!);
    await new SyncCheckpoint({ realmPath: sdk.realmPath, storage }).afterUpload(device, () => device.syncSession!.uploadAllLocalChanges(), { clock: a.clock });
    a.write(device, 2_000, (tx) => tx.assign(dog(device, "rex"), { age: 4 }));
    b.write(sdk.server, 9_000, (tx) => tx.assign(dog(sdk.server, "rex"), { name: "Rexy" }));
    const theirs = b.clock.last()!;
    const flow = discardUnsyncedChangesWithRecovery({ realmPath: sdk.realmPath, storage, clock: a.clock, recovery: { now: NOW } });
    flow.clientReset.onBefore(device as ResetRealm);
    const after = sdk.openRealm();
    flow.clientReset.onAfter(device as ResetRealm, after as ResetRealm);
    device.close();
    const outcome = await flow.pending();
    expect(outcome?.status).toBe("recovered");
    expect(a.clock.now() > theirs).toBe(true);
  });
});
