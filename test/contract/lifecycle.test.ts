// Opening (schema validation), closing, and copies that stay independent of their source.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { PEOPLE } from "./models.js";
import { describeStores } from "./stores.js";

describeStores("open and schema validation", (store) => {
  it("reports the canonical schema", () => {
    const realm = store.open(PEOPLE);
    const person = realm.schema.find((model) => model.name === "Person");
    expect(person?.primaryKey).toBe("_id");
    expect(person?.properties.dog).toMatchObject({ type: "object", objectType: "Dog", optional: true });
    expect(person?.properties.dogs).toMatchObject({ type: "list", objectType: "Dog", optional: false });
    expect(person?.properties.age).toMatchObject({ type: "int", optional: true });
    expect(realm.schema.find((model) => model.name === "Address")?.embedded).toBe(true);
  });

  const invalid: [string, ObjectSchemaInput[], RegExp][] = [
    ["an unknown object type", [{ name: "A", properties: { b: "B" } }], /Property 'A\.b' of type 'object' has unknown object type 'B'/],
    ["a primary key missing from properties", [{ name: "A", primaryKey: "id", properties: { x: "int" } }], /'id' is set as the primary key field but was not found in 'properties'/],
    ["a relationship declared as a type", [{ name: "A", properties: { b: { type: "B" } } }], /If you meant to define a relationship/],
    ["a primary key of a non-indexable type", [{ name: "A", primaryKey: "d", properties: { d: "double" } }], /Property 'A\.d' of type 'double' cannot be made the primary key/],
    ["an optional list of objects", [{ name: "A", properties: { bs: "A?[]" } }], /always non-optional/],
  ];
  for (const [label, schema, message] of invalid) {
    it(`refuses ${label}`, () => {
      expect(() => store.open(schema)).toThrow(message);
    });
  }
});

describeStores("close", (store) => {
  it("marks the realm closed and refuses further use", () => {
    const realm = store.open(PEOPLE);
    const person = realm.write(() => realm.create("Person", { _id: 1, name: "Ann" }));
    expect(realm.isClosed).toBe(false);
    realm.close();
    expect(realm.isClosed).toBe(true);
    expect(() => realm.objects("Person")).toThrow("Cannot access realm that has been closed.");
    expect(() => realm.write(() => undefined)).toThrow(/closed/);
    expect(person.isValid()).toBe(false);
  });
});

describeStores("copies", (store) => {
  it("copies every object deeply, re-pointing links to the copy, and stays independent", () => {
    const realm = store.open(PEOPLE);
    realm.write(() => {
      const rex = realm.create("Dog", { _id: "rex", name: "Rex" });
      realm.create("Person", { _id: 1, name: "Ann", dog: rex, dogs: [rex], address: { city: "Oslo" }, addresses: [{ city: "Rome" }] });
    });
    const copy = store.copy(realm);
    const copied = copy.objectForPrimaryKey("Person", 1) as RealmObjectLike;
    expect(copied.name).toBe("Ann");
    expect((copied.dog as RealmObjectLike).name).toBe("Rex");
    expect((copied.address as RealmObjectLike).city).toBe("Oslo");
    expect((copied.addresses as RealmObjectLike[])[0]?.city).toBe("Rome");

    realm.write(() => {
      const original = realm.objectForPrimaryKey("Person", 1) as RealmObjectLike;
      original.name = "Changed";
      (original.address as RealmObjectLike).city = "Changed";
      (realm.objectForPrimaryKey("Dog", "rex") as RealmObjectLike).name = "Changed";
    });
    copy.write(() => {
      (copy.objectForPrimaryKey("Dog", "rex") as RealmObjectLike).name = "Copy only";
    });
    expect(copied.name).toBe("Ann");
    expect((copied.address as RealmObjectLike).city).toBe("Oslo");
    expect((copied.dog as RealmObjectLike).name).toBe("Copy only");
    expect((copied.dogs as RealmObjectLike[])[0]?.name).toBe("Copy only");
    expect(realm.objectForPrimaryKey("Dog", "rex")?.name).toBe("Changed");
  });
});
