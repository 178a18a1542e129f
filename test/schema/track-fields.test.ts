import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FieldRecoveryError, InvalidOptionError } from "../../src/errors.js";
import { normalizeSchema } from "../../src/schema/normalize.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import { MissingPrimaryKeyError, SchemaTrackingError, TombstoneModelCollisionError, TrackingPropertyCollisionError } from "../../src/schema/tracking-errors.js";

const Dog: ObjectSchemaInput = {
  name: "Dog",
  primaryKey: "_id",
  properties: { _id: "string", name: "string", age: "int?", address: "Address?", tags: "string<>", cachedScore: "double?" },
};
const Address: ObjectSchemaInput = { name: "Address", embedded: true, properties: { city: "string?", street: "string?" } };
const Log: ObjectSchemaInput = { name: "Log", properties: { line: "string" } };

function byName<T extends { name: string }>(entries: readonly unknown[], name: string): T {
  const found = entries.find((entry) => (typeof entry === "function" ? (entry as unknown as { schema: { name: string } }).schema.name : (entry as { name: string }).name) === name);
  if (!found) throw new Error(`no ${name}`);
  return (typeof found === "function" ? (found as unknown as { schema: T }).schema : found) as T;
}

describe("trackFields", () => {
  it("adds the timestamps dictionary to top-level models and appends the tombstone model", () => {
    const schema = trackFields([Dog, Address]);
    expect(schema).toHaveLength(3);
    expect(byName<ObjectSchemaInput>(schema, "Dog").properties.fieldTimestamps).toBe("string{}");
    expect(byName<ObjectSchemaInput>(schema, "Address").properties).not.toHaveProperty("fieldTimestamps");
    expect(byName<ObjectSchemaInput>(schema, "FieldRecoveryTombstone")).toEqual({
      name: "FieldRecoveryTombstone",
      primaryKey: "_id",
      properties: { _id: "string", model: "string", key: "string", stamp: "string", generation: "int" },
    });
  });

  it("does not mutate the schemas it is given", () => {
    const copy = structuredClone(Dog);
    trackFields([Dog, Address]);
    expect(Dog).toEqual(copy);
  });

  it("honours the property and model names from the options", () => {
    const schema = trackFields([Dog, Address], { timestampsProperty: "stamps", tombstoneModel: "Gone" });
    expect(byName<ObjectSchemaInput>(schema, "Dog").properties.stamps).toBe("string{}");
    expect(byName<ObjectSchemaInput>(schema, "Gone").primaryKey).toBe("_id");
  });

  it("leaves excluded models without the dictionary, even without a primary key", () => {
    const schema = trackFields([Dog, Address, Log], { exclude: { models: ["Log"], fields: { Dog: ["cachedScore"] } } });
    expect(byName<ObjectSchemaInput>(schema, "Log")).toBe(Log);
    expect(byName<ObjectSchemaInput>(schema, "Dog").properties.fieldTimestamps).toBe("string{}");
  });

  it("extends a model class in place, keeping the class (Realm only accepts the class it was opened with)", () => {
    class Cat {
      static schema = { name: "Cat", primaryKey: "_id", properties: { _id: "int", name: "string" } };
    }
    const original = Cat.schema;
    const schema = trackFields([Cat]);
    expect(schema[0]).toBe(Cat);
    expect(Cat.schema.properties).toEqual({ _id: "int", name: "string", fieldTimestamps: "string{}", newestStampMillis: { type: "int", presentation: "counter", default: 0 } });
    expect(original.properties).not.toHaveProperty("fieldTimestamps");
  });

  it("returns a class the memory store opens, with the dictionary on its objects", () => {
    class Bird {
      static schema = { name: "Bird", primaryKey: "_id", properties: { _id: "int", name: "string" } };
    }
    const realm = openMemoryRealm({ schema: trackFields([Bird]) });
    realm.write(() => realm.create("Bird", { _id: 1, name: "Tweety", fieldTimestamps: { name: "x" } }));
    expect((realm.objectForPrimaryKey("Bird", 1)?.fieldTimestamps as Record<string, string>).name).toBe("x");
    realm.close();
  });

  it("uses babel-style statics of a class for the primary key and embedded flag", () => {
    class Owner {
      static primaryKey = "_id";
      static schema = { name: "Owner", properties: { _id: "int" } };
    }
    class Collar {
      static embedded = true;
      static schema = { name: "Collar", properties: { size: "int" } };
    }
    trackFields([Owner, Collar]);
    expect(Owner.schema.properties).toHaveProperty("fieldTimestamps");
    expect(Collar.schema.properties).not.toHaveProperty("fieldTimestamps");
  });

  it("skips asymmetric models", () => {
    const Event: ObjectSchemaInput = { name: "Event", asymmetric: true, primaryKey: "_id", properties: { _id: "int" } };
    expect(byName<ObjectSchemaInput>(trackFields([Event]), "Event")).toBe(Event);
  });

  it("is idempotent, including on its own output and with classes", () => {
    class Cat {
      static schema = { name: "Cat", primaryKey: "_id", properties: { _id: "int" } };
    }
    const once = trackFields([Dog, Address, Cat]);
    const onceCat = structuredClone(Cat.schema);
    const twice = trackFields(once);
    expect(twice).toEqual(once);
    expect(Cat.schema).toEqual(onceCat);
  });

  it("accepts a pre-existing dictionary written in object form", () => {
    const withDictionary: ObjectSchemaInput = { ...Dog, properties: { ...Dog.properties, fieldTimestamps: { type: "dictionary", objectType: "string" }, newestStampMillis: "counter" } };
    expect(byName<ObjectSchemaInput>(trackFields([withDictionary, Address]), "Dog")).toBe(withDictionary);
  });

  it("adds the newest-stamp counter without a search index (format 3), under the configured name, or none with false", () => {
    expect(byName<ObjectSchemaInput>(trackFields([Dog, Address]), "Dog").properties.newestStampMillis).toEqual({ type: "int", presentation: "counter", default: 0 });
    expect(byName<ObjectSchemaInput>(trackFields([Dog, Address], { newestStampProperty: "stampedAt" }), "Dog").properties.stampedAt).toMatchObject({ presentation: "counter" });
    const format1 = byName<ObjectSchemaInput>(trackFields([Dog, Address], { newestStampProperty: false }), "Dog");
    expect(Object.keys(format1.properties)).toEqual([...Object.keys(Dog.properties), "fieldTimestamps"]);
    expect(byName<ObjectSchemaInput>(trackFields([Dog, Address]), "Address").properties).not.toHaveProperty("newestStampMillis");
    const canonical = normalizeSchema(trackFields([Dog, Address]) as ObjectSchemaInput[]).find((s) => s.name === "Dog");
    expect(canonical?.properties.newestStampMillis).toMatchObject({ type: "int", presentation: "counter", indexed: false, optional: false });
  });

  it("keeps a format-2 counter (indexed) that the schema already declares", () => {
    const format2 = { type: "int", presentation: "counter", indexed: true, default: 0 } as const;
    const withCounter: ObjectSchemaInput = { ...Dog, properties: { ...Dog.properties, fieldTimestamps: "string{}", newestStampMillis: format2 } };
    expect(byName<ObjectSchemaInput>(trackFields([withCounter, Address]), "Dog").properties.newestStampMillis).toBe(format2);
  });

  it("output normalizes to a valid Realm schema", () => {
    const canonical = normalizeSchema(trackFields([Dog, Address]) as ObjectSchemaInput[]);
    const dog = canonical.find((s) => s.name === "Dog");
    expect(dog?.properties.fieldTimestamps).toMatchObject({ type: "dictionary", objectType: "string", optional: false });
    expect(canonical.find((s) => s.name === "FieldRecoveryTombstone")?.primaryKey).toBe("_id");
  });
});

describe("trackFields errors", () => {
  it("refuses a tracked top-level model without a primary key, naming it and the fix", () => {
    const error = catchError(() => trackFields([Log]));
    expect(error).toBeInstanceOf(MissingPrimaryKeyError);
    expect(error).toBeInstanceOf(SchemaTrackingError);
    expect(error).toMatchObject({ code: "MISSING_PRIMARY_KEY", model: "Log" });
    expect((error as Error).message).toMatch(/add `primaryKey`.*exclude\.models/);
  });

  it("refuses a property that collides with the newest-stamp counter, naming the option to change", () => {
    const clash: ObjectSchemaInput = { ...Dog, properties: { ...Dog.properties, newestStampMillis: "int?" } };
    const error = (() => {
      try {
        trackFields([clash, Address]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TrackingPropertyCollisionError);
    expect(error).toMatchObject({ code: "TRACKING_PROPERTY_COLLISION", model: "Dog", field: "newestStampMillis" });
    expect((error as Error).message).toContain("newestStampProperty");
    expect(() => trackFields([Dog, Address], { newestStampProperty: "new stamp" })).toThrow(InvalidOptionError);
    expect(() => trackFields([Dog, Address], { newestStampProperty: "fieldTimestamps" })).toThrow(/differ/);
  });

  it("refuses a property that collides with the timestamps property", () => {
    const clash: ObjectSchemaInput = { ...Dog, properties: { ...Dog.properties, fieldTimestamps: "int" } };
    const error = catchError(() => trackFields([clash, Address]));
    expect(error).toBeInstanceOf(TrackingPropertyCollisionError);
    expect(error).toMatchObject({ code: "TRACKING_PROPERTY_COLLISION", model: "Dog", field: "fieldTimestamps" });
    expect(catchError(() => trackFields([{ ...Dog, properties: { ...Dog.properties, fieldTimestamps: "string?{}" } }, Address]))).toBeInstanceOf(TrackingPropertyCollisionError);
  });

  it("refuses a model named like the tombstone model that is not it", () => {
    const impostor: ObjectSchemaInput = { name: "FieldRecoveryTombstone", primaryKey: "_id", properties: { _id: "string" } };
    const error = catchError(() => trackFields([impostor]));
    expect(error).toBeInstanceOf(TombstoneModelCollisionError);
    expect(error).toMatchObject({ code: "TOMBSTONE_MODEL_COLLISION", model: "FieldRecoveryTombstone" });
  });

  it("refuses exclusions naming unknown models or fields, and malformed options", () => {
    expect(catchError(() => trackFields([Dog, Address], { exclude: { models: ["Cat"] } }))).toBeInstanceOf(InvalidOptionError);
    expect(catchError(() => trackFields([Dog, Address], { exclude: { fields: { Dog: ["nope"] } } }))).toMatchObject({ code: "INVALID_OPTION", model: "Dog", field: "nope" });
    expect(catchError(() => trackFields([Dog, Address], { exclude: { fields: { Address: ["city"] } } }))).toBeInstanceOf(InvalidOptionError);
    expect(catchError(() => trackFields([Dog, Address], { timestampsProperty: "a.b" }))).toBeInstanceOf(InvalidOptionError);
    expect(catchError(() => trackFields([Dog, Address], { tombstoneModel: "" }))).toBeInstanceOf(InvalidOptionError);
  });
});

describe("trackFields idempotence (property)", () => {
  const propertyType = fc.constantFrom("string", "int?", "double", "bool", "date?", "string[]", "int<>", "string{}", "Address?", "mixed");
  const model = fc.record({
    name: fc.stringMatching(/^[A-Z][a-z]{1,6}$/),
    hasKey: fc.boolean(),
    properties: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), propertyType, { maxKeys: 5 }),
  });

  it("trackFields(trackFields(s)) equals trackFields(s) for any trackable schema", () => {
    fc.assert(
      fc.property(fc.uniqueArray(model, { selector: (m) => m.name, maxLength: 4 }), fc.boolean(), (models, customName) => {
        const schema: ObjectSchemaInput[] = [
          Address,
          ...models
            .filter((m) => m.name !== "Address")
            .map((m) => ({ name: m.name, primaryKey: "_id", properties: { ...m.properties, _id: m.hasKey ? "int" : "string" } })),
        ];
        const options = customName ? { timestampsProperty: "ts" } : {};
        for (const s of schema) if (s.properties.ts !== undefined || s.properties.fieldTimestamps !== undefined) return;
        const once = trackFields(schema, options);
        expect(trackFields(once, options)).toEqual(once);
        expect(once.filter((s) => (s as ObjectSchemaInput).name === "FieldRecoveryTombstone")).toHaveLength(1);
      }),
    );
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FieldRecoveryError);
    return error;
  }
  throw new Error("expected a throw");
}
