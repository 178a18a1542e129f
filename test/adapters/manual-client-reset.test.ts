import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import { ClientResetStepError, manualClientReset, manualRecoveryStrategy } from "../../src/adapters/index.js";
import type { RecoveryOutcome, ResetOutcome } from "../../src/adapters/index.js";
import { SyncCheckpoint } from "../../src/checkpoint/index.js";
import { RECOVERY_MARKER_PREFIX, readRecoveryMarker } from "../../src/recovery/recovery-guard.js";
import type { RealmLike } from "../../src/realm-like.js";
import { dumpMemoryRealm } from "../../src/testing/index.js";
import { dogScenario, manualOptions, plainDog } from "./fixtures.js";

describeStores("adapters: manual-client-reset", (store) => {

  const recovered = (outcome: ResetOutcome): RecoveryOutcome => {
    if (outcome.status !== "recovered") throw new Error(`expected a recovery, got ${outcome.status}: ${String((outcome as { error?: unknown }).error)}`);
    return outcome;
  };

  describe("manualClientReset on the scripted stand-in (scriptedSyncSdk)", () => {
    it("keeps both edits: the other device's rename and this device's offline age change", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const seen: RecoveryOutcome[] = [];
      const flow = manualClientReset({ ...manualOptions(sdk, storage, deviceA), onRecovered: (o) => seen.push(o) });
      expect(flow.clientReset.mode).toBe("manual");

      const backupPath = sdk.requireReset();
      flow.clientReset.onManual(sdk.device.syncSession!, backupPath);
      const outcome = recovered(await flow.run(undefined, backupPath)); // joins the flow onManual started

      expect(plainDog(sdk.device, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(plainDog(sdk.server, "rex")).toEqual({ name: "Rexy", age: 4 }); // uploaded
      expect(outcome.report.applied.map((a) => [a.model, a.field, a.value])).toEqual([["Dog", "age", 4]]);
      expect(seen).toEqual([outcome]);
      expect(flow.lastOutcome()).toBe(outcome);
      expect(outcome.backupRemoved).toBe(true);
      expect(sdk.disk.has(backupPath)).toBe(false);
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toBeUndefined();
      expect(outcome.commit?.moved).toBe(true);
      expect(new SyncCheckpoint({ realmPath: sdk.realmPath, storage }).since).toBe(outcome.commit?.point);
    });

    it("runs the steps in the safe order: close, reset, reopen, download, backup, upload, close backup, remove", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const steps: string[] = [];
      const flow = manualClientReset({ ...manualOptions(sdk, storage, deviceA), onStep: (s) => steps.push(s) });
      const backupPath = sdk.requireReset();
      sdk.log.length = 0;
      recovered(await flow.run(undefined, backupPath));
      expect(steps).toEqual(["close", "initiate-reset", "reopen", "download", "open-backup", "read-checkpoint", "recover", "upload", "close-backup", "remove-backup"]);
      expect(sdk.log).toEqual([
        "closeRealm",
        `initiateClientReset(${sdk.realmPath})`,
        "openRealm",
        "downloadAllServerChanges",
        `openBackup(${backupPath})`,
        "uploadAllLocalChanges",
        `removeBackup(${backupPath})`,
      ]);
    });

    it("never modifies the backup: opened read-only, its dump is identical before and after", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const backupPath = sdk.requireReset();
      let before: string | undefined;
      let after: string | undefined;
      let readOnly: boolean | undefined;
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, deviceA),
        removeBackup: (path) => {
          after = JSON.stringify(dumpMemoryRealm(sdk.disk.get(path) as RealmLike));
        },
        openBackup: (path) => {
          const backup = sdk.openBackup(path);
          before = JSON.stringify(dumpMemoryRealm(backup));
          readOnly = backup.isReadOnly;
          const close = backup.close.bind(backup);
          backup.close = () => {
            after = JSON.stringify(dumpMemoryRealm(backup));
            close();
          };
          return backup;
        },
      });
      recovered(await flow.run(undefined, backupPath));
      expect(readOnly).toBe(true);
      expect(before).toContain('"age":4');
      expect(after).toBe(JSON.stringify(dumpMemoryRealm(sdk.disk.get(backupPath) as RealmLike)));
      expect(JSON.parse(after as string)).toEqual(JSON.parse(before as string));
    });

    it("a second reset for the same backup during recovery joins it: one recovery, one upload", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      let opened = 0;
      const flow = manualClientReset({ ...manualOptions(sdk, storage, deviceA), openBackup: (p) => (opened++, sdk.openBackup(p)) });
      const backupPath = sdk.requireReset();
      const first = flow.run(undefined, backupPath);
      flow.error(sdk.device.syncSession!, { name: "ClientReset", config: { path: backupPath, readOnly: true } }); // the SDK reports it again
      const second = flow.run(undefined, backupPath);
      expect(second).toBe(first);
      recovered(await first);
      expect(opened).toBe(1);
      expect(await flow.run(undefined, backupPath)).toEqual({ status: "already-recovered", realmPath: sdk.realmPath, backupPath });
      expect(plainDog(sdk.device, "rex")).toEqual({ name: "Rexy", age: 4 });
    });

    it("a reset with another backup during recovery waits for the first, then recovers the second", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const order: string[] = [];
      let secondPath = "";
      let second: Promise<ResetOutcome> | undefined;
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, deviceA),
        onStep: (s) => {
          order.push(s);
          if (s === "recover" && second === undefined) {
            // The server resets the realm again while the first recovery runs.
            secondPath = sdk.requireReset();
            second = flow.run(undefined, secondPath);
          }
        },
        onRecovered: (o) => order.push(`recovered ${o.backupPath}`),
      });
      const firstPath = sdk.requireReset();
      const first = flow.run(undefined, firstPath);
      await first;
      const [a, b] = [recovered(await first), recovered((await second) as ResetOutcome)];
      expect(order.indexOf(`recovered ${firstPath}`)).toBeLessThan(order.lastIndexOf("close"));
      expect(a.report.applied.map((x) => x.field)).toEqual(["age"]);
      // The second backup already holds the recovered edit with its stamp: nothing new to apply.
      expect(b.report.counts.applied).toBe(0);
      expect(plainDog(sdk.device, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(sdk.disk.has(firstPath) || sdk.disk.has(secondPath)).toBe(false);
    });

    it("a failed step keeps the backup, records the error in the marker and reports it", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const errors: unknown[] = [];
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, deviceA),
        openRealm: () => {
          const realm = sdk.openRealm();
          realm.syncSession!.failUpload = new Error("network is down");
          return realm;
        },
        onError: (e) => errors.push(e),
      });
      const backupPath = sdk.requireReset();
      const outcome = await flow.run(undefined, backupPath);
      expect(outcome.status).toBe("failed");
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(ClientResetStepError);
      expect(errors[0]).toMatchObject({ code: "CLIENT_RESET_STEP_FAILED", step: "upload", backupPath });
      expect(sdk.disk.has(backupPath)).toBe(true);
      expect(sdk.log).not.toContain(`removeBackup(${backupPath})`);
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toMatchObject({ attempts: 1, backupPath, lastError: expect.stringContaining("network is down") });
      expect(storage.get(`${RECOVERY_MARKER_PREFIX}${sdk.realmPath}`)).toContain('"v":1');
    });

    it("routes sync errors: ClientReset runs the flow, 231 maps to the last report, others pass through", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const refusedSeen: unknown[] = [];
      const others: unknown[] = [];
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, deviceA),
        onCompensatingWrite: (refused) => refusedSeen.push(refused),
        onSyncError: (_s, e) => others.push(e),
      });
      const backupPath = sdk.requireReset();
      flow.error(sdk.device.syncSession!, { name: "ClientReset", message: "reset", config: { path: backupPath, readOnly: true } });
      recovered(await flow.run(undefined, backupPath));
      flow.error(sdk.device.syncSession!, { code: 231, writes: [{ objectName: "Dog", primaryKey: "rex", reason: 'write to "rex" in table "Dog" was denied by write filter in role "owner"' }] });
      flow.error(sdk.device.syncSession!, { code: 1, message: "other" });
      expect(refusedSeen).toEqual([[expect.objectContaining({ model: "Dog", key: "s:rex", reason: "denied by permission", fromRecovery: true })]]);
      expect(others).toEqual([{ code: 1, message: "other" }]);
    });
  });

  describe("manualClientReset reentrancy (property)", () => {
    it("any number of reports of one reset, in any interleaving with the flow, recover the backup exactly once", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom("onManual", "error", "run"), { minLength: 1, maxLength: 6 }), fc.nat(3), async (calls, joinAt) => {
          const { sdk, storage, deviceA } = await dogScenario({ store });
          let opened = 0;
          let uploads = 0;
          const flow = manualClientReset({
            ...manualOptions(sdk, storage, deviceA),
            openBackup: (p) => (opened++, sdk.openBackup(p)),
            openRealm: () => {
              const realm = sdk.openRealm();
              const upload = realm.syncSession!.uploadAllLocalChanges.bind(realm.syncSession);
              realm.syncSession!.uploadAllLocalChanges = () => (uploads++, upload());
              return realm;
            },
          });
          const backupPath = sdk.requireReset();
          const report = (kind: string): void => {
            if (kind === "onManual") flow.clientReset.onManual(sdk.device.syncSession!, backupPath);
            else if (kind === "error") flow.error(sdk.device.syncSession!, { name: "ClientReset", config: { path: backupPath, readOnly: true } });
            else void flow.run(undefined, backupPath);
          };
          for (const [i, kind] of calls.entries()) {
            if (i === joinAt) await new Promise((resolve) => setTimeout(resolve, 0)); // some reports arrive mid-flow
            report(kind);
          }
          await flow.run(undefined, backupPath);
          expect(opened).toBe(1);
          expect(uploads).toBe(1);
          expect(plainDog(sdk.device, "rex")).toEqual({ name: "Rexy", age: 4 });
        }),
        { numRuns: 25, seed: 42 },
      );
    });

    it("reports an initiateClientReset that did not move the file", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const flow = manualClientReset({ ...manualOptions(sdk, storage, deviceA), initiateClientReset: () => false });
      const backupPath = sdk.requireReset();
      const outcome = await flow.run(undefined, backupPath);
      expect(outcome).toMatchObject({ status: "failed", error: { code: "CLIENT_RESET_STEP_FAILED", step: "initiate-reset" } });
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toBeUndefined(); // nothing to resume: the SDK resets at next launch
    });
  });

  describe("manualRecoveryStrategy (Java ManuallyRecoverUnsyncedChangesStrategy shape)", () => {
    it("onClientReset(session, error) recovers from error.config.path", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const strategy = manualRecoveryStrategy(manualOptions(sdk, storage, deviceA));
      const backupPath = sdk.requireReset();
      expect(strategy.pending).toBeUndefined();
      strategy.onClientReset(sdk.device.syncSession!, { name: "ClientReset", config: { path: backupPath, readOnly: true } });
      const outcome = recovered((await strategy.pending) as ResetOutcome);
      expect(outcome.backupPath).toBe(backupPath);
      expect(plainDog(sdk.device, "rex")).toEqual({ name: "Rexy", age: 4 });
    });
  });
});
