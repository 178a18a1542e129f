// Removing an embedded object (address = null) against edits of its sub-fields on another
// device: per-path last writer wins, whatever the upload order (laws 8, 14, 15).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStamp } from "../../src/clock/index.js";
import type { Changeset, FieldChange } from "../../src/recovery/changeset.js";
import { plainFreshView } from "../../src/recovery/fresh-view.js";
import type { PlainFreshData } from "../../src/recovery/fresh-view.js";
import { planMerge } from "../../src/recovery/merge-plan.js";
import type { ObjectSchemaLike, PropertySchemaLike } from "../../src/realm-like.js";
import type { EncodedValue } from "../../src/recovery/value-codec.js";
import { NOW, SCHEMA, TRACKING_PROPS, at, changeset, dogChange } from "./fixtures.js";
import { applyToPlain } from "./plain-apply.js";

const rex = { name: "Rex", age: 3, tags: { $set: [] }, tricks: [], notes: {}, owner: null, friends: [] };
const dog = (address: EncodedValue, stamps: Record<string, string>): PlainFreshData => ({ schema: SCHEMA, objects: { Dog: { "s:rex": { values: { ...rex, address }, stamps } } } });

const recover = (data: PlainFreshData, cs: Changeset) => {
  const plan = planMerge({ changeset: cs, fresh: plainFreshView(data), now: NOW });
  return { data: applyToPlain(data, plan.operations), report: plan.report, operations: plan.operations };
};
const rexOf = (data: PlainFreshData) => data.objects?.Dog?.["s:rex"];

describe("embedded removal vs a newer sub-field edit", () => {
  const S0 = at(5);
  const S1 = at(20); // the removal
  const S2 = at(30, 2); // the city edit, newer
  const removal = changeset([dogChange("s:rex", { address: { value: null, stamp: S1 } })]);
  const cityEdit = changeset([dogChange("s:rex", { "address/city": { value: "Lyon", stamp: S2 } })]);

  it("removal arriving second: the object stays; the newest stamp inside is reported as the server's", () => {
    const fresh = dog({ street: "1 Main", city: "Lyon" }, { address: S0, "address/city": S2 });
    const { data, report } = recover(fresh, removal);
    // The object lives (city at S2 is newer than the removal); street's newest write is the removal.
    expect(rexOf(data)?.values.address).toEqual({ street: null, city: "Lyon" });
    expect(rexOf(data)?.stamps).toEqual({ address: S1, "address/city": S2 });
    expect(report.kept).toEqual([
      { model: "Dog", key: "s:rex", field: "address", local: { value: null, stamp: S1 }, server: { value: { street: "1 Main", city: "Lyon" }, stamp: S2 }, policy: "lastWriterWins" },
    ]);
    for (const entry of report.applied) expect(entry.previous.stamp === undefined || entry.previous.stamp < entry.stamp).toBe(true);
  });

  it("removal arriving first: the newer city edit re-creates the object instead of PARENT_MISSING", () => {
    const fresh = dog(null, { address: S1 });
    const { data, report } = recover(fresh, cityEdit);
    expect(report.skipped).toEqual([]);
    expect(rexOf(data)?.values.address).toEqual({ street: null, city: "Lyon" });
    expect(rexOf(data)?.stamps).toEqual({ address: S1, "address/city": S2 });
    expect(report.applied).toEqual([{ model: "Dog", key: "s:rex", field: "address.city", value: "Lyon", stamp: S2, previous: { value: null, stamp: S1 }, policy: "lastWriterWins" }]);
  });

  it("both orders give the same data and stamps, and a rerun applies nothing", () => {
    const base = dog({ street: "1 Main", city: "Paris" }, { address: S0 });
    const removalFirst = recover(recover(base, removal).data, cityEdit).data;
    const removalLast = recover(recover(base, cityEdit).data, removal).data;
    expect(rexOf(removalFirst)).toEqual(rexOf(removalLast));
    expect(rexOf(removalFirst)?.values.address).toEqual({ street: null, city: "Lyon" });
    for (const cs of [removal, cityEdit]) {
      const again = recover(removalFirst, cs);
      expect(again.report.applied).toEqual([]);
      expect(again.operations).toEqual([]);
    }
  });

  it("a removal newer than every stamp inside still removes, in both orders", () => {
    const base = dog({ street: "1 Main", city: "Paris" }, { address: S0 });
    const newerRemoval = changeset([dogChange("s:rex", { address: { value: null, stamp: at(40) } })]);
    const first = recover(recover(base, newerRemoval).data, cityEdit);
    const last = recover(recover(base, cityEdit).data, newerRemoval).data;
    expect(rexOf(first.data)?.values.address).toBeNull();
    expect(rexOf(last)?.values.address).toBeNull();
    expect(first.report.kept).toEqual([{ model: "Dog", key: "s:rex", field: "address.city", local: { value: "Lyon", stamp: S2 }, server: { value: undefined, stamp: at(40) }, policy: "lastWriterWins" }]);
  });

  it("a removal with the backup's older whole value: the value loses, the newer sub-field still re-creates", () => {
    // A full changeset carries the backup's `address` (older than the removal) and its newer city.
    const fresh = dog(null, { address: S1 });
    const full = changeset([dogChange("s:rex", { address: { value: { street: "1 Main", city: "Lyon" }, stamp: S0 }, "address/city": { value: "Lyon", stamp: S2 } })], [], null);
    const { data, report } = recover(fresh, full);
    expect(rexOf(data)?.values.address).toEqual({ street: null, city: "Lyon" });
    expect(report.applied.map((a) => a.field)).toEqual(["address.city"]);
    expect(recover(data, full).report.applied).toEqual([]);
  });
});

// Nested embedded objects and a list of embedded objects (whole-value stamps).
const prop = (name: string, type: PropertySchemaLike["type"], extra: Partial<PropertySchemaLike> = {}): PropertySchemaLike => ({ name, type, optional: false, ...extra });
const boxSchema: ObjectSchemaLike = {
  name: "Box",
  primaryKey: "_id",
  properties: {
    _id: prop("_id", "string"),
    a: prop("a", "object", { objectType: "Outer", optional: true }),
    items: prop("items", "list", { objectType: "Inner" }),
    tag: prop("tag", "object", { objectType: "Tag", optional: true }),
    ...TRACKING_PROPS,
  },
};
const tagSchema: ObjectSchemaLike = { name: "Tag", embedded: true, properties: { name: prop("name", "string"), note: prop("note", "string", { optional: true }) } };
const outerSchema: ObjectSchemaLike = { name: "Outer", embedded: true, properties: { label: prop("label", "string", { default: "none" }), b: prop("b", "object", { objectType: "Inner", optional: true }) } };
const innerSchema: ObjectSchemaLike = { name: "Inner", embedded: true, properties: { c: prop("c", "string", { optional: true }), d: prop("d", "string", { optional: true }) } };
const BOX_SCHEMA = [boxSchema, outerSchema, innerSchema, tagSchema];
const box = (values: Record<string, EncodedValue>, stamps: Record<string, string>): PlainFreshData => ({ schema: BOX_SCHEMA, objects: { Box: { "s:x": { values, stamps } } } });
const boxChange = (fields: Record<string, FieldChange>): Changeset => ({ format: 1, since: at(0), objects: [{ model: "Box", key: "s:x", generation: 1, created: null, fields }], tombstones: [] });
const boxOf = (data: PlainFreshData) => data.objects?.Box?.["s:x"];

describe("nested embedded objects and lists of embedded objects", () => {
  const base = box({ a: { label: "L", b: { c: "c0", d: "d0" } }, items: [{ c: "i", d: null }] }, { a: at(5), items: at(5) });

  for (const [name, removal] of [
    ["the outer object removed", boxChange({ a: { value: null, stamp: at(20) } })],
    ["the inner object removed", boxChange({ "a/b": { value: null, stamp: at(20) } })],
    ["the outer object replaced without the inner one", boxChange({ a: { value: { label: "M", b: null }, stamp: at(20) } })],
  ] as const) {
    it(`${name} vs a newer edit of a/b/c: both orders keep c, and reruns apply nothing`, () => {
      const edit = boxChange({ "a/b/c": { value: "c2", stamp: at(30, 2) } });
      const first = recover(recover(base, removal).data, edit).data;
      const last = recover(recover(base, edit).data, removal).data;
      expect(boxOf(first)).toEqual(boxOf(last));
      expect((boxOf(first)?.values.a as { b: { c: string } }).b.c).toBe("c2");
      // d's newest write is the removal (or the replacement): it goes.
      expect((boxOf(first)?.values.a as { b: { d: unknown } }).b.d).toBeNull();
      for (const cs of [removal, edit]) expect(recover(first, cs).report.applied).toEqual([]);
    });
  }

  it("re-creating an outer object fills a required field from its schema default", () => {
    const removed = box({ a: null, items: [] }, { a: at(20), items: at(5) });
    const { data } = recover(removed, boxChange({ "a/b/c": { value: "c2", stamp: at(30, 2) } }));
    expect(boxOf(data)?.values.a).toEqual({ label: "none", b: { c: "c2", d: null } });
  });

  it("a required field without default is taken from the side that held the object, else the edit is skipped", () => {
    const removed = box({ a: null, items: [], tag: null }, { tag: at(20) });
    const note = { "tag/note": { value: "n", stamp: at(30, 2) } };
    const withBase: Changeset = { ...boxChange(note), objects: [{ model: "Box", key: "s:x", generation: 1, created: null, fields: note, base: { tag: { value: { name: "kept", note: null }, stamp: at(5) } } }] };
    expect(boxOf(recover(removed, withBase).data)?.values.tag).toEqual({ name: "kept", note: "n" });
    const bare = recover(removed, boxChange(note));
    expect(bare.operations).toEqual([]);
    expect(bare.report.skipped.map((s) => s.code)).toEqual(["PARENT_MISSING"]);
  });

  it("a list of embedded objects stays a whole value: the newer stamp wins, no sub-paths", () => {
    const older = boxChange({ items: { value: [], stamp: at(3) } });
    const newer = boxChange({ items: { value: [{ c: "j", d: "k" }], stamp: at(30, 2) } });
    expect(boxOf(recover(base, older).data)?.values.items).toEqual([{ c: "i", d: null }]);
    expect(boxOf(recover(base, newer).data)?.values.items).toEqual([{ c: "j", d: "k" }]);
  });
});

// Property: three devices, each starting from the same server state, remove, replace or edit
// the address (sub-fields) with their own stamps; every upload order ends with the same data,
// and re-running any device's changeset afterwards applies nothing.
const stampOf = (millis: number, node: number) => formatStamp({ millis: 1_700_000_000_000 + millis, counter: 0, nodeHash: node });
type Op = { kind: "remove" | "replace" | "street" | "city"; millis: number };
const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom("remove" as const, "replace" as const, "street" as const, "city" as const), millis: fc.integer({ min: 1, max: 40 }) });

/** One device's changeset from the base address, as the writer and extraction would produce it. */
function deviceChangeset(node: number, ops: readonly Op[], baseAddress: EncodedValue): Changeset {
  let address = baseAddress as Record<string, EncodedValue> | null;
  const fields: Record<string, FieldChange> = {};
  // Stamps increase on a device: apply the ops in stamp order.
  for (const { kind, millis } of [...ops].sort((a, b) => a.millis - b.millis)) {
    const stamp = stampOf(millis, node);
    const value = `${node}-${millis}`;
    if (kind === "remove" || kind === "replace") {
      address = kind === "remove" ? null : { street: `s${value}`, city: `c${value}` };
      for (const key of Object.keys(fields)) if (key.startsWith("address")) delete fields[key];
      fields.address = { value: address, stamp };
    } else if (address !== null) {
      address = { ...address, [kind]: value };
      fields[`address/${kind}`] = { value, stamp };
      if (fields.address !== undefined) fields.address = { ...fields.address, value: address };
    }
  }
  // Sub-path values follow the device's final address (extraction reads them from it).
  for (const key of Object.keys(fields)) if (key.includes("/")) (fields[key] as { value: EncodedValue }).value = (address as Record<string, EncodedValue>)[key.slice(8)] as EncodedValue;
  return changeset(Object.keys(fields).length === 0 ? [] : [dogChange("s:rex", fields)]);
}

const permutations = <T,>(items: readonly T[]): T[][] => (items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])));

describe("embedded removal vs sub-field edits: order-free and idempotent (property)", () => {
  it("three devices: every upload order gives the same data; reruns apply nothing", () => {
    const baseAddress = fc.option(fc.record({ street: fc.constantFrom("s0", null), city: fc.constantFrom("c0", null) }), { nil: null });
    const ops = fc.array(op, { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(baseAddress, fc.boolean(), ops, ops, ops, (address, stampedCity, a, b, c) => {
        const stamps: Record<string, string> = { address: stampOf(0, 0), ...(stampedCity && address !== null ? { "address/city": stampOf(10, 0) } : {}) };
        const base = dog(address, stamps);
        const devices = [deviceChangeset(1, a, address), deviceChangeset(2, b, address), deviceChangeset(3, c, address)];
        const results = permutations(devices).map((order) => order.reduce((data, cs) => recover(data, cs).data, base));
        const first = results[0] as PlainFreshData;
        for (const result of results) expect(rexOf(result)?.values).toEqual(rexOf(first)?.values);
        for (const cs of devices) {
          const again = recover(first, cs);
          expect(again.report.applied).toEqual([]);
          expect(rexOf(again.data)).toEqual(rexOf(first));
        }
      }),
      { numRuns: 400 },
    );
  });
});
