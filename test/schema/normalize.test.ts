// normalizeSchema: Realm's canonical form for shorthand, object notation and class models,
// and Realm's refusals with its wording.
import { describe, expect, it } from "vitest";
import { FieldRecoveryError } from "../../src/errors.js";
import { SchemaValidationError, normalizePropertySchema, normalizeSchema } from "../../src/schema/normalize.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";

const prop = (input: Parameters<typeof normalizePropertySchema>[2], isPrimaryKey = false) =>
  normalizePropertySchema("M", "p", input, { isPrimaryKey });

function schemaError(run: () => unknown): SchemaValidationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SchemaValidationError);
    expect(error).toBeInstanceOf(FieldRecoveryError);
    expect((error as SchemaValidationError).code).toBe("INVALID_SCHEMA");
    return error as SchemaValidationError;
  }
  throw new Error("expected a SchemaValidationError");
}

describe("normalizePropertySchema shorthand", () => {
  it.each([
    ["int", { type: "int", optional: false }],
    ["int?", { type: "int", optional: true }],
    ["string[]", { type: "list", objectType: "string", optional: false }],
    ["string?[]", { type: "list", objectType: "string", optional: true }],
    ["int<>", { type: "set", objectType: "int", optional: false }],
    ["string{}", { type: "dictionary", objectType: "string", optional: false }],
    ["Dog", { type: "object", objectType: "Dog", optional: true }],
    ["Dog?", { type: "object", objectType: "Dog", optional: true }],
    ["Dog[]", { type: "list", objectType: "Dog", optional: false }],
    ["Dog{}", { type: "dictionary", objectType: "Dog", optional: true }],
    ["mixed", { type: "mixed", optional: true }],
    ["mixed[]", { type: "list", objectType: "mixed", optional: true }],
    ["counter", { type: "int", presentation: "counter", optional: false }],
    ["counter?", { type: "int", presentation: "counter", optional: true }],
  ])("%s", (shorthand, expected) => {
    expect(prop(shorthand)).toEqual({ name: "p", indexed: false, mapTo: "p", ...expected });
  });

  it("indexes a primary key", () => {
    expect(prop("string", true).indexed).toBe(true);
  });

  it.each([
    ["", "The type must be specified."],
    ["[]", "The element type must be specified"],
    ["int[][]", "Nested collections are not supported."],
    ["int[]?", "Collections cannot be optional."],
    ["Dog?[]", "User-defined types in lists and sets are always non-optional"],
    ["list", "Cannot use the collection name list."],
    ["object", "To define a relationship"],
    ["linkingObjects", "To define an inverse relationship"],
    ["counter[]", "Counters cannot be used in collections."],
  ])("rejects %j", (shorthand, message) => {
    const error = schemaError(() => prop(shorthand));
    expect(error.message).toContain("Invalid type declaration for property 'p' on 'M'");
    expect(error.message).toContain(message);
    expect(error.model).toBe("M");
    expect(error.field).toBe("p");
  });
});

describe("normalizePropertySchema object notation", () => {
  it("keeps default, mapTo, indexed, presentation and linkingObjects' property", () => {
    expect(prop({ type: "int", default: 3, indexed: true, mapTo: "q" })).toEqual({
      name: "p", type: "int", optional: false, indexed: true, mapTo: "q", default: 3,
    });
    expect(prop({ type: "int", presentation: "counter" })).toMatchObject({ type: "int", presentation: "counter" });
    expect(prop({ type: "linkingObjects", objectType: "Person", property: "dogs" })).toEqual({
      name: "p", type: "linkingObjects", objectType: "Person", property: "dogs", optional: false, indexed: false, mapTo: "p",
    });
  });

  it("makes links optional and lists of objects required", () => {
    expect(prop({ type: "object", objectType: "Dog" }).optional).toBe(true);
    expect(prop({ type: "list", objectType: "Dog" }).optional).toBe(false);
    expect(prop({ type: "dictionary", objectType: "Dog" }).optional).toBe(true);
  });

  it.each([
    [{ type: "Dog" }, "If you meant to define a relationship, use { type: 'object', objectType: 'Dog' }"],
    [{ type: "int?" }, "Cannot use shorthand '?' in 'type' or 'objectType'"],
    [{ type: "counter" }, "use the field 'presentation'"],
    [{ type: "int", objectType: "string" }, "'objectType' cannot be defined when 'type' is 'int'."],
    [{ type: "list" }, "A list must contain only primitive or user-defined types"],
    [{ type: "object" }, "A user-defined type must be specified through 'objectType'."],
    [{ type: "linkingObjects", objectType: "Person" }, "The linking object's property name must be specified"],
    [{ type: "int", property: "x" }, "'property' can only be specified if 'type' is 'linkingObjects'."],
    [{ type: "string", presentation: "counter" }, "Counters can only be used when 'type' is 'int'."],
    [{ type: "object", objectType: "Dog", optional: false }, "are always optional and cannot be made non-optional."],
    [{ type: "list", objectType: "Dog", optional: true }, "always non-optional and cannot be made optional."],
    [{ type: "int", colour: "red" } as never, "Unexpected field(s) found on the schema for property 'p' on 'M': 'colour'."],
  ])("rejects %j", (input, message) => {
    expect(schemaError(() => prop(input)).message).toContain(message);
  });

  it("rejects a non-indexed or counter primary key", () => {
    expect(schemaError(() => prop({ type: "int", indexed: false }, true)).message).toContain("Primary keys must always be indexed.");
    expect(schemaError(() => prop({ type: "int", presentation: "counter" }, true)).message).toContain("Counters cannot be primary keys.");
  });
});

describe("normalizeSchema", () => {
  const Person: ObjectSchemaInput = {
    name: "Person",
    primaryKey: "_id",
    properties: { _id: "objectId", name: "string", dogs: "Dog[]", address: "Address" },
  };
  const Dog: ObjectSchemaInput = {
    name: "Dog",
    primaryKey: "_id",
    properties: { _id: "int", owners: { type: "linkingObjects", objectType: "Person", property: "dogs" } },
  };
  const Address: ObjectSchemaInput = { name: "Address", embedded: true, properties: { city: "string" } };

  it("normalizes models with primary key and embedded flags", () => {
    const [person, , address] = normalizeSchema([Person, Dog, Address]);
    expect(person).toMatchObject({ name: "Person", primaryKey: "_id", embedded: false, asymmetric: false });
    expect(person?.properties._id).toMatchObject({ type: "objectId", indexed: true, optional: false });
    expect(person?.properties.address).toMatchObject({ type: "object", objectType: "Address", optional: true });
    expect(address).toEqual({
      name: "Address", embedded: true, asymmetric: false,
      properties: { city: { name: "city", type: "string", optional: false, indexed: false, mapTo: "city" } },
    });
    expect(address && "primaryKey" in address).toBe(false);
  });

  it("accepts class models with a static schema and babel-style statics", () => {
    class Car {
      static schema: ObjectSchemaInput = { name: "Car", properties: { id: "string", make: "string" } };
      static primaryKey = "id";
    }
    class Wheel {
      static schema = { name: "Wheel", properties: { size: "int" } };
      static embedded = true;
    }
    const [car, wheel] = normalizeSchema([Car, Wheel]);
    expect(car?.primaryKey).toBe("id");
    expect(wheel?.embedded).toBe(true);
  });

  it("is idempotent on its own output", () => {
    const once = normalizeSchema([Person, Dog, Address]);
    expect(normalizeSchema(once)).toEqual(once);
  });

  it("rejects a class without a static schema", () => {
    class Bare {}
    expect(schemaError(() => normalizeSchema([Bare])).message).toContain("A static schema must be specified on this class.");
  });

  it.each<[string, ObjectSchemaInput[], string | RegExp, string?]>([
    ["missing primary key property", [{ name: "A", primaryKey: "id", properties: { x: "int" } }], "'id' is set as the primary key field but was not found in 'properties'.", "A"],
    ["unknown object type", [{ name: "A", properties: { b: "B" } }], "Property 'A.b' of type 'object' has unknown object type 'B'", "A"],
    ["unknown list object type", [{ name: "A", properties: { b: "B[]" } }], "Property 'A.b' of type 'array' has unknown object type 'B'", "A"],
    ["unknown type", [{ name: "A", properties: { b: { type: "integer" } } }], "If you meant to define a relationship", "A"],
    ["non-indexable primary key", [{ name: "A", primaryKey: "d", properties: { d: "double" } }], "Property 'A.d' of type 'double' cannot be made the primary key.", "A"],
    ["embedded with primary key", [{ name: "A", embedded: true, primaryKey: "id", properties: { id: "int" } }], "Embedded object type 'A' cannot have a primary key.", "A"],
    ["duplicate model", [{ name: "A", properties: {} }, { name: "A", properties: {} }], "Type 'A' appears more than once in the schema.", "A"],
    ["missing name", [{ name: "", properties: {} }], "'name' must be specified."],
    ["bad origin", [{ name: "A", properties: { bs: { type: "linkingObjects", objectType: "B", property: "nope" } } }, { name: "B", properties: {} }], "declared as origin of linking objects property 'A.bs' does not exist", "A"],
  ])("rejects %s", (_label, schema, message, model) => {
    const error = schemaError(() => normalizeSchema(schema));
    expect(error.message).toContain(message);
    if (model !== undefined) expect(error.model).toBe(model);
  });
});
