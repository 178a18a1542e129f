// docs/schema-changes.md: drifted fields are skipped and reported, the rest recovered; the
// changeset migration shown on that page brings the skipped edits over.
import { describe, expect, it } from "vitest";
import { HybridClock, applyChanges, collectUnsyncedChanges, trackFields, trackedWrite } from "../../src/index.js";
import type { Changeset, RealmObjectLike, Stamp } from "../../src/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";

const v1 = trackFields([
  { name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", age: "int?", color: "string?" } },
  { name: "Toy", primaryKey: "_id", properties: { _id: "int", label: "string" } },
]);
const v2 = trackFields([{ name: "Dog", primaryKey: "_id", properties: { _id: "string", displayName: "string?", age: "string?", color: "string?" } }]);

// The page's example, verbatim.
const renameField = <T>(fields: Readonly<Record<string, T>>, from: string, to: string): Record<string, T> =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => [key === from || key.startsWith(`${from}/`) ? to + key.slice(from.length) : key, value]));

function migrateChangeset(changeset: Changeset): Changeset {
  return {
    ...changeset,
    objects: changeset.objects.map((object) => {
      if (object.model !== "Dog") return object;
      const fields = renameField(object.fields, "name", "displayName");
      const age = fields.age;
      if (age !== undefined && typeof age.value === "number") fields.age = { ...age, value: String(age.value) }; // int -> string
      return { ...object, fields, ...(object.base === undefined ? {} : { base: renameField(object.base, "name", "displayName") }) };
    }),
  };
}

function setup() {
  const clock = new HybridClock({ nodeId: "phone", now: () => Date.UTC(2024, 0, 1) });
  const backup = openMemoryRealm({ schema: v1 });
  trackedWrite(backup, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }), { clock });
  const since: Stamp = clock.now();
  trackedWrite(backup, (tx) => {
    tx.assign(backup.objectForPrimaryKey("Dog", "rex") as RealmObjectLike, { name: "Rexy", age: 4, color: "brown" });
    tx.create("Toy", { _id: 1, label: "ball" });
  }, { clock });
  const fresh = openMemoryRealm({ schema: v2 });
  fresh.write(() => fresh.create("Dog", { _id: "rex", displayName: "Rex", age: "3", fieldTimestamps: {} }));
  return { backup, fresh, since, now: () => Date.UTC(2024, 0, 1) };
}

describe("docs/schema-changes.md", () => {
  it("skips and reports drifted fields and models, recovers the rest", () => {
    const { backup, fresh, since, now } = setup();
    const report = applyChanges(fresh, collectUnsyncedChanges(backup, since), { now });
    expect(report.skipped.map((entry) => [entry.code, entry.model, entry.field ?? null, entry.local?.value ?? null])).toEqual([
      ["TYPE_MISMATCH", "Dog", "age", 4],
      ["FIELD_MISSING", "Dog", "name", "Rexy"],
      ["MODEL_MISSING", "Toy", null, null],
    ]);
    expect(fresh.objectForPrimaryKey("Dog", "rex")).toMatchObject({ displayName: "Rex", age: "3", color: "brown" });
  });

  it("a changeset migration brings the renamed and retyped fields over", () => {
    const { backup, fresh, since, now } = setup();
    const report = applyChanges(fresh, migrateChangeset(collectUnsyncedChanges(backup, since)), { now });
    expect(fresh.objectForPrimaryKey("Dog", "rex")).toMatchObject({ displayName: "Rexy", age: "4", color: "brown" });
    expect(report.skipped.map((entry) => entry.code)).toEqual(["MODEL_MISSING"]);
  });
});
