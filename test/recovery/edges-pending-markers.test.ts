// The reset marker as a list of pending backups (issue 13, item 6): attempts per backup, order
// kept, format 1 for one backup (what 0.2 reads), format 2 for several.
import { describe, expect, it } from "vitest";
import { memoryStateStorage } from "../../src/clock/index.js";
import { RECOVERY_MARKER_PREFIX, RecoveryCycleError, clearRecoveryMarker, discardPendingBackup, guardRecovery, pendingBackups, readRecoveryMarker } from "../../src/recovery/recovery-guard.js";

describe("pending backups in the reset marker", () => {
  const setup = () => {
    const storage = memoryStateStorage();
    const options = { storage, realmPath: "/app/main.realm", now: () => 1 };
    const fail = (backupPath: string) => () => expect(() => guardRecovery({ ...options, backupPath }, () => { throw new Error(`${backupPath} broken`); })).toThrow();
    return { storage, options, fail, raw: () => storage.get(`${RECOVERY_MARKER_PREFIX}${options.realmPath}`) ?? "" };
  };

  it("counts attempts per backup: backup 2 runs after backup 1 used all of its attempts", () => {
    const { options, fail, raw } = setup();
    for (let i = 0; i < 3; i++) fail("b1")();
    expect(() => guardRecovery({ ...options, backupPath: "b1" }, () => 1)).toThrow(RecoveryCycleError);
    expect(JSON.parse(raw())).toMatchObject({ v: 1, backupPath: "b1", attempts: 3 }); // one pending: format 1
    fail("b2")();
    expect(JSON.parse(raw())).toMatchObject({ v: 2, backups: [{ backupPath: "b1", attempts: 3 }, { backupPath: "b2", attempts: 1 }] });
    expect(guardRecovery({ ...options, backupPath: "b2" }, () => "recovered")).toBe("recovered");
    expect(pendingBackups(options).map((entry) => entry.backupPath)).toEqual(["b1"]);
    expect(readRecoveryMarker({ ...options, backupPath: "b1" })?.lastError).toBe("b1 broken");
  });

  it("keeps the list oldest first when an older entry is updated, and forgets one or all", () => {
    const { options, fail } = setup();
    fail("b1")();
    fail("b2")();
    fail("b1")();
    expect(pendingBackups(options).map((entry) => [entry.backupPath, entry.attempts])).toEqual([["b1", 2], ["b2", 1]]);
    expect(readRecoveryMarker(options)?.backupPath).toBe("b2"); // without a path: the newest
    discardPendingBackup({ ...options, backupPath: "b1" });
    expect(pendingBackups(options).map((entry) => entry.backupPath)).toEqual(["b2"]);
    clearRecoveryMarker(options);
    expect(pendingBackups(options)).toEqual([]);
  });
});
