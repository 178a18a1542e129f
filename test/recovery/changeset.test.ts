import { describe, expect, it } from "vitest";
import { InvalidChangesetError, parseChangeset } from "../../src/recovery/changeset.js";
import { at, changeset, dogChange } from "./fixtures.js";

describe("parseChangeset", () => {
  it("accepts a changeset, as data or JSON text", () => {
    const data = changeset([dogChange("s:rex", { age: { value: 4, stamp: at(1) } })], [{ model: "Dog", key: "s:spot", stamp: at(2), generation: 1 }]);
    expect(parseChangeset(data)).toBe(data);
    expect(parseChangeset(JSON.stringify(data))).toEqual(data);
  });

  it("names the bad entry, what was expected and what arrived", () => {
    const bad = (value: unknown): InvalidChangesetError => {
      try {
        parseChangeset(value);
      } catch (error) {
        return error as InvalidChangesetError;
      }
      throw new Error("accepted");
    };
    expect(bad("{").code).toBe("INVALID_CHANGESET");
    expect(bad({ format: 2, since: null, objects: [], tombstones: [] }).at).toBe("format");
    const error = bad({ format: 1, since: null, objects: [{ model: "Dog", key: "s:rex", generation: 1, created: null, fields: { age: { value: 1, stamp: 5 } } }], tombstones: [] });
    expect(error.at).toBe('objects[0].fields["age"].stamp');
    expect(error.message).toMatch(/expected a string, got 5/);
    expect(error.model).toBe("Dog");
    expect(bad({ format: 1, since: null, objects: [], tombstones: [{ model: "Dog", key: "s:a", stamp: at(1), generation: 0 }] }).at).toBe("tombstones[0].generation");
  });

  it("leaves malformed stamps to the merge, which skips them per field", () => {
    expect(() => parseChangeset(changeset([dogChange("s:rex", { age: { value: 4, stamp: "bad" } })]))).not.toThrow();
  });
});
