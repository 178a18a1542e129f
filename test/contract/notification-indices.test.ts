// Modification indices of collection notifications: oldModifications index the collection before
// the write, newModifications after it; a deletion before a modified object shifts the new index.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { PEOPLE } from "./models.js";
import { describeStores, eventually } from "./stores.js";
import type { CollectionChanges, ListenableCollection } from "./stores.js";

type Changes = CollectionChanges;
type Listenable = ListenableCollection;

describeStores("notifications: modification indices", (store) => {
  const seed = async () => {
    const realm = store.open(PEOPLE);
    realm.write(() => {
      for (let id = 1; id <= 4; id++) realm.create("Person", { _id: id, name: `p${id}` });
    });
    const people = (realm.objects("Person") as unknown as { sorted(key: string): Listenable }).sorted("_id");
    const calls: Changes[] = [];
    people.addListener((_collection, changes) => calls.push(changes));
    await eventually(() => calls.length >= 1, store);
    return { realm, people, calls };
  };
  const person = (realm: { objectForPrimaryKey(type: string, key: number): unknown }, id: number) => realm.objectForPrimaryKey("Person", id) as RealmObjectLike;

  it("indexes modifications in the old and the new collection", async () => {
    const { realm, people, calls } = await seed();
    realm.write(() => {
      realm.delete(person(realm, 1));
      person(realm, 3).name = "changed";
    });
    await eventually(() => calls.length >= 2, store);
    expect(calls[1]).toEqual({ insertions: [], deletions: [0], oldModifications: [2], newModifications: [1] });
    people.removeAllListeners();
  });

  it("reports several modifications in ascending order, once each", async () => {
    const { realm, people, calls } = await seed();
    realm.write(() => {
      person(realm, 4).name = "d";
      person(realm, 2).name = "b";
      person(realm, 2).age = 7;
    });
    await eventually(() => calls.length >= 2, store);
    expect(calls[1]).toEqual({ insertions: [], deletions: [], oldModifications: [1, 3], newModifications: [1, 3] });
    people.removeAllListeners();
  });

  it("reports an object inserted and modified in one write as an insertion only", async () => {
    const { realm, people, calls } = await seed();
    realm.write(() => {
      const created = realm.create("Person", { _id: 5, name: "e" });
      created.name = "e2";
    });
    await eventually(() => calls.length >= 2, store);
    expect(calls[1]).toEqual({ insertions: [4], deletions: [], oldModifications: [], newModifications: [] });
    people.removeAllListeners();
  });
});
