// The transformed schema opens in every store and holds stamps and tombstones as documented.
import { expect, it } from "vitest";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { resolveTracking } from "../../src/schema/tracking-config.js";
import { describeStores } from "../contract/stores.js";

const Dog: ObjectSchemaInput = { name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", address: "Address?" } };
const Address: ObjectSchemaInput = { name: "Address", embedded: true, properties: { city: "string?" } };
const Log: ObjectSchemaInput = { name: "Log", properties: { line: "string" } };

describeStores("trackFields output", (store) => {
  it("opens, and the realm's canonical schema resolves to the same tracking", () => {
    const options = { exclude: { models: ["Log"] } };
    const realm = store.open(trackFields([Dog, Address, Log], options));
    const config = resolveTracking(realm, options);
    expect(config.hasTombstoneModel).toBe(true);
    expect(config.models.get("Dog")?.tracked).toBe(true);
    expect(config.models.get("Log")?.untrackedReason).toBe("excluded");
    realm.write(() => {
      realm.create("Dog", { _id: "rex", name: "Rex", fieldTimestamps: { name: "stamp", "#created": "stamp", "address/city": "stamp" } });
      realm.create("FieldRecoveryTombstone", { _id: "Dog/s:max", model: "Dog", key: "s:max", stamp: "stamp", generation: 1 });
    });
    expect(realm.objectForPrimaryKey("FieldRecoveryTombstone", "Dog/s:max")?.generation).toBe(1);
  });

  it("opens when applied twice", () => {
    const realm = store.open(trackFields(trackFields([Dog, Address])));
    expect(realm.schema.map((s) => s.name).sort()).toEqual(["Address", "Dog", "FieldRecoveryTombstone"]);
  });
});
