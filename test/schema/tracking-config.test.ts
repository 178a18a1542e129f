import { describe, expect, it } from "vitest";
import { normalizeSchema } from "../../src/schema/normalize.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { resolveTracking } from "../../src/schema/tracking-config.js";

const Dog: ObjectSchemaInput = {
  name: "Dog",
  primaryKey: "_id",
  properties: { _id: "string", name: "string", address: "Address?", cachedScore: "double?", owners: { type: "linkingObjects", objectType: "Person", property: "dogs" } },
};
const Person: ObjectSchemaInput = { name: "Person", primaryKey: "_id", properties: { _id: "int", dogs: "Dog[]" } };
const Address: ObjectSchemaInput = { name: "Address", embedded: true, properties: { city: "string?" } };
const Log: ObjectSchemaInput = { name: "Log", properties: { line: "string" } };
const options = { exclude: { models: ["Log"], fields: { Dog: ["cachedScore"] } } };

describe("resolveTracking", () => {
  const canonical = normalizeSchema(trackFields([Dog, Person, Address, Log], options) as ObjectSchemaInput[]);
  const config = resolveTracking(canonical, options);

  it("reports names, the tombstone model and each model's tracking", () => {
    expect(config.timestampsProperty).toBe("fieldTimestamps");
    expect(config.tombstoneModel).toBe("FieldRecoveryTombstone");
    expect(config.hasTombstoneModel).toBe(true);
    expect([...config.models.keys()].sort()).toEqual(["Address", "Dog", "Log", "Person"]);
  });

  it("tracks every persisted field except the primary key, the dictionary, linkingObjects and exclusions", () => {
    const dog = config.models.get("Dog");
    expect(dog).toMatchObject({ tracked: true, embedded: false, primaryKey: "_id" });
    expect([...(dog?.trackedFields ?? [])]).toEqual(["name", "address"]);
    expect([...(dog?.properties.keys() ?? [])]).toEqual(["_id", "name", "address", "cachedScore"]);
  });

  it("marks embedded, excluded and unprepared models with a reason", () => {
    expect(config.models.get("Address")).toMatchObject({ tracked: false, untrackedReason: "embedded", embedded: true });
    expect([...(config.models.get("Address")?.trackedFields ?? [])]).toEqual(["city"]);
    expect(config.models.get("Log")).toMatchObject({ tracked: false, untrackedReason: "excluded" });
    const plain = resolveTracking(normalizeSchema([Dog, Person, Address]));
    expect(plain.models.get("Dog")).toMatchObject({ tracked: false, untrackedReason: "no-timestamps-property" });
    expect(plain.hasTombstoneModel).toBe(false);
  });

  it("ignores exclusions for models the schema lacks (one options object for backup and fresh realms)", () => {
    expect(() => resolveTracking(canonical, { exclude: { models: ["Gone"] } })).not.toThrow();
  });

  it("reads a realm's schema", () => {
    const realmLike = { schema: canonical } as unknown as Parameters<typeof resolveTracking>[0];
    expect(resolveTracking(realmLike, options).models.get("Person")?.tracked).toBe(true);
  });
});
