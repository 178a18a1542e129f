// Dictionary keys are user data: "__proto__", "constructor" and friends must survive every
// step (tracked write, extract, JSON, merge, apply, dump) as ordinary keys.
import { describe, expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import { parseChangeset } from "../../src/recovery/changeset.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { dumpMemoryRealm, openMemoryRealm } from "../../src/testing/index.js";
import { trackedWrite } from "../../src/tracking/index.js";

const Doc = {
  name: "Doc",
  primaryKey: "_id",
  properties: { _id: "int", tags: "string{}", extra: "mixed" },
};
const hostile = ["__proto__", "constructor", "toString", "hasOwnProperty"];

describe("hostile dictionary keys", () => {
  it("round-trip through tracking, extraction, JSON and apply as plain keys", () => {
    const schema = trackFields([Doc]);
    const backup = openMemoryRealm({ schema });
    const clock = new HybridClock({ nodeId: "device", now: () => 1_000_000 });
    const tags = Object.fromEntries(hostile.map((key, i) => [key, `v${i}`]));
    trackedWrite(backup, (tx) => tx.create("Doc", { _id: 1, tags, extra: null }), { clock });
    // immer refuses to draft a "__proto__" assignment (prototype-pollution guard): use assign.
    const changed = Object.fromEntries(hostile.map((key, i) => [key, key === "__proto__" ? "changed" : `v${i}`]));
    trackedWrite(backup, (tx) => tx.assign(backup.objectForPrimaryKey("Doc", 1)!, { tags: changed }), { clock });

    const changeset = parseChangeset(JSON.parse(JSON.stringify(collectUnsyncedChanges(backup, null))));
    const fresh = openMemoryRealm({ schema });
    const report = applyChanges(fresh, changeset, { now: () => 1_000_000 });

    expect(report.errors).toEqual([]);
    const merged = fresh.objectForPrimaryKey("Doc", 1)!.tags as Record<string, string>;
    expect(Object.keys(merged).sort()).toEqual([...hostile].sort());
    expect(Object.getOwnPropertyDescriptor(merged, "__proto__")?.value).toBe("changed");
    expect(Object.getOwnPropertyDescriptor(merged, "constructor")?.value).toBe("v1");
    expect(JSON.stringify(dumpMemoryRealm(fresh))).toContain('"__proto__":"changed"');
  });
});
