// Minimal histories the simulator shrank to, kept as regression tests once fixed.
import { expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import { HybridClock } from "../../src/clock/index.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { trackedWrite } from "../../src/tracking/index.js";
import type { History } from "./history.js";
import { MODEL, SCHEMA, stampsOf } from "./model.js";
import { BASE_MS, simulate } from "./runner.js";
import { engineStrategy } from "./strategies.js";

describeStores("re-created object keeps its old creation stamp (since-mode recovery)", (store) => {
  // Device 0 creates "c" and syncs; the server is restored to before it; device 0 edits tags
  // (after its checkpoint); device 1 creates "c" too, a little later than device 0's create.
  // Device 0's reset re-creates "c" from the backup. The engine used to stamp `#created` with
  // the NEWEST field stamp (tags), which covers every field, so device 0's old `count: null`
  // then beat device 1's newer `count: 0`.
  const SHRUNK: History = {
    skews: [0, 0],
    events: [
      { t: "edit", d: 0, dt: 0, edit: { op: "create", key: "c", title: "t0", count: null, tags: [], address: null } },
      { t: "sync", d: 0, dt: 0, crash: 0 },
      { t: "restore", back: 0 },
      { t: "edit", d: 0, dt: 0, edit: { op: "assign", key: "c", field: "tags", value: ["x"] } },
      { t: "edit", d: 1, dt: 0, edit: { op: "create", key: "c", title: "t0", count: 0, tags: [], address: null } },
    ],
    finalCrash: 0,
  };

  it("the shrunk history loses no edit", () => {
    const result = simulate(SHRUNK, { store, strategy: engineStrategy("since"), rule: { excuseLostByRestore: true } });
    expect(result.violations).toEqual([]);
  });

  it("a re-created object's #created is its oldest field stamp, not its newest", () => {
    let wall = BASE_MS;
    const clock = new HybridClock({ nodeId: "device-0", now: () => wall });
    const backup = store.open(SCHEMA);
    trackedWrite(backup, (tx) => tx.create(MODEL, { _id: "c", title: "t0", count: null, tags: [], address: null }), { clock });
    const since = clock.now();
    wall += 1_000;
    trackedWrite(backup, (tx) => tx.assign(backup.objectForPrimaryKey(MODEL, "c") as never, { tags: ["x"] }), { clock });

    const fresh = store.open(SCHEMA);
    const report = recoverUnsyncedChanges({ backup, fresh, since, now: () => wall });
    expect(report.created).toHaveLength(1);
    const original = stampsOf(backup.objectForPrimaryKey(MODEL, "c") as never)["#created"];
    const stamps = stampsOf(fresh.objectForPrimaryKey(MODEL, "c") as never);
    expect(stamps["#created"]).toBe(original);
    expect(stamps["#created"] as string < (stamps.tags as string)).toBe(true);
  });
});

describeStores("a re-created object (later generation) replaces the older incarnation on the server", (store) => {
  // Device 0 (clock 18 s behind) and device 1 both create "c"; device 0 deletes it and syncs;
  // the server is restored to before that sync (its tombstone is gone); device 1 uploads its
  // "c"; device 0 re-creates "c" (generation 2) with count 0, then resets with `since`. The
  // engine merged the generation-2 values field by field against the dead generation-1
  // object's newer stamps, so device 1's values won; uploaded in the other order, the stale
  // generation-1 edits are skipped (STALE_GENERATION): the data depended on the order.
  const SHRUNK: History = {
    skews: [-17_923, 0],
    events: [
      { t: "edit", d: 0, dt: 0, edit: { op: "create", key: "c", title: "t0", count: null, tags: [], address: null } },
      { t: "edit", d: 1, dt: 0, edit: { op: "create", key: "c", title: "t0", count: null, tags: [], address: null } },
      { t: "edit", d: 0, dt: 0, edit: { op: "delete", key: "c" } },
      { t: "sync", d: 0, dt: 0, crash: 0 },
      { t: "restore", back: 0 },
      { t: "sync", d: 1, dt: 0, crash: 0 },
      { t: "edit", d: 0, dt: 0, edit: { op: "create", key: "c", title: "t0", count: 0, tags: [], address: null } },
    ],
    finalCrash: 0,
  };

  it("the shrunk history loses no edit, in both final sync orders", () => {
    for (const reverseFinalSync of [false, true]) {
      const result = simulate(SHRUNK, { store, strategy: engineStrategy("since"), rule: { excuseLostByRestore: true }, reverseFinalSync });
      expect(result.violations).toEqual([]);
    }
  });
});

describeStores("two deletes of one generation keep the same tombstone in either order", (store) => {
  // Both devices delete "b" (generation 1); device 1 re-creates it (generation 2). Device 0's
  // delete is the newer one. When device 1 uploaded first, device 0's delete was skipped as
  // STALE_GENERATION without recording its newer stamp, so the tombstone row depended on the order.
  const SHRUNK: History = {
    skews: [0, 0],
    events: [
      { t: "edit", d: 0, dt: 0, edit: { op: "create", key: "b", title: "t0", count: null, tags: [], address: null } },
      { t: "sync", d: 0, dt: 0, crash: 0 },
      { t: "sync", d: 1, dt: 0, crash: 0 },
      { t: "edit", d: 0, dt: 0, edit: { op: "delete", key: "b" } },
      { t: "edit", d: 1, dt: 0, edit: { op: "delete", key: "b" } },
      { t: "edit", d: 1, dt: 0, edit: { op: "create", key: "b", title: "t0", count: null, tags: [], address: null } },
    ],
    finalCrash: 0,
  };

  it("the server's tombstones are the same after forward and reverse final syncs", () => {
    const tombstones = (dump: string): unknown => (JSON.parse(dump) as { objects: Record<string, unknown> }).objects.FieldRecoveryTombstone;
    const forward = simulate(SHRUNK, { store, strategy: engineStrategy("full") });
    const reverse = simulate(SHRUNK, { store, strategy: engineStrategy("full"), reverseFinalSync: true });
    expect(tombstones(reverse.serverDump)).toEqual(tombstones(forward.serverDump));
    expect(forward.violations).toEqual([]);
  });
});
