// Collections nested in `mixed` (realm >= 12.9): lists and dictionaries at any depth are
// read, compared (an equal rewrite stamps nothing), stamped as the one mixed field, merged
// and written back, on both stores (issue 13, item 1).
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { describeStores } from "../contract/stores.js";
import { Device } from "./store-fixtures.js";
import { plainMixed } from "./edges-helpers.js";

const BASE = 1_700_000_000_000;
const SCHEMA = trackFields([
  { name: "Doc", primaryKey: "_id", properties: { _id: "string", title: "string?", extra: "mixed", items: "mixed[]", meta: "mixed{}", owner: "Person?" } },
  { name: "Person", primaryKey: "_id", properties: { _id: "int", name: "string" } },
]);


const doc = (realm: RealmLike): RealmObjectLike => realm.objectForPrimaryKey("Doc", "d") as RealmObjectLike;
const stampOf = (realm: RealmLike, key: string): string | undefined => {
  const stamps = doc(realm).fieldTimestamps as { entries(): Iterable<[string, string]> };
  return new Map(stamps.entries()).get(key);
};

describeStores("collections nested in mixed", (store) => {
  const setup = (extra: unknown, items: unknown[] = [], meta: Record<string, unknown> = {}) => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => {
      const person = tx.create("Person", { _id: 7, name: "Ada" });
      tx.create("Doc", { _id: "d", title: "t", extra, items, meta, owner: person });
    });
    const since = server.clock.last() as string;
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    return { server, device, serverRealm, local, since };
  };
  const recover = (backupOf: RealmLike, freshOf: RealmLike, since: string | null) => {
    const backup = store.copy(backupOf, { readOnly: true });
    const fresh = store.copy(freshOf);
    const report = recoverUnsyncedChanges({ backup, fresh, since, now: () => BASE + 10_000 });
    return { backup, fresh, report };
  };

  it("recovers an in-place edit of a list nested in a mixed dictionary, and the object's other fields", () => {
    const { device, serverRealm, local, since } = setup({ a: [1, { b: 2 }], s: "x" });
    device.write(local, 2_000, (tx) =>
      tx.update(doc(local), (d: Record<string, any>) => {
        d.extra.a.push(3);
        d.extra.a[1].c = [true];
        d.title = "local";
      }),
    );
    expect(plainMixed(doc(local).extra)).toEqual({ a: [1, { b: 2, c: [true] }, 3], s: "x" });
    expect(stampOf(local, "extra")! > since).toBe(true);
    const { fresh, report } = recover(local, serverRealm, since);
    expect(report.skipped).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.applied.map((entry) => entry.field).sort()).toEqual(["extra", "title"]);
    expect(plainMixed(doc(fresh).extra)).toEqual({ a: [1, { b: 2, c: [true] }, 3], s: "x" });
    expect(doc(fresh).title).toBe("local");
    // Law 14: a second run applies nothing.
    const again = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: () => BASE + 10_000 });
    expect(again.counts.applied).toBe(0);
  });

  it("stamps nothing for an equal rewrite of a nested value (law 3), and stamps a replacement", () => {
    const { device, local, since } = setup([1, [2, { x: 3 }]]);
    device.write(local, 2_000, (tx) => tx.update(doc(local), (d: Record<string, any>) => void (d.extra = [1, [2, { x: 3 }]])));
    device.write(local, 2_500, (tx) => tx.assign(doc(local), { extra: [1, [2, { x: 3 }]] }));
    expect(stampOf(local, "extra")).toBeUndefined();
    device.write(local, 3_000, (tx) => tx.assign(doc(local), { extra: { list: [1, [2]] } }));
    expect(stampOf(local, "extra")! > since).toBe(true);
    expect(plainMixed(doc(local).extra)).toEqual({ list: [1, [2]] });
  });

  it("merges per field against a newer server edit of the nested value (kept, both values reported)", () => {
    const { server, device, serverRealm, local, since } = setup({ n: [1] });
    device.write(local, 2_000, (tx) => tx.update(doc(local), (d: Record<string, any>) => void d.extra.n.push(2)));
    server.write(serverRealm, 3_000, (tx) => tx.update(doc(serverRealm), (d: Record<string, any>) => void d.extra.n.push(9)));
    const { fresh, report } = recover(local, serverRealm, since);
    expect(report.skipped).toEqual([]);
    expect(report.kept).toMatchObject([{ field: "extra", local: { value: { n: [1, 2] } }, server: { value: { n: [1, 9] } } }]);
    expect(plainMixed(doc(fresh).extra)).toEqual({ n: [1, 9] });
  });

  it("recovers nested collections in mixed lists and mixed dictionary entries, with links inside", () => {
    const { device, serverRealm, local, since } = setup(null, [[1], { z: 1 }], { x: [1, 2] });
    device.write(local, 2_000, (tx) =>
      tx.update(doc(local), (d: Record<string, any>) => {
        d.items[0].push(2);
        d.items[1].z = { deep: [local.objectForPrimaryKey("Person", 7)] };
        d.meta.x.push(3);
        d.meta.y = { k: [] };
      }),
    );
    expect(stampOf(local, "items")! > since).toBe(true);
    expect(stampOf(local, "meta/x")! > since).toBe(true);
    const { fresh, report } = recover(local, serverRealm, since);
    expect(report.skipped).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(plainMixed(doc(fresh).items)).toEqual([[1, 2], { z: { deep: [{ $link: "Person/7" }] } }]);
    expect(plainMixed(doc(fresh).meta)).toEqual({ x: [1, 2, 3], y: { k: [] } });
  });

  it("creates an object holding nested mixed collections (the fresh realm lacks it)", () => {
    const device = new Device("device");
    const local = store.open(SCHEMA);
    device.write(local, 2_000, (tx) => tx.create("Doc", { _id: "d", extra: { a: [[1, { b: [2] }]] }, items: [{ q: [1] }], meta: { m: { n: [1] } } }));
    const { fresh, report } = recover(local, store.open(SCHEMA), null);
    expect(report.skipped).toEqual([]);
    expect(report.created).toHaveLength(1);
    expect(plainMixed(doc(fresh).extra)).toEqual({ a: [[1, { b: [2] }]] });
    expect(plainMixed(doc(fresh).items)).toEqual([{ q: [1] }]);
    expect(plainMixed(doc(fresh).meta)).toEqual({ m: { n: [1] } });
  });
});
