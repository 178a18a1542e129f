// What the engine and the CLI rely on about realm files: a copy is refused inside a write,
// `realm.path` reads "" once closed, read-only opens, and schema-less opens of a tracked file.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { PEOPLE } from "./models.js";
import { describeStores } from "./stores.js";

describeStores("files", (store) => {
  const seed = () => {
    const realm = store.open(PEOPLE);
    realm.write(() => realm.create("Person", { _id: 1, name: "Ann" }));
    return realm;
  };

  it("refuses to copy a realm inside a write transaction (writeCopyTo / copyFrom)", () => {
    const realm = seed();
    realm.write(() => {
      expect(() => store.copy(realm)).toThrow("Can only convert Realms outside a transaction.");
    });
    expect(store.copy(realm).objects("Person").length).toBe(1);
  });

  it('reads realm.path as "" once closed: keep the path before closing', () => {
    const realm = seed();
    const path = realm.path;
    expect(path).not.toBe("");
    realm.close();
    expect(realm.path).toBe("");
  });

  it("opens read-only: reads everything, refuses write and beginTransaction", () => {
    const realm = seed();
    const readOnly = store.reopen(realm, { readOnly: true });
    expect(readOnly.isReadOnly).toBe(true);
    expect((readOnly.objectForPrimaryKey("Person", 1) as RealmObjectLike).name).toBe("Ann");
    expect(() => readOnly.write(() => undefined)).toThrow("Can't perform transactions on read-only Realms.");
    expect(() => readOnly.beginTransaction()).toThrow("Can't perform transactions on read-only Realms.");
    expect(readOnly.isInTransaction).toBe(false);
  });

  it("opens a tracked file without a schema: the stored models, a counter read as a plain int", () => {
    const realm = store.open(trackFields([{ name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", visits: "counter" } }]));
    realm.write(() => realm.create("Dog", { _id: "rex", name: "Rex", visits: 3, fieldTimestamps: { name: "stamp" }, newestStampMillis: 7 }));
    const opened = store.reopen(realm, { readOnly: true, schemaless: true });
    const dog = opened.schema.find((model) => model.name === "Dog");
    expect(dog?.primaryKey).toBe("_id");
    expect(dog?.properties.visits).toMatchObject({ type: "int", optional: false });
    expect(dog?.properties.visits?.presentation).toBeUndefined();
    expect(dog?.properties.newestStampMillis).toMatchObject({ type: "int", optional: false });
    expect(dog?.properties.fieldTimestamps).toMatchObject({ type: "dictionary", objectType: "string" });
    expect(opened.schema.map((model) => model.name).sort()).toEqual(["Dog", "FieldRecoveryTombstone"]);
    const rex = opened.objectForPrimaryKey("Dog", "rex") as RealmObjectLike;
    expect(rex.visits).toBe(3);
    expect(rex.newestStampMillis).toBe(7);
    expect((rex.fieldTimestamps as Record<string, string>).name).toBe("stamp");
  });
});
