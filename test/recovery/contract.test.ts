// Recovery on every store of the contract harness (memory always, real Realm when it loads).
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { listAppend, setUnion } from "../../src/policies/index.js";
import { dumpMemoryRealm } from "../../src/testing/index.js";
import { describeStores } from "../contract/stores.js";
import { Device, NOW, SCHEMA } from "./store-fixtures.js";

const dog = (realm: RealmLike, id: string): RealmObjectLike | null => realm.objectForPrimaryKey("Dog", id);
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describeStores("recovery", (store) => {
  /** Server and device A share rex, fido and spot; then both sides edit. */
  const scenario = () => {
    const server = new Device("server");
    const a = new Device("device-a");
    const b = new Device("device-b");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => {
      tx.create("Dog", { _id: "rex", name: "Rex", age: 3, address: { street: "1 Main", city: "Paris" }, tags: ["good"], tricks: ["sit"] });
      tx.create("Dog", { _id: "fido", name: "Fido" });
      tx.create("Dog", { _id: "spot", name: "Spot" });
    });
    const deviceA = store.copy(serverRealm);
    a.clock.receive(server.last());
    const since = server.last();
    b.write(serverRealm, 2_000, (tx) => {
      const rex = dog(serverRealm, "rex") as RealmObjectLike;
      tx.assign(rex, { name: "Rexy", address: { street: "1 Main", city: "Lyon" }, tags: ["good", "calm"], tricks: ["sit", "roll"] });
      tx.delete(dog(serverRealm, "fido") as RealmObjectLike);
    });
    a.write(deviceA, 3_000, (tx) => {
      const rex = dog(deviceA, "rex") as RealmObjectLike;
      const max = tx.create("Dog", { _id: "max", name: "Max" });
      tx.assign(rex, { age: 4, address: { street: "2 Side", city: "Paris" }, tags: ["good", "fast"], tricks: ["sit", "beg"], friends: [max, dog(deviceA, "fido")] });
      tx.delete(dog(deviceA, "spot") as RealmObjectLike);
    });
    const backup = store.copy(deviceA, { readOnly: true });
    const fresh = store.copy(serverRealm);
    return { backup, fresh, since };
  };

  it("keeps both devices' edits per field, creates, deletes, drops links to deleted objects", () => {
    const { backup, fresh, since } = scenario();
    const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, policies: { models: { Dog: { fields: { tags: setUnion, tricks: listAppend } } } } });
    const rex = dog(fresh, "rex") as RealmObjectLike;
    expect(rex).toMatchObject({ name: "Rexy", age: 4 });
    expect(plain(rex.address)).toEqual({ street: "2 Side", city: "Lyon" });
    expect([...(rex.tags as Iterable<string>)].sort()).toEqual(["calm", "fast", "good"]);
    expect([...(rex.tricks as Iterable<string>)]).toEqual(["sit", "roll", "beg"]);
    expect([...(rex.friends as Iterable<RealmObjectLike>)].map((d) => d._id)).toEqual(["max"]);
    expect(dog(fresh, "fido")).toBeNull();
    expect(dog(fresh, "spot")).toBeNull();
    expect(report.created.map((c) => c.key)).toEqual(["s:max"]);
    expect(report.deleted.map((d) => d.key)).toEqual(["s:spot"]);
    expect(report.skipped.map((s) => s.code)).toEqual(["LINK_TARGET_MISSING"]);
  });

  it("is idempotent and never changes the backup", () => {
    const { backup, fresh, since } = scenario();
    const backupBefore = JSON.stringify(dumpMemoryRealm(backup));
    recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
    const once = JSON.stringify(dumpMemoryRealm(fresh));
    expect(recoverUnsyncedChanges({ backup, fresh, since, now: NOW }).counts).toMatchObject({ applied: 0, created: 0, deleted: 0 });
    expect(JSON.stringify(dumpMemoryRealm(fresh))).toBe(once);
    expect(JSON.stringify(dumpMemoryRealm(backup))).toBe(backupBefore);
  });

  it("rolls back everything when the apply throws midway (after a delete and a tombstone were written)", () => {
    const { backup, fresh, since } = scenario();
    const before = JSON.stringify(dumpMemoryRealm(fresh));
    const failing = new Proxy(fresh, {
      get(target, prop) {
        if (prop === "create") {
          return (type: string, values: Record<string, unknown>, mode?: "never" | "modified" | "all") => {
            if (type === "Dog") throw new Error("disk full");
            return target.create(type, values, mode);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    expect(() => recoverUnsyncedChanges({ backup, fresh: failing, since, now: NOW })).toThrow(/disk full/);
    expect(JSON.stringify(dumpMemoryRealm(fresh))).toBe(before);
    expect(recoverUnsyncedChanges({ backup, fresh, since, now: NOW }).counts).toMatchObject({ created: 1, deleted: 1 });
  });
});
