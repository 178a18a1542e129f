// Decisions of issue 13, each pinned by a test on both stores:
// - a local delete against a newer remote edit: under the default "deleteWins" the delete
//   wins (the report's `deleted` entry keeps what it overwrote); "updateWins" keeps the edit;
// - concurrent creates of one primary key merge dictionaries per key, as everywhere else.
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { describeStores } from "../contract/stores.js";
import { plainMixed } from "./edges-helpers.js";
import { Device, NOW, SCHEMA } from "./store-fixtures.js";

const dog = (realm: RealmLike, id: string): RealmObjectLike | null => realm.objectForPrimaryKey("Dog", id);

describeStores("decisions at the edges", (store) => {
  const deleteAgainstNewerEdit = () => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }));
    const since = server.last();
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    device.write(local, 2_000, (tx) => tx.delete(dog(local, "rex") as RealmObjectLike));
    server.write(serverRealm, 3_000, (tx) => tx.assign(dog(serverRealm, "rex") as RealmObjectLike, { name: "Rexy" }));
    return { local, serverRealm, since };
  };

  it("deleteWins (default): the local delete removes the object despite the newer remote edit, and the report keeps that edit", () => {
    const { local, serverRealm, since } = deleteAgainstNewerEdit();
    const fresh = store.copy(serverRealm);
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: NOW });
    expect(dog(fresh, "rex")).toBeNull();
    expect(report.deleted).toHaveLength(1);
    expect(report.deleted[0]?.overwritten?.values).toMatchObject({ name: "Rexy", age: 3 });
    expect(report.deleted[0]!.overwritten!.newestStamp > report.deleted[0]!.stamp).toBe(true);
  });

  it("updateWins: the newer remote edit keeps the object; the delete is reported with its stamp", () => {
    const { local, serverRealm, since } = deleteAgainstNewerEdit();
    const fresh = store.copy(serverRealm);
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: NOW, policies: { delete: "updateWins" } });
    expect(dog(fresh, "rex")?.name).toBe("Rexy");
    expect(report.skipped).toMatchObject([{ code: "UPDATED_ON_SERVER", tombstone: { model: "Dog", key: "s:rex" } }]);
  });

  it("a delete newer than every server edit carries no overwritten values", () => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex" }));
    const since = server.last();
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    device.write(local, 2_000, (tx) => tx.delete(dog(local, "rex") as RealmObjectLike));
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh: store.copy(serverRealm), since, now: NOW });
    expect(report.deleted[0]).not.toHaveProperty("overwritten");
  });

  for (const order of ["local created first", "server created first"] as const) {
    it(`concurrent creates of one primary key merge dictionaries per key (${order})`, () => {
      const a = new Device("device-a");
      const b = new Device("device-b");
      const local = store.open(SCHEMA);
      const serverRealm = store.open(SCHEMA);
      const [localMs, serverMs] = order === "local created first" ? [1_000, 2_000] : [2_000, 1_000];
      a.write(local, localMs, (tx) => tx.create("Dog", { _id: "rex", name: "A's Rex", notes: { vet: "A's vet", both: "from A" } }));
      b.write(serverRealm, serverMs, (tx) => tx.create("Dog", { _id: "rex", name: "B's Rex", notes: { food: "B's food", both: "from B" } }));
      const fresh = store.copy(serverRealm);
      const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since: null, now: NOW });
      const laterWins = order === "local created first" ? "B" : "A";
      expect(plainMixed(dog(fresh, "rex")?.notes)).toEqual({ vet: "A's vet", food: "B's food", both: `from ${laterWins}` });
      // Scalars: per field, the later create wins, as before.
      expect(dog(fresh, "rex")?.name).toBe(`${laterWins}'s Rex`);
      // Law 14: again, nothing.
      expect(recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since: null, now: NOW }).counts.applied).toBe(0);
      expect(report.skipped).toEqual([]);
    });
  }

  it("a re-created object (later generation) still replaces the older incarnation's dictionary whole", () => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", notes: { old: "1" } }));
    const local = store.copy(serverRealm);
    device.clock.receive(server.last());
    device.write(local, 2_000, (tx) => tx.delete(dog(local, "rex") as RealmObjectLike));
    // The delete was uploaded (the checkpoint moved past it), then lost by the server (a restore).
    const afterDelete = device.last();
    device.write(local, 2_100, (tx) => tx.create("Dog", { _id: "rex", name: "Rex 2", notes: { fresh: "2" } }));
    server.write(serverRealm, 3_000, (tx) => tx.assign(dog(serverRealm, "rex") as RealmObjectLike, { notes: { old: "1", other: "3" } }));
    const fresh = store.copy(serverRealm);
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since: afterDelete, now: NOW });
    expect(report.deleted).toEqual([]); // the replacing path: no delete in this changeset
    expect(plainMixed(dog(fresh, "rex")?.notes)).toEqual({ fresh: "2" });
    expect(dog(fresh, "rex")?.name).toBe("Rex 2");
  });
});
