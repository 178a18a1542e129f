import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import {
  classifyServerReason,
  isClientResetError,
  isCompensatingWriteError,
  combineWriteChecks,
  manualClientReset,
  onCompensatingWrite,
  permissionCheck,
  subscriptionFilter,
} from "../../src/adapters/index.js";
import type { CompensatingWriteErrorLike, RecoveryOutcome, RefusedEdit } from "../../src/adapters/index.js";
import { memoryStateStorage } from "../../src/clock/index.js";
import { SyncCheckpoint } from "../../src/checkpoint/index.js";
import { dog, manualOptions } from "./fixtures.js";
import { Writer, scriptedSyncSdk } from "./scripted-sync-sdk.js";

describeStores("adapters: write-checks", (store) => {

  const USER = "user-1";

  /** The Flutter seed's setup: subscription `miles < 100` on Car, permission `ownerId == user.id`. */
  async function carScenario() {
    const sdk = scriptedSyncSdk({ flexible: true, store });
    sdk.setServerSubscriptions([
      { name: "new-cars", objectType: "Car", queryString: "miles < 100" },
      { name: "dogs", objectType: "Dog", queryString: "TRUEPREDICATE" },
    ]);
    const storage = memoryStateStorage();
    const server = new Writer("server");
    const device = new Writer("device-a");
    server.write(sdk.server, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }));
    const realm = sdk.openRealm();
    device.clock.receive(server.clock.last() as string);
    await new SyncCheckpoint({ realmPath: sdk.realmPath, storage }).afterUpload(realm, () => realm.syncSession!.uploadAllLocalChanges(), { clock: device.clock });
    device.write(realm, 2_000, (tx) => {
      tx.create("Car", { _id: "mine", ownerId: USER, make: "Toyota", miles: 2 });
      tx.create("Car", { _id: "old", ownerId: USER, make: "Honda", miles: 90_000 });
      tx.create("Car", { _id: "theirs", ownerId: "someone-else", make: "Ford", miles: 5 });
      tx.assign(dog(realm, "rex"), { age: 4 });
    });
    return { sdk, storage, device };
  }

  const checks = (outcome: RecoveryOutcome) => outcome.report.skipped.filter((e) => e.code === "DENIED").map((e) => [e.key, e.reason]);

  describe("subscriptionFilter and permissions during a recovery (scriptedSyncSdk stand-in)", () => {
    it("skips what the server would revert and lists each with its reason", async () => {
      const { sdk, storage, device } = await carScenario();
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, device),
        writeChecks: ({ backup, fresh }) =>
          subscriptionFilter(sdk.device, { objectsIn: [backup, fresh], permission: (model, object) => model !== "Car" || object.ownerId === USER }),
      });
      const outcome = await flow.run(undefined, sdk.requireReset());
      if (outcome.status !== "recovered") throw new Error(String((outcome as { error?: unknown }).error));
      expect(checks(outcome)).toEqual([
        ["s:old", "outside subscription"],
        ["s:theirs", "denied by permission"],
      ]);
      expect(outcome.report.skipped.find((e) => e.key === "s:old")?.message).toMatch(/^outside subscription: the object was not recreated/);
      expect(outcome.report.skipped.filter((e) => e.code === "DENIED").map((d) => [d.model, d.key, d.reason])).toEqual([
        ["Car", "s:old", "outside subscription"],
        ["Car", "s:theirs", "denied by permission"],
      ]);
      expect(outcome.report.writtenAnyway).toEqual([]);
      expect(sdk.device.objectForPrimaryKey("Car", "mine")).not.toBeNull();
      expect(sdk.device.objectForPrimaryKey("Car", "old")).toBeNull();
      expect(sdk.device.objectForPrimaryKey("Car", "theirs")).toBeNull();
      expect(dog(sdk.device, "rex").age).toBe(4);
    });

    it("writes flagged objects anyway on request, and maps the server's compensating write back to them", async () => {
      const { sdk, storage, device } = await carScenario();
      const refused: (readonly RefusedEdit[])[] = [];
      const flow = manualClientReset({
        ...manualOptions(sdk, storage, device),
        writeChecks: ({ backup }) => subscriptionFilter(sdk.device, { objectsIn: [backup] }),
        writeAnyway: ["outside subscription"],
        onCompensatingWrite: (list) => refused.push(list),
      });
      const outcome = await flow.run(undefined, sdk.requireReset());
      if (outcome.status !== "recovered") throw new Error("not recovered");
      expect(outcome.report.writtenAnyway).toEqual([{ model: "Car", key: "s:old", operation: "create", reason: "outside subscription" }]);
      expect(outcome.report.counts.writtenAnyway).toBe(1);
      expect(sdk.device.objectForPrimaryKey("Car", "old")).not.toBeNull();

      const error: CompensatingWriteErrorLike = {
        code: 231,
        message: "Client attempted a write that is outside of permissions or query filters; it has been reverted",
        writes: [
          { objectName: "Car", primaryKey: "old", reason: 'write to "old" in table "Car" not allowed; object is outside of the current query view' },
          { objectName: "Car", primaryKey: "elsewhere", reason: "something else" },
        ],
      };
      flow.error(sdk.device.syncSession!, error);
      expect(refused).toHaveLength(1);
      const [old, other] = refused[0] as readonly RefusedEdit[];
      expect(old).toMatchObject({ model: "Car", key: "s:old", reason: "outside subscription", fromRecovery: true, created: true, deleted: false });
      expect(other).toMatchObject({ key: "s:elsewhere", reason: "unknown", fromRecovery: false, fields: [] });
    });
  });

  describe("write check helpers", () => {
    it("combineWriteChecks reports the first refusing check; a plain predicate counts as permission", () => {
      const check = combineWriteChecks(permissionCheck((_m, o) => o.miles !== 7, "odd mileage"), (_m, o) => o.ownerId === USER);
      const context = { key: "s:x", operation: "update" as const };
      expect(check("Car", { miles: 7, ownerId: USER }, context)).toEqual({ reason: "odd mileage" });
      expect(check("Car", { miles: 1, ownerId: "b" }, context)).toBe(false);
      expect(check("Car", { miles: 1, ownerId: USER }, context)).toBe(true);
    });

    it("subscriptionFilter: no subscription for a model means outside", async () => {
      const { sdk } = await carScenario();
      const filter = subscriptionFilter(sdk.device, { subscriptions: [{ objectType: "Car", queryString: "miles < 100" }] });
      expect(filter("Dog", {}, { key: "s:rex", operation: "update" })).toEqual({ reason: "outside subscription" });
      expect(filter("Car", {}, { key: "s:mine", operation: "update" })).toBe(true);
      expect(filter("Car", {}, { key: "s:old", operation: "update" })).toEqual({ reason: "outside subscription" });
      expect(subscriptionFilter(sdk.device, { subscriptions: [], exemptModels: ["Dog"] })("Dog", {}, { key: "s:rex", operation: "update" })).toBe(true);
    });

    it("classifies the server's log wording", () => {
      expect(classifyServerReason('write to "x" in table "Car" was denied by write filter in role "owner-read-write"')).toBe("denied by permission");
      expect(classifyServerReason('write to "x" in table "Car" not allowed; object is outside of the current query view')).toBe("outside subscription");
      expect(onCompensatingWrite({ code: 231, writes: [] }, undefined)).toEqual([]);
    });

    it("recognizes the SDK's errors structurally", () => {
      const write = { objectName: "Car", primaryKey: "x", reason: "r" };
      expect(isCompensatingWriteError({ code: 231, writes: [] })).toBe(true);
      expect(isCompensatingWriteError({ name: "CompensatingWriteError", code: 1033, writes: [write] })).toBe(true);
      expect(isCompensatingWriteError({ code: 1, writes: [{ nope: 1 }] })).toBe(false);
      expect(isCompensatingWriteError({ code: 231 })).toBe(false);
      expect(isClientResetError({ name: "ClientReset", config: { path: "/b", readOnly: true } })).toBe(true);
      expect(isClientResetError({ name: "ClientReset" })).toBe(false);
    });
  });
});
