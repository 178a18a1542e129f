import { describe, expect, it } from "vitest";
import { formatStamp } from "../../src/clock/index.js";
import { plainFreshView } from "../../src/recovery/fresh-view.js";
import type { PlainFreshData } from "../../src/recovery/fresh-view.js";
import { planMerge } from "../../src/recovery/merge-plan.js";
import type { PlanMergeOptions } from "../../src/recovery/merge-plan.js";
import { RecoverySkippedError } from "../../src/recovery/report.js";
import { listAppend, setUnion, serverWins, clientWins, resolver } from "../../src/policies/index.js";
import { NOW, SCHEMA, at, changeset, dogChange } from "./fixtures.js";

const rex = { name: "Rex", age: 3, tags: { $set: [] }, tricks: [], notes: {}, address: null, owner: null, friends: [] };

function fresh(objects: PlainFreshData["objects"] = {}, tombstones: PlainFreshData["tombstones"] = {}) {
  return plainFreshView({ schema: SCHEMA, objects, tombstones });
}
const plan = (options: Omit<PlanMergeOptions, "now">) => planMerge({ now: NOW, ...options });

describe("planMerge: per-field last writer wins (law 8)", () => {
  it("takes the backup value iff its stamp is newer, and reports the conflict otherwise", () => {
    const view = fresh({ Dog: { "s:rex": { values: rex, stamps: { name: at(10), age: at(30, 2) } } } });
    const { operations, report } = plan({
      changeset: changeset([dogChange("s:rex", { name: { value: "Rexy", stamp: at(20) }, age: { value: 4, stamp: at(20) } })]),
      fresh: view,
    });
    expect(operations).toEqual([{ kind: "update", model: "Dog", key: "s:rex", values: { name: "Rexy" }, stamps: { name: at(20), age: at(30, 2) } }]);
    expect(report.applied).toEqual([{ model: "Dog", key: "s:rex", field: "name", value: "Rexy", stamp: at(20), previous: { value: "Rex", stamp: at(10) }, policy: "lastWriterWins" }]);
    expect(report.kept).toEqual([{ model: "Dog", key: "s:rex", field: "age", local: { value: 4, stamp: at(20) }, server: { value: 3, stamp: at(30, 2) }, policy: "lastWriterWins" }]);
  });

  it("treats a missing fresh stamp as older than any", () => {
    const view = fresh({ Dog: { "s:rex": { values: rex, stamps: {} } } });
    const { report } = plan({ changeset: changeset([dogChange("s:rex", { age: { value: 9, stamp: at(1) } })]), fresh: view });
    expect(report.applied.map((a) => a.field)).toEqual(["age"]);
  });

  it("applies nothing when stamps are equal (idempotence)", () => {
    const view = fresh({ Dog: { "s:rex": { values: rex, stamps: { age: at(5) } } } });
    const { operations, report } = plan({ changeset: changeset([dogChange("s:rex", { age: { value: 3, stamp: at(5) } })]), fresh: view });
    expect(operations).toEqual([]);
    expect(report.counts).toMatchObject({ applied: 0, kept: 0, skipped: 0 });
  });

  it("keeps newer fresh sub-paths when the backup replaced a whole embedded object", () => {
    const values = { ...rex, address: { street: "Old St", city: "Paris" } };
    const view = fresh({ Dog: { "s:rex": { values, stamps: { address: at(5), "address/city": at(30, 2) } } } });
    const { operations } = plan({ changeset: changeset([dogChange("s:rex", { address: { value: { street: "New St", city: "Lyon" }, stamp: at(20) } })]), fresh: view });
    expect(operations[0]).toMatchObject({ values: { address: { street: "New St", city: "Paris" } }, stamps: { address: at(20), "address/city": at(30, 2) } });
  });

  it("merges dictionary entries per key, removing with the absent marker", () => {
    const values = { ...rex, notes: { a: "1", b: "2" } };
    const view = fresh({ Dog: { "s:rex": { values, stamps: { "notes/a": at(5), "notes/b": at(50, 2) } } } });
    const { operations } = plan({
      changeset: changeset([dogChange("s:rex", { "notes/a": { value: { $absent: true }, stamp: at(20) }, "notes/b": { value: "x", stamp: at(20) }, "notes/c": { value: "3", stamp: at(20) } })]),
      fresh: view,
    });
    expect(operations[0]).toMatchObject({ values: { notes: { b: "2", c: "3" } } });
  });
});

describe("planMerge: objects and deletes (laws 10, 11)", () => {
  const created = dogChange("s:max", { name: { value: "Max", stamp: at(20) } }, { created: at(20), base: { tags: { value: { $set: ["a"] }, stamp: null } } });

  it("creates an object the fresh realm lacks, with its stamps", () => {
    const { operations, report } = plan({ changeset: changeset([created]), fresh: fresh() });
    expect(operations).toEqual([{ kind: "create", model: "Dog", key: "s:max", values: { name: "Max", tags: { $set: ["a"] } }, stamps: { name: at(20), "#created": at(20) } }]);
    expect(report.created).toEqual([{ model: "Dog", key: "s:max", generation: 1 }]);
  });

  it("keeps it deleted under a same-generation server tombstone (deleteWins), brings it back under updateWins", () => {
    const tombstones = { Dog: { "s:max": { stamp: at(10, 2), generation: 1 } } };
    const denied = plan({ changeset: changeset([created]), fresh: fresh({}, tombstones) });
    expect(denied.operations).toEqual([]);
    expect(denied.report.skipped[0]?.code).toBe("DELETED_ON_SERVER");
    const back = plan({ changeset: changeset([created]), fresh: fresh({}, tombstones), policies: { delete: "updateWins" } });
    expect(back.operations[0]).toMatchObject({ kind: "create", stamps: { "#gen": "2" } });
  });

  it("always brings back a later generation", () => {
    const recreated = { ...created, generation: 2 };
    const { operations } = plan({ changeset: changeset([recreated]), fresh: fresh({}, { Dog: { "s:max": { stamp: at(10, 2), generation: 1 } } }) });
    expect(operations[0]).toMatchObject({ kind: "create", stamps: { "#gen": "2" } });
  });

  it("skips an object whose required fields the backup cannot supply", () => {
    const partial = dogChange("s:max", { age: { value: 2, stamp: at(20) } });
    const { operations, report } = plan({ changeset: changeset([partial]), fresh: fresh() });
    expect(operations).toEqual([]);
    expect(report.skipped[0]).toMatchObject({ code: "INCOMPLETE_OBJECT", model: "Dog", key: "s:max" });
  });

  it("deletes on a local tombstone newer than every fresh stamp, and records the tombstone", () => {
    const view = fresh({ Dog: { "s:rex": { values: rex, stamps: { name: at(10) } } } });
    const { operations, report } = plan({ changeset: changeset([], [{ model: "Dog", key: "s:rex", stamp: at(20), generation: 1 }]), fresh: view });
    expect(operations).toEqual([
      { kind: "delete", model: "Dog", key: "s:rex" },
      { kind: "tombstone", model: "Dog", key: "s:rex", stamp: at(20), generation: 1 },
    ]);
    expect(report.deleted).toEqual([{ model: "Dog", key: "s:rex", generation: 1, stamp: at(20) }]);
  });

  it("deleteWins deletes despite newer fresh edits; updateWins keeps the object", () => {
    const view = fresh({ Dog: { "s:rex": { values: rex, stamps: { name: at(30, 2) } } } });
    const tombstone = [{ model: "Dog", key: "s:rex", stamp: at(20), generation: 1 }];
    expect(plan({ changeset: changeset([], tombstone), fresh: view }).report.deleted).toHaveLength(1);
    const kept = plan({ changeset: changeset([], tombstone), fresh: view, policies: { models: { Dog: { delete: "updateWins" } } } });
    expect(kept.operations).toEqual([]);
    expect(kept.report.skipped[0]?.code).toBe("UPDATED_ON_SERVER");
  });
});

describe("planMerge: links (law 12)", () => {
  it("nulls a link and drops list entries whose target is missing, never creating the target", () => {
    const view = fresh({ Dog: { "s:rex": { values: rex, stamps: {} } } });
    const { operations, report } = plan({
      changeset: changeset([
        dogChange("s:rex", {
          owner: { value: { $link: { model: "Person", key: "i:1" } }, stamp: at(20) },
          friends: { value: [{ $link: { model: "Dog", key: "s:gone" } }, { $link: { model: "Dog", key: "s:max" } }], stamp: at(20) },
        }),
        dogChange("s:max", { name: { value: "Max", stamp: at(20) } }, { created: at(20) }),
      ]),
      fresh: view,
    });
    const update = operations.find((op) => op.kind === "update");
    // The pruned owner is null, as the fresh realm holds it: not written, not applied.
    expect(update).toMatchObject({ values: { friends: [{ $link: { model: "Dog", key: "s:max" } }] } });
    expect(update?.kind === "update" && "owner" in update.values).toBe(false);
    expect(report.applied.map((entry) => entry.field)).toEqual(["friends"]);
    expect(operations.filter((op) => op.kind === "create").map((op) => op.key)).toEqual(["s:max"]);
    expect(report.skipped.map((s) => [s.code, s.field])).toEqual([
      ["LINK_TARGET_MISSING", "friends"],
      ["LINK_TARGET_MISSING", "owner"],
    ]);
  });
});

describe("planMerge: bad input is skipped and reported (law 18)", () => {
  const view = () => fresh({ Dog: { "s:rex": { values: rex, stamps: {} } } });

  it("skips fields the fresh schema lacks or retyped, malformed and future stamps; applies the rest", () => {
    const future = formatStamp({ millis: NOW() + 3_600_000, counter: 0, nodeHash: 1 });
    const { report } = plan({
      changeset: changeset([
        dogChange("s:rex", {
          color: { value: "brown", stamp: at(20) },
          age: { value: "three", stamp: at(20) },
          name: { value: "Bad", stamp: "not-a-stamp" },
          tricks: { value: ["sit"], stamp: future },
          tags: { value: { $set: ["x"] }, stamp: at(20) },
        }),
        { model: "Cat", key: "s:tom", generation: 1, created: null, fields: {} },
      ]),
      fresh: view(),
    });
    expect(report.applied.map((a) => a.field)).toEqual(["tags"]);
    expect(report.skipped.map((s) => `${s.code} ${s.field ?? s.model ?? ""}`).sort()).toEqual(["CLOCK_DRIFT tricks", "FIELD_MISSING color", "MALFORMED_STAMP name", "MODEL_MISSING Cat", "TYPE_MISMATCH age"]);
  });

  it("throws RecoverySkippedError at the first skip in strict mode", () => {
    expect(() => plan({ changeset: changeset([dogChange("s:rex", { color: { value: "x", stamp: at(20) } })]), fresh: view(), strict: true })).toThrow(RecoverySkippedError);
  });

  it("reports a canWrite refusal as DENIED and writes nothing for that object", () => {
    const { operations, report } = plan({ changeset: changeset([dogChange("s:rex", { age: { value: 5, stamp: at(20) } })]), fresh: view(), canWrite: () => false });
    expect(operations).toEqual([]);
    expect(report.skipped[0]?.code).toBe("DENIED");
    expect(report.skipped[0]?.reason).toBe("denied by permission");
    expect(report.applied).toEqual([]);
  });

  it("carries the verdict's reason, and writes refusals listed in writeAnyway", () => {
    const change = changeset([dogChange("s:rex", { age: { value: 5, stamp: at(20) } })]);
    const refuse = () => ({ reason: "outside subscription" });
    const denied = plan({ changeset: change, fresh: view(), canWrite: refuse });
    expect(denied.report.skipped.map((e) => [e.code, e.reason])).toEqual([["DENIED", "outside subscription"]]);
    expect(denied.report.skipped[0]?.message).toMatch(/^outside subscription: /);

    const anyway = plan({ changeset: change, fresh: view(), canWrite: refuse, writeAnyway: ["outside subscription"] });
    expect(anyway.report.skipped).toEqual([]);
    expect(anyway.report.applied.map((a) => a.field)).toEqual(["age"]);
    expect(anyway.report.writtenAnyway).toEqual([{ model: "Dog", key: "s:rex", operation: "update", reason: "outside subscription" }]);
  });
});

describe("planMerge: policies", () => {
  const setup = (field: string, freshValue: unknown, localValue: unknown, freshStamp = at(30, 2), localStamp = at(20)) => {
    const view = fresh({ Dog: { "s:rex": { values: { ...rex, [field]: freshValue } as never, stamps: { [field]: freshStamp } } } });
    return (policy: NonNullable<NonNullable<PlanMergeOptions["policies"]>["default"]>) =>
      plan({ changeset: changeset([dogChange("s:rex", { [field]: { value: localValue as never, stamp: localStamp } })]), fresh: view, policies: { models: { Dog: { fields: { [field]: policy } } } } });
  };

  it("setUnion unions both sets whoever is newer", () => {
    const result = setup("tags", { $set: ["a", "b"] }, { $set: ["b", "c"] })(setUnion);
    expect(result.operations[0]).toMatchObject({ values: { tags: { $set: ["a", "b", "c"] } }, stamps: { tags: at(30, 2) } });
  });

  it("listAppend appends local additions and never replays index edits", () => {
    const result = setup("tricks", ["sit", "roll", "beg"], ["roll", "sit", "fetch"])(listAppend);
    expect(result.operations[0]).toMatchObject({ values: { tricks: ["sit", "roll", "beg", "fetch"] } });
  });

  it("clientWins takes the older local value; serverWins keeps a newer-stamped server value", () => {
    expect(setup("name", "Server", "Local")(clientWins).operations[0]).toMatchObject({ values: { name: "Local" }, stamps: { name: at(30, 2) } });
    const kept = setup("name", "Server", "Local", at(10), at(20))(serverWins);
    expect(kept.operations).toEqual([]);
    expect(kept.report.kept[0]).toMatchObject({ field: "name", policy: "serverWins" });
  });

  it("a custom resolver's value is written with the greater stamp", () => {
    const result = setup("name", "Ser", "Loc")((local, server) => `${String(local)}+${String(server)}`);
    expect(result.operations[0]).toMatchObject({ values: { name: "Loc+Ser" } });
    expect(result.report.applied[0]?.policy).toBe("custom");
    expect(setup("name", "a", "b")(resolver(() => "z", "mine")).report.applied[0]?.policy).toBe("mine");
  });
});
