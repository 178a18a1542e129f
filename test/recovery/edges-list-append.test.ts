// listAppend with a link to an object deleted on the server (issue 13, item 8): the report shows
// what was written (the pruned list), and a second run applies nothing (law 14). Also its
// documented two-way limit: it brings back elements the other side removed.
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { listAppend } from "../../src/policies/index.js";
import { describeStores } from "../contract/stores.js";
import { Device, NOW, SCHEMA } from "./store-fixtures.js";

const dog = (realm: RealmLike, id: string): RealmObjectLike => realm.objectForPrimaryKey("Dog", id) as RealmObjectLike;
const friends = (realm: RealmLike, id: string): string[] => Array.from(dog(realm, id).friends as Iterable<RealmObjectLike>, (friend) => friend._id as string);
const policies = { models: { Dog: { fields: { friends: listAppend, tricks: listAppend } } } };

describeStores("listAppend at the edges", (store) => {
  const scenario = () => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => {
      for (const id of ["rex", "fido", "spot", "max"]) tx.create("Dog", { _id: id, name: id });
      tx.assign(dog(serverRealm, "rex"), { tricks: ["sit", "roll"] });
    });
    const since = server.last();
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    return { server, device, serverRealm, local, since };
  };
  const run = (local: RealmLike, fresh: RealmLike, since: string) => recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: NOW, policies });

  it("reports the pruned list it wrote, and a second run applies nothing", () => {
    const { server, device, serverRealm, local, since } = scenario();
    device.write(local, 2_000, (tx) => tx.update(dog(local, "rex"), (d: Record<string, any>) => void d.friends.push(dog(local, "fido"), dog(local, "max"))));
    server.write(serverRealm, 3_000, (tx) => {
      tx.delete(dog(serverRealm, "fido"));
      tx.update(dog(serverRealm, "rex"), (d: Record<string, any>) => void d.friends.push(dog(serverRealm, "spot")));
    });
    const fresh = store.copy(serverRealm);
    const first = run(local, fresh, since);
    expect(friends(fresh, "rex")).toEqual(["spot", "max"]);
    expect(first.applied).toMatchObject([{ field: "friends", value: [{ $link: { model: "Dog", key: "s:spot" } }, { $link: { model: "Dog", key: "s:max" } }] }]);
    expect(first.skipped.map((entry) => [entry.code, entry.field])).toEqual([["LINK_TARGET_MISSING", "friends"]]);
    const second = run(local, fresh, since);
    expect(second.counts.applied).toBe(0);
    expect(friends(fresh, "rex")).toEqual(["spot", "max"]);
  });

  it("applies nothing when every appended link is pruned", () => {
    const { server, device, serverRealm, local, since } = scenario();
    device.write(local, 2_000, (tx) => tx.update(dog(local, "rex"), (d: Record<string, any>) => void d.friends.push(dog(local, "fido"))));
    server.write(serverRealm, 3_000, (tx) => {
      tx.delete(dog(serverRealm, "fido"));
      tx.update(dog(serverRealm, "rex"), (d: Record<string, any>) => void d.friends.push(dog(serverRealm, "spot")));
    });
    const fresh = store.copy(serverRealm);
    for (let i = 0; i < 2; i++) {
      const report = run(local, fresh, since);
      expect(report.applied).toEqual([]);
      expect(report.skipped.map((entry) => entry.code)).toEqual(["LINK_TARGET_MISSING"]);
    }
    expect(friends(fresh, "rex")).toEqual(["spot"]);
  });

  it("two-way limit (documented): an element the server removed comes back if this device still holds it", () => {
    const { server, device, serverRealm, local, since } = scenario();
    device.write(local, 2_000, (tx) => tx.update(dog(local, "rex"), (d: Record<string, any>) => void d.tricks.push("beg")));
    server.write(serverRealm, 3_000, (tx) => tx.update(dog(serverRealm, "rex"), (d: Record<string, any>) => void d.tricks.splice(1, 1)));
    const fresh = store.copy(serverRealm);
    run(local, fresh, since);
    // listAppend adds what the backup has and the server lacks: "roll" (removed there) and "beg" (added here).
    expect(Array.from(dog(fresh, "rex").tricks as Iterable<string>)).toEqual(["sit", "roll", "beg"]);
  });
});
