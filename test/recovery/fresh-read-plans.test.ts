// The narrow fresh read from the cached field plans (ModelPlan.freshRead, field-plans.ts)
// against freshReadFor (fresh-read-oracle.ts), which decodes each key: on random changes, with
// escaped, reserved, nested, excluded, missing and non-scalar keys, both ask for the same.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ObjectChange } from "../../src/recovery/changeset.js";
import { ModelPlans } from "../../src/recovery/field-plans.js";
import { freshReadFor } from "./fresh-read-oracle.js";
import { codecContext } from "../../src/recovery/fresh-view.js";
import { normalizeSchema } from "../../src/schema/normalize.js";
import { resolveTrackingOptions } from "../../src/schema/tracking-options.js";
import { trackFields } from "../../src/schema/track-fields.js";

const SCHEMA = normalizeSchema(
  trackFields([
    {
      name: "Dog",
      primaryKey: "_id",
      properties: { _id: "string", name: "string", age: "int?", "a/b": "string?", $odd: "string?", "#hash": "string?", extra: "mixed", likes: "counter", tags: "string<>", notes: "string?{}", address: "Address?" },
    },
    { name: "Address", embedded: true, properties: { street: "string?", city: "string?" } },
  ]),
);

/** Field keys as extraction writes them, and keys it never writes. */
const KEYS = ["name", "age", "a%2Fb", "%24odd", "%23hash", "$odd", "extra", "likes", "tags", "notes", "notes/x", "address", "address/city", "_id", "fieldTimestamps", "newestStampMillis", "missing", "#created", "#gen", "", "__proto__", "name/x"];

const change = fc.record({
  keys: fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: 5 }),
  increments: fc.boolean(),
}).map(({ keys, increments }): ObjectChange => {
  const fields: Record<string, { value: string; stamp: string }> = {};
  for (const key of keys) Object.defineProperty(fields, key, { value: { value: "v", stamp: "s" }, enumerable: true, configurable: true, writable: true });
  return { model: "Dog", key: "s:rex", generation: 1, created: null, fields, ...(increments ? { increments: {} } : {}) };
});

describe("ModelPlan.freshRead", () => {
  it("asks for what freshReadFor asks for", () => {
    const context = codecContext(SCHEMA);
    const schema = context.schemaOf("Dog");
    if (schema === undefined) throw new Error("no Dog model");
    fc.assert(
      fc.property(change, (objectChange) => {
        // One set of plans for many changes, as in a merge (plans are cached per key).
        const plan = new ModelPlans(context, resolveTrackingOptions(undefined), undefined).of("Dog");
        expect(plan.freshRead(objectChange)).toEqual(freshReadFor(objectChange, schema, context, plan.excluded));
        expect(plan.freshRead(objectChange)).toEqual(freshReadFor(objectChange, schema, context, plan.excluded));
      }),
      { numRuns: 400 },
    );
  });

  it("reads a top-level scalar's value, its stamp keys, #created and #gen", () => {
    const context = codecContext(SCHEMA);
    const plan = new ModelPlans(context, resolveTrackingOptions(undefined), undefined).of("Dog");
    const read = plan.freshRead({ model: "Dog", key: "s:rex", generation: 1, created: null, fields: { name: { value: "a", stamp: "s" }, $odd: { value: "b", stamp: "s" } } });
    expect(read).toEqual({ fields: ["name", "$odd"], stampKeys: ["#created", "#gen", "name", "%24odd", "$odd"] });
    expect(plan.freshRead({ model: "Dog", key: "s:rex", generation: 1, created: null, fields: { tags: { value: { $set: [] }, stamp: "s" } } })).toBeUndefined();
  });
});
