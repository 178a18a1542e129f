import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { filterChangeset } from "../../src/cli/filter-changeset.js";
import { parseChangeset } from "../../src/index.js";
import { SINCE, fixture } from "./helpers.js";

const changeset = parseChangeset(JSON.parse(readFileSync(fixture("changeset.json"), "utf8")));
const STAMP = changeset.tombstones[0]?.stamp as string; // A's offline write

describe("filterChangeset (--since on a changeset)", () => {
  it("is the identity for the changeset's own checkpoint or an older one", () => {
    expect(filterChangeset(changeset, SINCE)).toBe(changeset);
    expect(filterChangeset(changeset, "--------------00")).toBe(changeset);
  });

  it("keeps only what was stamped after a later stamp", () => {
    const after = filterChangeset(changeset, STAMP);
    expect(after).toEqual({ format: 1, since: STAMP, objects: [], tombstones: [] });
  });

  it("moves a dropped top-level field into base, for re-creation", () => {
    const full = { ...changeset, since: null, objects: [{ model: "Dog", key: "s:x", generation: 1, created: null, fields: { name: { value: "Old", stamp: SINCE }, age: { value: 9, stamp: STAMP } } }] };
    const narrowed = filterChangeset(full, SINCE);
    expect(narrowed.since).toBe(SINCE);
    expect(narrowed.objects[0]?.fields).toEqual({ age: { value: 9, stamp: STAMP } });
    expect(narrowed.objects[0]?.base).toEqual({ name: { value: "Old", stamp: SINCE } });
  });
});
