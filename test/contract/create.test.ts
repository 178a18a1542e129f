// create(): update modes, Realm's duplicate-key and missing-value errors, type checks,
// and objectForPrimaryKey for every primary key type.
import { ObjectId, UUID } from "bson";
import { expect, it } from "vitest";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { Dog, PEOPLE } from "./models.js";
import { describeStores } from "./stores.js";

describeStores("create", (store) => {
  it("refuses a duplicate primary key in the default mode with Realm's message", () => {
    const realm = store.open([Dog]);
    realm.write(() => realm.create("Dog", { _id: "1", name: "Rex" }));
    expect(() => realm.write(() => realm.create("Dog", { _id: "1", name: "Other" }))).toThrow(
      "Attempting to create an object of type 'Dog' with an existing primary key value '1'.",
    );
    expect(() => realm.write(() => realm.create("Dog", { _id: "1" }, "never"))).toThrow(/existing primary key value '1'/);
    expect(realm.objectForPrimaryKey("Dog", "1")?.name).toBe("Rex");
  });

  it('updates an existing object with mode "modified", "all" and true, leaving omitted fields alone', () => {
    const realm = store.open(PEOPLE);
    realm.write(() => realm.create("Person", { _id: 1, name: "Ann", age: 30 }));
    realm.write(() => realm.create("Person", { _id: 1, age: 31 }, "modified"));
    expect(realm.objectForPrimaryKey("Person", 1)?.age).toBe(31);
    expect(realm.objectForPrimaryKey("Person", 1)?.name).toBe("Ann");
    realm.write(() => realm.create("Person", { _id: 1, name: "Anna" }, "all"));
    expect(realm.objectForPrimaryKey("Person", 1)?.name).toBe("Anna");
    realm.write(() => realm.create("Person", { _id: 1, name: "Annie" }, true));
    expect(realm.objectForPrimaryKey("Person", 1)?.name).toBe("Annie");
    expect(realm.objects("Person").length).toBe(1);
  });

  it("creates a new object in an update mode when the key is new", () => {
    const realm = store.open(PEOPLE);
    realm.write(() => realm.create("Person", { _id: 2, name: "Bob" }, "modified"));
    expect(realm.objectForPrimaryKey("Person", 2)?.name).toBe("Bob");
  });

  it("refuses a missing required property, naming it", () => {
    const realm = store.open(PEOPLE);
    expect(() => realm.write(() => realm.create("Person", { _id: 1 }))).toThrow("Missing value for property 'name'");
    expect(realm.objects("Person").length).toBe(0);
  });

  it("refuses a value of the wrong type with a TypeAssertionError-style message", () => {
    const realm = store.open(PEOPLE);
    expect(() => realm.write(() => realm.create("Person", { _id: 1, name: 42 }))).toThrow(/Expected .* to be a string, got a number/);
    const person = realm.write(() => realm.create("Person", { _id: 1, name: "Ann" }));
    expect(() =>
      realm.write(() => {
        person.age = "old";
      }),
    ).toThrow(/Expected .* to be a number or bigint, got a string/);
    expect(() =>
      realm.write(() => {
        person.name = null;
      }),
    ).toThrow(/Expected .* to be a string, got null/);
  });

  it("refuses to change a primary key", () => {
    const realm = store.open([Dog]);
    const dog = realm.write(() => realm.create("Dog", { _id: "a" }));
    expect(() =>
      realm.write(() => {
        dog._id = "b";
      }),
    ).toThrow("Cannot change value of primary key outside migration function");
  });

  const keyCases: [string, ObjectSchemaInput["properties"][string], unknown, unknown][] = [
    ["int", "int", 7, 8],
    ["string", "string", "seven", "eight"],
    ["objectId", "objectId", new ObjectId("64b7f0c2a1b2c3d4e5f60718"), new ObjectId("64b7f0c2a1b2c3d4e5f60719")],
    ["uuid", "uuid", new UUID("8f14e45f-ceea-4167-a5a4-1d8f5a6c3b21"), new UUID("8f14e45f-ceea-4167-a5a4-1d8f5a6c3b22")],
    ["optional int (null key)", "int?", null, 1],
  ];
  for (const [label, type, key, missing] of keyCases) {
    it(`finds objects by a ${label} primary key`, () => {
      const realm = store.open([{ name: "Thing", primaryKey: "_id", properties: { _id: type, label: "string" } }]);
      realm.write(() => realm.create("Thing", { _id: key, label: "found" }));
      expect(realm.objectForPrimaryKey("Thing", key as never)?.label).toBe("found");
      expect(realm.objectForPrimaryKey("Thing", missing as never)).toBeNull();
    });
  }

  it("finds a key given as an equal but distinct ObjectId instance", () => {
    const realm = store.open([{ name: "Thing", primaryKey: "_id", properties: { _id: "objectId" } }]);
    const hex = "64b7f0c2a1b2c3d4e5f60718";
    realm.write(() => realm.create("Thing", { _id: new ObjectId(hex) }));
    expect(realm.objectForPrimaryKey("Thing", new ObjectId(hex))).not.toBeNull();
  });
});
