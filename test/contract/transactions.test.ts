// Write transactions: mutations outside one throw, a throw inside one rolls everything back,
// nesting is refused, explicit begin/commit/cancel, and read-only realms refuse writes.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { PEOPLE } from "./models.js";
import { describeStores } from "./stores.js";

const OUTSIDE = "Cannot modify managed objects outside of a write transaction.";
/** Real Realm words a delete outside a write on its own. */
const DELETE_OUTSIDE = "Can only delete objects within a transaction.";

describeStores("write transactions", (store) => {
  const seed = () => {
    const realm = store.open(PEOPLE);
    realm.write(() => {
      realm.create("Person", { _id: 1, name: "Ann", age: 30, dogs: [{ _id: "rex" }], address: { city: "Oslo" } });
      realm.create("Person", { _id: 2, name: "Bob" });
    });
    return realm;
  };

  it("refuses mutations outside a write transaction", () => {
    const realm = seed();
    const ann = realm.objectForPrimaryKey("Person", 1) as RealmObjectLike;
    expect(() => {
      ann.name = "Anna";
    }).toThrow(OUTSIDE);
    expect(() => realm.create("Person", { _id: 3, name: "Cy" })).toThrow(OUTSIDE);
    expect(() => realm.delete(ann)).toThrow(DELETE_OUTSIDE);
    expect(() => realm.delete(realm.objects("Person"))).toThrow(DELETE_OUTSIDE);
    expect(() => realm.deleteAll()).toThrow(DELETE_OUTSIDE);
    expect(() => (ann.dogs as { push(value: unknown): void }).push({ _id: "fido" })).toThrow(OUTSIDE);
    expect(() => {
      (ann.address as RealmObjectLike).city = "Rome";
    }).toThrow(OUTSIDE);
    expect(ann.name).toBe("Ann");
  });

  it("rolls back creations, updates and deletions when the callback throws, and rethrows", () => {
    const realm = seed();
    const ann = realm.objectForPrimaryKey("Person", 1) as RealmObjectLike;
    const bob = realm.objectForPrimaryKey("Person", 2) as RealmObjectLike;
    const failure = new Error("boom");
    expect(() =>
      realm.write(() => {
        realm.create("Person", { _id: 3, name: "Cy" });
        ann.name = "Anna";
        ann.age = 31;
        (ann.address as RealmObjectLike).city = "Rome";
        (ann.dogs as { push(value: unknown): void }).push({ _id: "fido" });
        realm.delete(bob);
        throw failure;
      }),
    ).toThrow(failure);
    expect(realm.isInTransaction).toBe(false);
    expect(realm.objectForPrimaryKey("Person", 3)).toBeNull();
    expect(realm.objectForPrimaryKey("Dog", "fido")).toBeNull();
    expect([ann.name, ann.age, (ann.address as RealmObjectLike).city]).toEqual(["Ann", 30, "Oslo"]);
    expect((ann.dogs as unknown[]).length).toBe(1);
    expect(realm.objects("Person").length).toBe(2);
    expect(realm.objectForPrimaryKey("Person", 2)?.name).toBe("Bob");
  });

  it("returns the callback's value", () => {
    const realm = seed();
    expect(realm.write(() => 42)).toBe(42);
  });

  it("refuses a nested write", () => {
    const realm = seed();
    expect(() => realm.write(() => realm.write(() => undefined))).toThrow(/already in a write transaction/);
    expect(realm.isInTransaction).toBe(false);
  });

  it("supports beginTransaction / commitTransaction / cancelTransaction", () => {
    const realm = seed();
    realm.beginTransaction();
    expect(realm.isInTransaction).toBe(true);
    realm.create("Person", { _id: 3, name: "Cy" });
    realm.commitTransaction();
    expect(realm.objectForPrimaryKey("Person", 3)?.name).toBe("Cy");
    realm.beginTransaction();
    realm.create("Person", { _id: 4, name: "Di" });
    realm.cancelTransaction();
    expect(realm.isInTransaction).toBe(false);
    expect(realm.objectForPrimaryKey("Person", 4)).toBeNull();
  });

  it("lets a failed operation be caught inside the write without losing earlier changes", () => {
    const realm = seed();
    realm.write(() => {
      realm.create("Person", { _id: 3, name: "Cy" });
      expect(() => realm.create("Person", { _id: 3, name: "Again" })).toThrow(/existing primary key/);
    });
    expect(realm.objectForPrimaryKey("Person", 3)?.name).toBe("Cy");
  });
});

describeStores("read-only realms", (store) => {
  it("read but refuse write transactions", () => {
    const source = store.open(PEOPLE);
    source.write(() => seedOne(source));
    const backup = store.copy(source, { readOnly: true });
    expect(backup.isReadOnly).toBe(true);
    expect(backup.objectForPrimaryKey("Person", 1)?.name).toBe("Ann");
    expect(() => backup.write(() => undefined)).toThrow(/read-only/i);
  });
});

function seedOne(realm: { create(type: string, values: Record<string, unknown>): unknown }): void {
  realm.create("Person", { _id: 1, name: "Ann" });
}
