// The retry guard is keyed on the backup (issue 13, item 6): a new reset's backup is not refused
// because an older backup's recovery failed, and every unrecovered backup stays listed until it
// is recovered or the app discards it.
import { describe, expect, it } from "vitest";
import { createResetQueue, manualClientReset, resumePendingRecovery } from "../../src/adapters/index.js";
import { RecoveryCycleError, discardPendingBackup, pendingBackups } from "../../src/recovery/recovery-guard.js";
import { dog, dogScenario, manualOptions, plainDog } from "./fixtures.js";
import { NOW } from "./scripted-sync-sdk.js";

describe("pending backups", () => {
  it("a second reset recovers its backup after the first backup's attempts ran out; the first stays listed", async () => {
    const { sdk, storage, deviceA, checkpoint } = await dogScenario();
    const since = checkpoint.since;
    const broken = manualClientReset({ ...manualOptions(sdk, storage, deviceA), openBackup: () => Promise.reject(new Error("backup 1 unreadable")) });
    const first = sdk.requireReset();
    expect((await broken.run(undefined, first)).status).toBe("failed"); // attempt 1
    const launch = (openBackup?: (path: string) => Promise<never>) => {
      sdk.kill();
      return resumePendingRecovery({ realmPath: sdk.realmPath, fresh: sdk.openRealm(), storage, clock: deviceA.clock, openBackup: openBackup ?? ((p) => sdk.openBackup(p)), recovery: { now: NOW }, queue: createResetQueue() });
    };
    const unreadable = () => Promise.reject(new Error("backup 1 unreadable"));
    expect((await launch(unreadable)).status).toBe("failed"); // attempt 2
    expect((await launch(unreadable)).status).toBe("failed"); // attempt 3
    const cycle = await launch();
    expect(cycle.status === "failed" && cycle.error).toBeInstanceOf(RecoveryCycleError);
    expect(pendingBackups({ storage, realmPath: sdk.realmPath })).toMatchObject([{ backupPath: first, attempts: 3, since }]);

    // Work goes on in the fresh realm, then another reset moves it aside as backup 2.
    deviceA.write(sdk.device, 4_000, (tx) => tx.assign(dog(sdk.device, "rex"), { name: "Rex II" }));
    const second = sdk.requireReset();
    const outcome = await manualClientReset(manualOptions(sdk, storage, deviceA)).run(undefined, second);
    expect(outcome.status).toBe("recovered");
    expect(plainDog(sdk.device, "rex").name).toBe("Rex II");
    // Backup 1 is still listed (never recovered), backup 2 is not.
    expect(pendingBackups({ storage, realmPath: sdk.realmPath }).map((entry) => entry.backupPath)).toEqual([first]);
    expect(sdk.disk.has(first)).toBe(true);

    // The app can retry it (its own checkpoint is recorded), or discard it.
    discardPendingBackup({ storage, realmPath: sdk.realmPath, backupPath: first });
    expect(pendingBackups({ storage, realmPath: sdk.realmPath })).toEqual([]);
  });

  it("resumePendingRecovery takes the oldest backup with attempts left, read against the checkpoint recorded with it", async () => {
    const { sdk, storage, deviceA, checkpoint } = await dogScenario();
    const since = checkpoint.since;
    const failing = manualClientReset({ ...manualOptions(sdk, storage, deviceA), openBackup: () => Promise.reject(new Error("disk busy")) });
    const first = sdk.requireReset();
    expect((await failing.run(undefined, first)).status).toBe("failed");
    // The checkpoint moves on after the reset (uploads in the fresh realm): backup 1 must still be read against its own.
    deviceA.write(sdk.device, 5_000, (tx) => tx.assign(dog(sdk.device, "rex"), { name: "later" }));
    await checkpoint.afterUpload(sdk.device, () => sdk.device.syncSession!.uploadAllLocalChanges(), { clock: deviceA.clock });
    expect(checkpoint.since).not.toBe(since);
    sdk.kill();
    const fresh = sdk.openRealm();
    const outcome = await resumePendingRecovery({
      realmPath: sdk.realmPath,
      fresh,
      storage,
      clock: deviceA.clock,
      openBackup: (p) => sdk.openBackup(p),
      removeBackup: (p) => sdk.removeBackup(p),
      recovery: { now: NOW },
      queue: createResetQueue(),
    });
    expect(outcome.status).toBe("recovered");
    expect(outcome.status === "recovered" && outcome.since).toBe(since);
    expect(outcome.status === "recovered" && outcome.report.applied.map((entry) => entry.field)).toEqual(["age"]);
    expect(pendingBackups({ storage, realmPath: sdk.realmPath })).toEqual([]);
  });
});
