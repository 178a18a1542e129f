// The adapters keep the backup when the report holds skips (issue 13, item 2): the report's
// copy of the values that were not recovered must not be the only one, unless the app says so.
import { describe, expect, it } from "vitest";
import { manualClientReset } from "../../src/adapters/index.js";
import type { RecoveryOutcome, ResetOutcome } from "../../src/adapters/index.js";
import { dog, dogScenario, manualOptions } from "./fixtures.js";

const recovered = (outcome: ResetOutcome): RecoveryOutcome => {
  if (outcome.status !== "recovered") throw new Error(`expected a recovery, got ${outcome.status}: ${String((outcome as { error?: unknown }).error)}`);
  return outcome;
};

/** The seed's scenario, with the other device deleting Rex: this device's age edit is skipped (DELETED_ON_SERVER). */
async function deletedOnServer() {
  const scenario = await dogScenario();
  scenario.deviceB.write(scenario.sdk.server, 2_500, (tx) => tx.delete(dog(scenario.sdk.server, "rex")));
  return scenario;
}

describe("manualClientReset keeps a backup whose report holds skips", () => {
  it("keeps it by default: removeBackup is not called, the outcome says why, the skip carries the values", async () => {
    const { sdk, storage, deviceA } = await deletedOnServer();
    const backupPath = sdk.requireReset();
    const outcome = recovered(await manualClientReset(manualOptions(sdk, storage, deviceA)).run(undefined, backupPath));
    expect(outcome.report.skipped.map((entry) => entry.code)).toEqual(["DELETED_ON_SERVER"]);
    expect(outcome.report.skipped[0]?.object?.fields.age?.value).toBe(4);
    expect(outcome.backupRemoved).toBe(false);
    expect(outcome.keptForSkips).toBe(true);
    expect(sdk.disk.has(backupPath)).toBe(true);
    expect(sdk.log).not.toContain(`removeBackup(${backupPath})`);
  });

  it("removes it when the app says so (removeBackupWithSkips: true, or a function of the report)", async () => {
    for (const removeBackupWithSkips of [true, (report: { skipped: readonly { code: string }[] }) => report.skipped.every((entry) => entry.code === "DELETED_ON_SERVER")]) {
      const { sdk, storage, deviceA } = await deletedOnServer();
      const backupPath = sdk.requireReset();
      const outcome = recovered(await manualClientReset({ ...manualOptions(sdk, storage, deviceA), removeBackupWithSkips }).run(undefined, backupPath));
      expect(outcome.backupRemoved).toBe(true);
      expect(outcome.keptForSkips).toBeUndefined();
      expect(sdk.disk.has(backupPath)).toBe(false);
    }
  });

  it("still removes a backup whose report has no skips", async () => {
    const { sdk, storage, deviceA } = await dogScenario();
    const backupPath = sdk.requireReset();
    const outcome = recovered(await manualClientReset(manualOptions(sdk, storage, deviceA)).run(undefined, backupPath));
    expect(outcome.report.counts.skipped).toBe(0);
    expect(outcome.backupRemoved).toBe(true);
  });
});
