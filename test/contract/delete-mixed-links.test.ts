// Deleting an object that a `mixed` value links to: real Realm removes the link from a list or set
// of mixed (also a list nested in mixed), and leaves null in a dictionary and in a plain mixed.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { describeStores, entriesOf } from "./stores.js";

const SCHEMA = [
  { name: "Bag", primaryKey: "_id", properties: { _id: "int", one: "mixed", list: "mixed[]", set: "mixed<>", dict: "mixed{}", nested: "mixed" } },
  { name: "Pet", primaryKey: "_id", properties: { _id: "string" } },
];

describeStores("delete: links held in mixed", (store) => {
  const seed = () => {
    const realm = store.open(SCHEMA);
    const bag = realm.write(() => {
      realm.create("Pet", { _id: "rex" });
      realm.create("Pet", { _id: "fido" });
      return realm.create("Bag", { _id: 1 });
    });
    const rex = realm.objectForPrimaryKey("Pet", "rex") as RealmObjectLike;
    const fido = realm.objectForPrimaryKey("Pet", "fido") as RealmObjectLike;
    realm.write(() => {
      bag.one = rex;
      bag.list = [rex, 1, fido, rex];
      bag.set = [rex, "s", fido];
      bag.dict = { a: rex, b: fido, c: 2 };
      bag.nested = { list: [rex, 3, fido], dict: { r: rex }, deeper: [[rex, "x"]] };
    });
    realm.write(() => realm.delete(rex));
    return { realm, bag };
  };
  const ids = (items: Iterable<unknown>) => [...items].map((item) => (item !== null && typeof item === "object" ? (item as RealmObjectLike)._id : item));

  it("removes the link from a list of mixed", () => {
    const { bag } = seed();
    expect(ids(bag.list as Iterable<unknown>)).toEqual([1, "fido"]);
  });

  it("removes the link from a set of mixed", () => {
    const { bag } = seed();
    expect(ids(bag.set as Iterable<unknown>).sort()).toEqual(["fido", "s"]);
  });

  it("keeps the key with null in a dictionary of mixed", () => {
    const { bag } = seed();
    const dict = entriesOf(bag.dict);
    expect(Object.keys(dict).sort()).toEqual(["a", "b", "c"]);
    expect(dict.a).toBeNull();
    expect((dict.b as RealmObjectLike)._id).toBe("fido");
  });

  it("reads a plain mixed that linked to it as null", () => {
    const { bag } = seed();
    expect(bag.one).toBeNull();
  });

  it("removes the link from lists nested in mixed, keeps null in nested dictionaries", () => {
    const { bag } = seed();
    const nested = bag.nested as Record<string, unknown>;
    expect(ids(nested.list as Iterable<unknown>)).toEqual([3, "fido"]);
    expect(entriesOf(nested.dict)).toEqual({ r: null });
    expect(ids((nested.deeper as unknown[])[0] as Iterable<unknown>)).toEqual(["x"]);
  });
});
