// Change notifications: delivered asynchronously after a commit, with Realm's index change sets
// (deletions / oldModifications index the old collection, insertions / newModifications the new one).
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { PEOPLE } from "./models.js";
import { describeStores, eventually } from "./stores.js";
import type { CollectionChanges, ListenableCollection } from "./stores.js";

type Changes = CollectionChanges;
type Listenable = ListenableCollection;
type ObjectListenable = { addListener(cb: (object: unknown, changes: { deleted: boolean; changedProperties: string[] }) => void): void };

describeStores("notifications", (store) => {
  it("reports insertions, modifications and deletions of objects(name) by index", async () => {
    const realm = store.open(PEOPLE);
    realm.write(() => {
      for (let id = 1; id <= 3; id++) realm.create("Person", { _id: id, name: `p${id}` });
    });
    const people = realm.objects("Person") as unknown as Listenable;
    const calls: Changes[] = [];
    people.addListener((_collection, changes) => calls.push(changes));
    await eventually(() => calls.length >= 1, store);
    expect(calls[0]).toMatchObject({ insertions: [], deletions: [], newModifications: [] });

    realm.write(() => {
      (realm.objectForPrimaryKey("Person", 2) as RealmObjectLike).name = "changed";
      realm.create("Person", { _id: 4, name: "p4" });
    });
    await eventually(() => calls.length >= 2, store);
    expect(calls[1]).toEqual({ insertions: [3], deletions: [], newModifications: [1], oldModifications: [1] });

    realm.write(() => realm.delete(realm.objectForPrimaryKey("Person", 1)));
    await eventually(() => calls.length >= 3, store);
    expect(calls[2]?.deletions).toEqual([0]);
    expect(calls[2]?.insertions.length).toBeLessThanOrEqual(1);
    people.removeAllListeners();
  });

  it("sends nothing for a rolled-back write", async () => {
    const realm = store.open(PEOPLE);
    const people = realm.objects("Person") as unknown as Listenable;
    const calls: Changes[] = [];
    people.addListener((_collection, changes) => calls.push(changes));
    await eventually(() => calls.length >= 1, store);
    expect(() =>
      realm.write(() => {
        realm.create("Person", { _id: 1, name: "Ann" });
        throw new Error("no");
      }),
    ).toThrow("no");
    await store.nextTick();
    await store.nextTick();
    expect(calls.length).toBe(1);
    people.removeAllListeners();
  });

  it("tells an object listener which properties changed", async () => {
    const realm = store.open(PEOPLE);
    const ann = realm.write(() => realm.create("Person", { _id: 1, name: "Ann", age: 3 }));
    const calls: { deleted: boolean; changedProperties: string[] }[] = [];
    (ann as unknown as ObjectListenable).addListener((_object, changes) => calls.push(changes));
    await eventually(() => calls.length >= 1, store);
    realm.write(() => {
      ann.age = 4;
    });
    await eventually(() => calls.length >= 2, store);
    expect(calls[1]).toEqual({ deleted: false, changedProperties: ["age"] });
  });

  it("calls realm 'change' listeners after a commit", async () => {
    const realm = store.open(PEOPLE);
    let calls = 0;
    const listener = () => {
      calls++;
    };
    realm.addListener("change", listener);
    realm.write(() => realm.create("Person", { _id: 1, name: "Ann" }));
    await eventually(() => calls >= 1, store);
    expect(calls).toBeGreaterThanOrEqual(1);
    realm.removeListener("change", listener);
  });
});

describeStores("notifications of links to deleted objects", (store) => {
  it("report the linking object as modified when its link target is deleted", async () => {
    const realm = store.open(PEOPLE);
    realm.write(() => realm.create("Person", { _id: 1, name: "Ann", dog: { _id: "rex" }, dogs: [{ _id: "fido" }] }));
    const calls: { deleted: boolean; changedProperties: string[] }[] = [];
    const ann = realm.objectForPrimaryKey("Person", 1) as unknown as ObjectListenable;
    ann.addListener((_object, changes) => calls.push(changes));
    await eventually(() => calls.length >= 1, store);
    realm.write(() => realm.delete(realm.objects("Dog")));
    await eventually(() => calls.length >= 2, store);
    expect([...(calls[1]?.changedProperties ?? [])].sort()).toEqual(["dog", "dogs"]);
  });
});
