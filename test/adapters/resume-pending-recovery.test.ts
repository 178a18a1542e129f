import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import { BackupMissingError, createResetQueue, manualClientReset, resumePendingRecovery } from "../../src/adapters/index.js";
import type { ResumePendingRecoveryOptions } from "../../src/adapters/index.js";
import { readRecoveryMarker, RecoveryCycleError } from "../../src/recovery/recovery-guard.js";
import { dogScenario, manualOptions, plainDog } from "./fixtures.js";
import type { ScriptedSyncSdk } from "./scripted-sync-sdk.js";
import { NOW } from "./scripted-sync-sdk.js";
import type { LocalStateStorage } from "../../src/clock/index.js";
import type { Writer } from "./scripted-sync-sdk.js";

describeStores("adapters: resume-pending-recovery", (store) => {

  /** The app's launch code: open the synced realm, then resume a pending recovery. */
  function launch(sdk: ScriptedSyncSdk, storage: LocalStateStorage, writer: Writer, extra: Partial<ResumePendingRecoveryOptions> = {}) {
    const fresh = sdk.openRealm();
    return resumePendingRecovery({
      realmPath: sdk.realmPath,
      fresh,
      storage,
      clock: writer.clock,
      openBackup: (p) => sdk.openBackup(p),
      removeBackup: (p) => sdk.removeBackup(p),
      backupExists: (p) => sdk.disk.has(p),
      recovery: { now: NOW },
      queue: createResetQueue(), // a new process: the killed one's running flow is gone
      ...extra,
    });
  }

  describe("resumePendingRecovery", () => {
    it("does nothing when no reset is pending", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      sdk.kill();
      expect(await launch(sdk, storage, deviceA)).toEqual({ status: "none", realmPath: sdk.realmPath });
    });

    it("finishes a recovery the app was killed in (during the download), at the next launch", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, deviceA),
        openRealm: () => {
          const realm = sdk.openRealm();
          realm.syncSession!.failDownload = "hang"; // the app is killed while downloading
          return realm;
        },
      });
      const backupPath = sdk.requireReset();
      void flow.run(undefined, backupPath);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(sdk.log).toContain("downloadAllServerChanges");
      sdk.kill();
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toMatchObject({ attempts: 0, backupPath });

      const outcome = await launch(sdk, storage, deviceA);
      expect(outcome.status).toBe("recovered");
      expect(plainDog(sdk.device, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(plainDog(sdk.server, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(sdk.disk.has(backupPath)).toBe(false);
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toBeUndefined();
    });

    it("re-runs a recovery killed after its write (before the upload): idempotent, nothing applied twice", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, deviceA),
        openRealm: () => {
          const realm = sdk.openRealm();
          realm.syncSession!.failUpload = "hang";
          return realm;
        },
      });
      const backupPath = sdk.requireReset();
      void flow.run(undefined, backupPath);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(sdk.log).toContain("uploadAllLocalChanges");
      sdk.kill(); // the recovered age was committed to the fresh realm's file
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toMatchObject({ attempts: 1, backupPath });

      const outcome = await launch(sdk, storage, deviceA);
      if (outcome.status !== "recovered") throw new Error(String(outcome.status));
      expect(outcome.report.counts.applied).toBe(0);
      expect(plainDog(sdk.server, "rex")).toEqual({ name: "Rexy", age: 4 });
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toBeUndefined();
    });

    it("stops after 3 failed attempts with RecoveryCycleError and keeps the backup", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const broken = new Error("schema mismatch in backup");
      const failing = { openBackup: () => Promise.reject(broken) };
      const flow = manualClientReset({ ...manualOptions(sdk, storage, deviceA), ...failing });
      const backupPath = sdk.requireReset();
      expect((await flow.run(undefined, backupPath)).status).toBe("failed"); // attempt 1
      sdk.kill();
      expect((await launch(sdk, storage, deviceA, failing)).status).toBe("failed"); // attempt 2
      sdk.kill();
      expect((await launch(sdk, storage, deviceA, failing)).status).toBe("failed"); // attempt 3
      sdk.kill();
      const stopped = await launch(sdk, storage, deviceA); // even with a working openBackup: the guard stops it
      expect(stopped.status).toBe("failed");
      const error = (stopped as { error: unknown }).error;
      expect(error).toBeInstanceOf(RecoveryCycleError);
      expect(error).toMatchObject({ code: "RECOVERY_CYCLE", marker: { attempts: 3, backupPath, lastError: expect.stringContaining("schema mismatch") } });
      expect((error as Error).message).toContain(backupPath);
      expect(sdk.disk.has(backupPath)).toBe(true);
      expect(sdk.log.filter((l) => l.startsWith("removeBackup"))).toEqual([]);
    });

    it("reports a backup that disappeared and clears the marker", async () => {
      const { sdk, storage, deviceA } = await dogScenario({ store });
      const flow = manualClientReset({ ...manualOptions(sdk, storage, deviceA), openBackup: () => Promise.reject(new Error("disk full")) });
      const backupPath = sdk.requireReset();
      await flow.run(undefined, backupPath);
      sdk.kill();
      sdk.disk.delete(backupPath);
      const outcome = await launch(sdk, storage, deviceA);
      expect(outcome.status).toBe("failed");
      expect((outcome as { error: unknown }).error).toBeInstanceOf(BackupMissingError);
      expect(readRecoveryMarker({ storage, realmPath: sdk.realmPath })).toBeUndefined();
    });
  });
});
