import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import { formatStamp, memoryStateStorage } from "../../src/clock/index.js";
import { compactTombstones } from "../../src/recovery/compact-tombstones.js";
import { RecoveryCycleError, guardRecovery, readRecoveryMarker } from "../../src/recovery/recovery-guard.js";

import { SCHEMA } from "./store-fixtures.js";

describeStores("recovery maintenance", (store) => {

  const DAY = 86_400_000;
  const stampDay = (day: number) => formatStamp({ millis: day * DAY, counter: 0, nodeHash: 1 });

  describe("compactTombstones", () => {
    it("drops only tombstones at or below the checkpoint and older than the max offline time", () => {
      const realm = store.open(SCHEMA);
      realm.write(() => {
        for (const [id, day] of [["old", 10], ["recent", 95], ["unsynced", 5]] as const) {
          realm.create("FieldRecoveryTombstone", { _id: `Dog/s:${id}`, model: "Dog", key: `s:${id}`, stamp: stampDay(id === "unsynced" ? 101 : day), generation: 1 });
        }
      });
      const removed = compactTombstones(realm, { since: stampDay(100), now: () => 100 * DAY });
      expect(removed).toBe(1);
      expect([...realm.objects("FieldRecoveryTombstone")].map((t) => t.key).sort()).toEqual(["s:recent", "s:unsynced"]);
    });
  });

  describe("guardRecovery", () => {
    const options = { storage: memoryStateStorage(), realmPath: "/app/default.realm", backupPath: "/app/backup.realm", maxAttempts: 2, now: () => 1 };

    it("clears the marker on success, counts failures and stops the cycle, keeping the backup path", () => {
      expect(guardRecovery(options, () => 42)).toBe(42);
      expect(readRecoveryMarker(options)).toBeUndefined();
      const fail = () => {
        throw new Error("boom");
      };
      expect(() => guardRecovery(options, fail)).toThrow("boom");
      expect(readRecoveryMarker(options)).toMatchObject({ attempts: 1, lastError: "boom" });
      expect(() => guardRecovery(options, fail)).toThrow("boom");
      let error: unknown;
      try {
        guardRecovery(options, () => 0);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RecoveryCycleError);
      expect((error as RecoveryCycleError).code).toBe("RECOVERY_CYCLE");
      expect((error as RecoveryCycleError).message).toMatch(/backup\.realm/);
    });
  });
});
