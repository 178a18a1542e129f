// The lean loop for simple fields (merge-simple-fields.ts) against the general loop
// (merge-fields.ts): on random fresh objects and changesets, both plan the same operations and
// the same report, in the same order, and show canWrite the same objects.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStamp } from "../../src/clock/index.js";
import type { Changeset, FieldChange, ObjectChange } from "../../src/recovery/changeset.js";
import { plainFreshView } from "../../src/recovery/fresh-view.js";
import type { PlainFreshData } from "../../src/recovery/fresh-view.js";
import { planMergeUsing } from "../../src/recovery/merge-plan.js";
import type { PlanMergeOptions } from "../../src/recovery/merge-plan.js";
import type { EncodedValue } from "../../src/recovery/value-codec.js";
import { serverWins } from "../../src/policies/index.js";
import { normalizeSchema } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { Address, Person } from "./store-fixtures.js";

const T = 1_700_000_000_000;
const NOW = T + 1_000_000;
const SCHEMA = normalizeSchema(
  trackFields([
    {
      name: "Dog",
      primaryKey: "_id",
      properties: {
        _id: "string",
        name: "string",
        age: "int?",
        rating: "double?",
        extra: "mixed",
        likes: "counter",
        tags: "string<>",
        tricks: "string[]",
        notes: "string?{}",
        address: "Address?",
        owner: "Person?",
      },
    },
    Address,
    Person,
  ]),
);

/** Stamps from a few readable times and nodes, plus a malformed one and one far in the future. */
const stamp = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 })).map(([millis, node]) => formatStamp({ millis: T + millis, counter: 0, nodeHash: node })) },
  { weight: 1, arbitrary: fc.constant("not-a-stamp") },
  { weight: 1, arbitrary: fc.constant(formatStamp({ millis: NOW + 10_000_000, counter: 0, nodeHash: 1 })) },
);

/** Values per field key: fitting ones, and a few that do not fit (retyped fields). */
const VALUES: Record<string, readonly EncodedValue[]> = {
  name: ["a", "b", 3, null],
  age: [1, 2, null, "x"],
  rating: [1.5, 2, { $double: "NaN" }, null],
  extra: [1, "s", { k: 1 }, [1, 2], null],
  likes: [1, 5],
  tags: [{ $set: ["a"] }, { $set: [] }, ["a"]],
  tricks: [["a"], []],
  notes: [{ x: "1" }, { y: "2" }, {}],
  address: [{ street: "s", city: "c" }, null, { street: null, city: "d" }],
  owner: [{ $link: { model: "Person", key: "i:1" } }, null],
  "address/city": ["c1", "c2", null],
  "notes/x": ["1", "2", { $absent: true }],
  "%6Eame": ["n"],
  _id: ["s:z"],
  fieldTimestamps: [{}],
  missing: [1],
  "#created": [1],
  "": [1],
  name_absent: [{ $absent: true }],
};
const CHANGE_KEYS = Object.keys(VALUES).map((key) => (key === "name_absent" ? "name" : key));
const FRESH_FIELDS = ["name", "age", "rating", "extra", "likes", "tags", "tricks", "notes", "address", "owner"] as const;
const FRESH_STAMP_KEYS = ["#created", "name", "age", "rating", "extra", "tags", "address", "owner", "constructor"];
/** Sub-path stamps: an object with one is merged by the general loop. */
const SUB_PATH_STAMP_KEYS = ["address/city", "notes/x"];
const KEYS = ["s:a", "s:b", "s:c"];

const valueFor = (key: string): fc.Arbitrary<EncodedValue> => fc.constantFrom(...(VALUES[key] ?? [null]));

const freshObject = fc.record({
  values: fc.record(Object.fromEntries(FRESH_FIELDS.map((field) => [field, valueFor(field)])), { requiredKeys: [] }),
  stamps: fc
    .tuple(
      fc.record(Object.fromEntries(FRESH_STAMP_KEYS.map((key) => [key, stamp])), { requiredKeys: [] }),
      fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.record(Object.fromEntries(SUB_PATH_STAMP_KEYS.map((key) => [key, stamp])), { requiredKeys: [] }) }),
    )
    .map(([top, sub]) => ({ ...top, ...sub })),
  generation: fc.constantFrom(undefined, 2),
});

const fieldChanges = fc
  .uniqueArray(
    // Mostly the simple keys (the first ones), so that many objects reach the lean loop.
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 9 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: CHANGE_KEYS.length - 1 }) }).chain((i) => {
      const key = CHANGE_KEYS[i] as string;
      const pool = Object.keys(VALUES)[i] as string;
      return fc.record({ key: fc.constant(key), value: valueFor(pool), stamp, delta: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) });
    }),
    { selector: (entry) => entry.key, maxLength: 5 },
  )
  .map((entries) => {
    const fields: Record<string, FieldChange> = {};
    for (const { key, value, stamp: s, delta } of entries) fields[key] = delta === undefined ? { value, stamp: s } : { value, stamp: s, delta };
    return fields;
  });

const objectChange = fc.record({
  key: fc.constantFrom(...KEYS),
  generation: fc.constantFrom(1, 1, 2),
  created: fc.option(stamp, { nil: null }),
  fields: fieldChanges,
  increments: fc.option(fc.record({ "#inc/1/likes": stamp.map((s) => `3@${s}`) }), { nil: undefined }),
});

const scenario = fc.record({
  fresh: fc.dictionary(fc.constantFrom(...KEYS), freshObject),
  changes: fc.uniqueArray(objectChange, { selector: (change) => change.key, maxLength: 3 }),
  canWrite: fc.constantFrom("none", "all", "some"),
  policies: fc.constantFrom("default", "age serverWins", "custom default"),
  strict: fc.boolean(),
  maxDrift: fc.constantFrom(undefined, 0, 1_000_000_000_000, Number.POSITIVE_INFINITY),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/** The plan (or the error) of one loop, and every object canWrite saw. */
function run(s: Scenario, simplePath: boolean): { result: unknown; seen: unknown[] } {
  const data: PlainFreshData = {
    schema: SCHEMA,
    objects: {
      Dog: Object.fromEntries(
        Object.entries(s.fresh).map(([key, object]) => {
          const stamps: Record<string, string> = { ...(object.stamps as Record<string, string>) };
          if (object.generation !== undefined) stamps["#gen"] = String(object.generation);
          return [key, { values: object.values as Record<string, EncodedValue>, stamps, generation: object.generation ?? 1 }];
        }),
      ),
    },
  };
  const objects: ObjectChange[] = s.changes.map((change) => ({ model: "Dog", key: change.key, generation: change.generation, created: change.created, fields: change.fields, ...(change.increments === undefined ? {} : { increments: change.increments }) }));
  const changeset: Changeset = { format: 1, since: null, objects, tombstones: [] };
  const seen: unknown[] = [];
  const options: PlanMergeOptions = {
    changeset,
    fresh: plainFreshView(data),
    now: () => NOW,
    strict: s.strict,
    ...(s.maxDrift === undefined ? {} : { maxDrift: s.maxDrift }),
    ...(s.canWrite === "none"
      ? {}
      : {
          canWrite: (model, object, context) => {
            seen.push(JSON.parse(JSON.stringify({ model, object, context })));
            return s.canWrite === "all" || !context.key.endsWith("b");
          },
        }),
    ...(s.policies === "age serverWins" ? { policies: { models: { Dog: { fields: { age: serverWins } } } } } : {}),
    ...(s.policies === "custom default" ? { policies: { default: (local: EncodedValue | undefined) => local } } : {}),
  };
  try {
    return { result: planMergeUsing(options, simplePath), seen };
  } catch (error) {
    return { result: { thrown: (error as Error).message }, seen };
  }
}

const SIMPLE_KEYS = new Set(["name", "age", "rating", "extra", "likes", "tags", "tricks", "address", "owner"]);

/** Objects of `s` the lean loop takes (known to the fresh realm, same generation, simple keys only, no sub-path stamps). */
function leanObjects(s: Scenario): number {
  return s.changes.filter((change) => {
    const fresh = s.fresh[change.key];
    if (fresh === undefined || change.generation > (fresh.generation ?? 1) || s.policies === "custom default") return false;
    if (Object.keys(fresh.stamps).some((key) => key.includes("/"))) return false;
    return Object.keys(change.fields).every((key) => SIMPLE_KEYS.has(key) && !(key === "age" && s.policies === "age serverWins"));
  }).length;
}

describe("merge: the lean loop for simple fields and the general loop agree", () => {
  it("same operations, same report, same order, same canWrite calls, on random inputs", () => {
    let lean = 0;
    fc.assert(
      fc.property(scenario, (s) => {
        lean += leanObjects(s);
        const simple = run(s, true);
        const general = run(s, false);
        // Key order counts too (stamps written, report entries): compare the JSON text as well.
        expect(JSON.stringify(simple)).toBe(JSON.stringify(general));
        expect(simple).toStrictEqual(general);
      }),
      { numRuns: 600 },
    );
    // Not vacuous: many random objects take the lean loop.
    expect(lean).toBeGreaterThan(100);
  });

  it("a plain last-writer-wins update takes the lean loop and plans it as the general loop does", () => {
    const s: Scenario = {
      fresh: { "s:a": { values: { name: "x", age: 1 }, stamps: { "#created": formatStamp({ millis: T + 1, counter: 0, nodeHash: 0 }) }, generation: undefined } },
      changes: [{ key: "s:a", generation: 1, created: null, fields: { name: { value: "y", stamp: formatStamp({ millis: T + 2, counter: 0, nodeHash: 1 }) } }, increments: undefined }],
      canWrite: "none",
      policies: "default",
      strict: false,
      maxDrift: undefined,
    };
    const lean = run(s, true).result as ReturnType<typeof planMergeUsing>;
    expect(lean.report.applied).toMatchObject([{ field: "name", value: "y", previous: { value: "x" } }]);
    expect(lean.operations).toMatchObject([{ kind: "update", values: { name: "y" } }]);
    expect(JSON.stringify(run(s, false))).toBe(JSON.stringify(run(s, true)));
  });
});
