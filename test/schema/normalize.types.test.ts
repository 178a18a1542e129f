// Type-level proof that real Realm's schema types are accepted by normalizeSchema's input types.
import type Realm from "realm";
import { describe, expect, it } from "vitest";
import type { ModelClassInput, ObjectSchemaInput, PropertySchemaInput, SchemaEntryInput } from "../../src/schema/normalize.js";

export function fromRealmObjectSchema(schema: Realm.ObjectSchema): ObjectSchemaInput {
  return schema;
}
export function fromRealmPropertySchema(schema: Realm.PropertySchema): PropertySchemaInput {
  return schema;
}
export function fromRealmCanonicalSchema(schema: Realm.CanonicalObjectSchema): ObjectSchemaInput {
  return schema;
}
export function fromRealmClass(model: Realm.ObjectClass & { schema: Realm.ObjectSchema }): ModelClassInput {
  return model;
}
export function fromConfigurationSchema(schema: NonNullable<Realm.Configuration["schema"]>[number]): SchemaEntryInput {
  return schema;
}

describe("normalizeSchema input types", () => {
  it("accept real Realm's schema types (see typecheck)", () => {
    expect(typeof fromRealmObjectSchema).toBe("function");
  });
});
