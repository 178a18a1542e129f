// delete(): objects, arrays, lists and results; deleted objects become invalid, links to them
// read as null or drop out of lists, and embedded objects go with their parent.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { PEOPLE } from "./models.js";
import { describeStores } from "./stores.js";

describeStores("delete", (store) => {
  const seed = () => {
    const realm = store.open(PEOPLE);
    realm.write(() => {
      const rex = realm.create("Dog", { _id: "rex" });
      const fido = realm.create("Dog", { _id: "fido" });
      realm.create("Person", { _id: 1, name: "Ann", dog: rex, dogs: [rex, fido], address: { city: "Oslo" }, addresses: [{ city: "Rome" }] });
      realm.create("Person", { _id: 2, name: "Bob", dog: fido });
    });
    return realm;
  };

  it("deletes one object; it becomes invalid and reading it throws", () => {
    const realm = seed();
    const bob = realm.objectForPrimaryKey("Person", 2) as RealmObjectLike;
    realm.write(() => realm.delete(bob));
    expect(bob.isValid()).toBe(false);
    expect(() => bob.name).toThrow("Accessing object which has been invalidated or deleted");
    expect(realm.objectForPrimaryKey("Person", 2)).toBeNull();
    expect(realm.objects("Person").length).toBe(1);
  });

  it("nulls links and drops list entries pointing at a deleted object", () => {
    const realm = seed();
    const ann = realm.objectForPrimaryKey("Person", 1) as RealmObjectLike;
    realm.write(() => realm.delete(realm.objectForPrimaryKey("Dog", "rex")));
    expect(ann.dog).toBeNull();
    const dogs = ann.dogs as RealmObjectLike[];
    expect(dogs.length).toBe(1);
    expect(dogs[0]?._id).toBe("fido");
  });

  it("deletes embedded objects with their parent", () => {
    const realm = seed();
    const ann = realm.objectForPrimaryKey("Person", 1) as RealmObjectLike;
    const address = ann.address as RealmObjectLike;
    const inList = (ann.addresses as RealmObjectLike[])[0] as RealmObjectLike;
    realm.write(() => realm.delete(ann));
    expect(address.isValid()).toBe(false);
    expect(inList.isValid()).toBe(false);
  });

  it("deletes every object of a Results collection", () => {
    const realm = seed();
    realm.write(() => realm.delete(realm.objects("Dog")));
    expect(realm.objects("Dog").length).toBe(0);
    expect(realm.objectForPrimaryKey("Person", 2)?.dog).toBeNull();
  });

  it("deletes the objects of a list (the list itself stays, empty)", () => {
    const realm = seed();
    const ann = realm.objectForPrimaryKey("Person", 1) as RealmObjectLike;
    realm.write(() => realm.delete(ann.dogs));
    expect(realm.objects("Dog").length).toBe(0);
    expect((ann.dogs as unknown[]).length).toBe(0);
  });

  it("deletes an array of objects", () => {
    const realm = seed();
    realm.write(() => realm.delete([realm.objectForPrimaryKey("Person", 1), realm.objectForPrimaryKey("Person", 2)]));
    expect(realm.objects("Person").length).toBe(0);
  });

  it("lets a deleted primary key be created again", () => {
    const realm = seed();
    realm.write(() => {
      realm.delete(realm.objectForPrimaryKey("Person", 2));
      realm.create("Person", { _id: 2, name: "Bob again" });
    });
    expect(realm.objectForPrimaryKey("Person", 2)?.name).toBe("Bob again");
  });

  it("keeps Results live: iteration, length and index follow deletions", () => {
    const realm = seed();
    const people = realm.objects("Person");
    expect(people.length).toBe(2);
    expect([...people].map((p) => p._id).sort()).toEqual([1, 2]);
    realm.write(() => realm.delete(people[0]));
    expect(people.length).toBe(1);
    expect(people[0]?.isValid()).toBe(true);
  });
});

describeStores("delete: sets and dictionaries of links", (store) => {
  it("removes a deleted object from sets and nulls it in dictionaries (keeping the key)", () => {
    const realm = store.open([
      { name: "Kennel", primaryKey: "_id", properties: { _id: "int", set: "Pet<>", dict: "Pet{}" } },
      { name: "Pet", primaryKey: "_id", properties: { _id: "string" } },
    ]);
    const kennel = realm.write(() => {
      const rex = realm.create("Pet", { _id: "rex" });
      const fido = realm.create("Pet", { _id: "fido" });
      return realm.create("Kennel", { _id: 1, set: [rex, fido], dict: { a: rex, b: fido } });
    });
    realm.write(() => realm.delete(realm.objectForPrimaryKey("Pet", "rex")));
    expect([...(kennel.set as Iterable<RealmObjectLike>)].map((pet) => pet._id)).toEqual(["fido"]);
    const dict = kennel.dict as Record<string, RealmObjectLike | null>;
    expect(Object.keys(dict).sort()).toEqual(["a", "b"]);
    expect(dict.a).toBeNull();
    expect(dict.b?._id).toBe("fido");
  });
});
