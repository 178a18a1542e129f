// Laws 14 and 15 as properties over random device changesets, on plain data.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStamp } from "../../src/clock/index.js";
import type { ObjectChange } from "../../src/recovery/changeset.js";
import { plainFreshView } from "../../src/recovery/fresh-view.js";
import type { PlainFreshData } from "../../src/recovery/fresh-view.js";
import { planMerge } from "../../src/recovery/merge-plan.js";
import { NOW, SCHEMA, changeset } from "./fixtures.js";
import { applyToPlain } from "./plain-apply.js";

const KEYS = ["s:a", "s:b"];
const stampOf = (millis: number, node: number) => formatStamp({ millis: 1_700_000_000_000 + millis, counter: 0, nodeHash: node });

/** One device's edits: per object, some of name/age/notes entries with stamps from that node. */
const device = (node: number) =>
  fc.array(
    fc.record({
      key: fc.constantFrom(...KEYS),
      name: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      age: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
      note: fc.option(fc.tuple(fc.constantFrom("x", "y"), fc.integer({ min: 1, max: 50 }), fc.boolean()), { nil: undefined }),
    }),
    { maxLength: 3 },
  ).map((edits) => {
    const byKey = new Map<string, ObjectChange>();
    for (const edit of edits) {
      const fields: Record<string, { value: never; stamp: string }> = { ...(byKey.get(edit.key)?.fields as Record<string, { value: never; stamp: string }> | undefined) };
      // The value is a function of the stamp, as on a real device (equal stamps => equal values).
      if (edit.name !== undefined) fields.name = { value: `n${node}-${edit.name}` as never, stamp: stampOf(edit.name, node) };
      if (edit.age !== undefined) fields.age = { value: (node * 100 + edit.age) as never, stamp: stampOf(edit.age, node) };
      if (edit.note !== undefined) {
        const [entry, millis, removed] = edit.note;
        fields[`notes/${entry}`] = { value: (removed ? { $absent: true } : `${node}:${millis}`) as never, stamp: stampOf(millis, node) };
      }
      byKey.set(edit.key, { model: "Dog", key: edit.key, generation: 1, created: null, fields });
    }
    return changeset([...byKey.values()]);
  });

const freshData = fc.record({ nameStamp: fc.integer({ min: 1, max: 50 }), ageStamp: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }) }).map(
  ({ nameStamp, ageStamp }): PlainFreshData => ({
    schema: SCHEMA,
    objects: {
      Dog: Object.fromEntries(
        KEYS.map((key) => [
          key,
          {
            values: { name: `server-${nameStamp}`, age: ageStamp ?? null, tags: { $set: [] }, tricks: [], notes: { x: "server" }, address: null, owner: null, friends: [] },
            stamps: { name: stampOf(nameStamp, 0), ...(ageStamp === undefined ? {} : { age: stampOf(ageStamp, 0) }), "notes/x": stampOf(25, 0) },
          },
        ]),
      ),
    },
  }),
);

const recover = (data: PlainFreshData, cs: ReturnType<typeof changeset>) => {
  const plan = planMerge({ changeset: cs, fresh: plainFreshView(data), now: NOW });
  return { data: applyToPlain(data, plan.operations), report: plan.report };
};

describe("merge laws on plain data", () => {
  it("law 15: recovering device A then B gives the same data as B then A", () => {
    fc.assert(
      fc.property(freshData, device(1), device(2), (fresh, a, b) => {
        const ab = recover(recover(fresh, a).data, b).data;
        const ba = recover(recover(fresh, b).data, a).data;
        expect(ab.objects).toEqual(ba.objects);
      }),
      { numRuns: 300 },
    );
  });

  it("law 14: a second run applies nothing and changes nothing", () => {
    fc.assert(
      fc.property(freshData, device(1), (fresh, a) => {
        const once = recover(fresh, a).data;
        const twice = recover(once, a);
        expect(twice.report.applied).toEqual([]);
        expect(twice.data.objects).toEqual(once.objects);
      }),
    );
  });

  it("law 8: every field ends with the value of its greatest stamp", () => {
    fc.assert(
      fc.property(freshData, device(1), (fresh, a) => {
        const result = recover(fresh, a).data;
        for (const change of a.objects) {
          const before = fresh.objects?.Dog?.[change.key];
          const after = result.objects?.Dog?.[change.key];
          for (const [field, { value, stamp }] of Object.entries(change.fields)) {
            if (field.includes("/")) continue;
            const freshStamp = before?.stamps?.[field];
            const expected = freshStamp === undefined || stamp > freshStamp ? value : before?.values[field];
            expect(after?.values[field]).toEqual(expected);
          }
        }
      }),
    );
  });
});
