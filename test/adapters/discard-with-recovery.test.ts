import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import { PENDING_CHANGESET_PREFIX, discardUnsyncedChangesWithRecovery, restoreSubscriptions } from "../../src/adapters/index.js";
import type { DiscardRecoveryOutcome, DiscardWithRecoveryOptions, ResetRealm } from "../../src/adapters/index.js";
import { memoryStateStorage } from "../../src/clock/index.js";
import { RecoveryCycleError } from "../../src/recovery/recovery-guard.js";
import type { LocalStateStorage } from "../../src/clock/index.js";
import { SyncCheckpoint } from "../../src/checkpoint/index.js";
import { dog, manualOptions, plainDog } from "./fixtures.js";
import { NOW, Writer, scriptedSyncSdk } from "./scripted-sync-sdk.js";
import type { ScriptedSyncSdk } from "./scripted-sync-sdk.js";

describeStores("adapters: discard-with-recovery", (store) => {

  /**
   * Discard mode on the scripted stand-in (scriptedSyncSdk): while offline the device subscribed to
   * Cars (never synced), created two cars and changed Rex's age; device B renamed Rex on the server.
   */
  async function offlineDevice() {
    const sdk = scriptedSyncSdk({ flexible: true, store });
    sdk.setServerSubscriptions([{ name: "dogs", objectType: "Dog", queryString: "TRUEPREDICATE" }]);
    const storage = memoryStateStorage();
    const [server, a, b] = [new Writer("server"), new Writer("device-a"), new Writer("device-b")];
    server.write(sdk.server, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }));
    const device = sdk.openRealm();
    a.clock.receive(server.clock.last() as string);
    await new SyncCheckpoint({ realmPath: sdk.realmPath, storage }).afterUpload(device, () => device.syncSession!.uploadAllLocalChanges(), { clock: a.clock });
    // Offline: a new subscription (pending, never synchronized) and writes.
    await device.subscriptions!.update((mutable) => mutable.add(device.objects("Car").filtered("miles < 100"), { name: "cars" }));
    a.write(device, 2_000, (tx) => {
      tx.create("Car", { _id: "mine", ownerId: "u1", make: "Toyota", miles: 2 });
      tx.create("Car", { _id: "old", ownerId: "u1", make: "Honda", miles: 90_000 });
      tx.assign(dog(device, "rex"), { age: 4 });
    });
    b.write(sdk.server, 3_000, (tx) => tx.assign(dog(sdk.server, "rex"), { name: "Rexy" }));
    return { sdk, storage, a, before: device };
  }

  /** What the SDK does in discard mode: onBefore(local), discard + download, onAfter(frozen local, reset realm). */
  function discard(sdk: ScriptedSyncSdk, before: ResetRealm, callbacks: { onBefore: (r: ResetRealm) => void; onAfter: (b: ResetRealm, a: ResetRealm) => void }): ResetRealm {
    callbacks.onBefore(before);
    const after = sdk.openRealm();
    callbacks.onAfter(before, after);
    before.close(); // the before-realm lives only as long as the callback
    return after;
  }

  const options = (sdk: ScriptedSyncSdk, storage: LocalStateStorage, a: Writer, extra: Partial<DiscardWithRecoveryOptions> = {}): DiscardWithRecoveryOptions => ({
    realmPath: sdk.realmPath,
    storage,
    clock: a.clock,
    recovery: { now: NOW },
    ...extra,
  });

  describe("discardUnsyncedChangesWithRecovery (scriptedSyncSdk stand-in)", () => {
    it("collects in onAfter, re-adds the dropped subscription, waits for it, then merges and uploads", async () => {
      const { sdk, storage, a, before } = await offlineDevice();
      const calls: string[] = [];
      let carPresentWhileWaiting: boolean | undefined;
      const flow = discardUnsyncedChangesWithRecovery(
        options(sdk, storage, a, {
          onBefore: () => calls.push("app onBefore"),
          onAfter: (b, r) => calls.push(`app onAfter ${b.isClosed} ${r.isClosed}`),
          addSubscriptions: async (realm, subs) => {
            await restoreSubscriptions(realm, subs);
            carPresentWhileWaiting = realm.objectForPrimaryKey("Car", "mine") !== null;
          },
        }),
      );
      expect(flow.clientReset.mode).toBe("discardUnsyncedChanges");
      const after = discard(sdk, before, flow.clientReset);
      expect(calls).toEqual(["app onBefore", "app onAfter false false"]);
      const outcome = (await flow.pending()) as DiscardRecoveryOutcome;
      expect(outcome.status).toBe("recovered");

      expect(carPresentWhileWaiting).toBe(false); // merged only after the subscription synced
      expect(sdk.log.filter((l) => l.startsWith("subscriptions") || l.startsWith("upload")).slice(-3)).toEqual([
        "subscriptions.update(TRUEPREDICATE; miles < 100)",
        "subscriptions.waitForSynchronization",
        "uploadAllLocalChanges",
      ]);
      expect(sdk.serverSubscriptions.map((s) => s.name)).toEqual(["dogs", "cars"]);
      expect(plainDog(after, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(after.objectForPrimaryKey("Car", "mine")).not.toBeNull();
      // "old" (90,000 miles) matches no subscription: not written, reported with the reason.
      expect(after.objectForPrimaryKey("Car", "old")).toBeNull();
      expect(outcome.report.skipped.filter((e) => e.code === "DENIED").map((e) => [e.key, e.reason])).toEqual([["s:old", "outside subscription"]]);
      expect(plainDog(sdk.server, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(storage.get(`${PENDING_CHANGESET_PREFIX}${sdk.realmPath}`)).toBe("");
      expect(flow.lastOutcome()).toBe(outcome);
    });

    it("resumes the merge at the next launch when the app was killed before it", async () => {
      const { sdk, storage, a, before } = await offlineDevice();
      const first = discardUnsyncedChangesWithRecovery(options(sdk, storage, a, { getRealm: () => new Promise<never>(() => {}) }));
      discard(sdk, before, first.clientReset);
      sdk.kill();
      expect(storage.get(`${PENDING_CHANGESET_PREFIX}${sdk.realmPath}`)).toContain('"changeset"');

      const relaunched = discardUnsyncedChangesWithRecovery(options(sdk, storage, a));
      const realm = sdk.openRealm();
      const outcome = await relaunched.resume(realm);
      expect(outcome.status).toBe("recovered");
      expect(plainDog(realm, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(realm.objectForPrimaryKey("Car", "mine")).not.toBeNull();
      expect((outcome as DiscardRecoveryOutcome).restoredSubscriptions.map((s) => s.name)).toEqual(["cars"]);
      expect(await relaunched.resume(realm)).toEqual({ status: "none", realmPath: sdk.realmPath });
    });

    it("onFallback runs the manual flow", async () => {
      const { sdk, storage, a, before } = await offlineDevice();
      void before;
      const flow = discardUnsyncedChangesWithRecovery(options(sdk, storage, a, { fallback: manualOptions(sdk, storage, a) }));
      const backupPath = sdk.requireReset();
      flow.clientReset.onFallback(sdk.device.syncSession!, backupPath);
      const outcome = await flow.pending();
      expect(outcome?.status).toBe("recovered");
      expect(plainDog(sdk.device, "rex")).toEqual({ name: "Rexy", age: 4 });
    });

    it("without fallback options, a fallback is reported, not silently dropped", async () => {
      const { sdk, storage, a } = await offlineDevice();
      const errors: unknown[] = [];
      const flow = discardUnsyncedChangesWithRecovery(options(sdk, storage, a, { onError: (e) => errors.push(e) }));
      flow.error(sdk.device.syncSession!, { name: "ClientReset", config: { path: "/backup", readOnly: true } });
      expect(String(errors[0])).toContain("no `fallback` options");
    });

    it("stops merging after 3 failed attempts with RecoveryCycleError and keeps the stored changeset", async () => {
      const { sdk, storage, a, before } = await offlineDevice();
      const failing = { addSubscriptions: () => Promise.reject(new Error("subscription rejected by server")) };
      const first = discardUnsyncedChangesWithRecovery(options(sdk, storage, a, failing));
      discard(sdk, before, first.clientReset);
      expect((await first.pending())?.status).toBe("failed"); // attempt 1
      const realm = sdk.openRealm();
      const relaunch = discardUnsyncedChangesWithRecovery(options(sdk, storage, a, failing));
      expect((await relaunch.resume(realm)).status).toBe("failed"); // attempt 2
      expect((await relaunch.resume(realm)).status).toBe("failed"); // attempt 3
      const stopped = await discardUnsyncedChangesWithRecovery(options(sdk, storage, a)).resume(realm);
      expect(stopped.status).toBe("failed");
      const error = (stopped as { error: unknown }).error;
      expect(error).toBeInstanceOf(RecoveryCycleError);
      expect((error as Error).message).toContain("subscription rejected by server");
      expect(storage.get(`${PENDING_CHANGESET_PREFIX}${sdk.realmPath}`)).toContain('"changeset"');
      expect(realm.objectForPrimaryKey("Car", "mine")).toBeNull();
    });
  });
});
