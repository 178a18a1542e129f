// Law 2 across a client reset: a device that saw stamps in the fresh realm and in its backup's
// changeset issues only greater stamps afterwards, whatever its clock (recoverUnsyncedChanges
// makes the device clock receive the newest of them: receiveNewestStamp), on both stores.
import fc from "fast-check";
import { expect, it } from "vitest";
import { HybridClock, collectUnsyncedChanges, isStamp, receiveNewestStamp, recoverUnsyncedChanges, trackFields, trackedWrite } from "../../src/index.js";
import type { Changeset, RealmLike, RealmObjectLike, Stamp } from "../../src/index.js";
import type { SchemaEntryInput } from "../../src/schema/normalize.js";
import { describeStores } from "../contract/stores.js";
import { SIM_SEED } from "../simulation/settings.js";
import { MODEL, NOW, WALL0, buildScenario, entries, lawRuns, scenarioInput } from "./scenario.js";

/** Every stamp a realm holds (field entries, counter increments, tombstones), read the slow way. */
function stampsIn(realm: RealmLike): Stamp[] {
  const out: Stamp[] = [];
  for (const schema of realm.schema) {
    if (schema.embedded === true || schema.properties.fieldTimestamps === undefined) continue;
    for (const object of realm.objects(schema.name)) {
      for (const value of Object.values(entries((object as RealmObjectLike).fieldTimestamps))) {
        const stamp = value.includes("@") ? value.slice(value.indexOf("@") + 1) : value;
        if (isStamp(stamp)) out.push(stamp);
      }
    }
  }
  for (const tombstone of realm.objects("FieldRecoveryTombstone")) out.push(tombstone.stamp as Stamp);
  return out;
}

function stampsOfChangeset(changeset: Changeset): Stamp[] {
  const out: Stamp[] = [];
  for (const object of changeset.objects) {
    if (object.created !== null) out.push(object.created);
    for (const field of Object.values(object.fields)) out.push(field.stamp);
    for (const base of Object.values(object.base ?? {})) if (base.stamp !== null) out.push(base.stamp);
  }
  for (const tombstone of changeset.tombstones) out.push(tombstone.stamp);
  return out;
}

const newest = (stamps: readonly Stamp[]): Stamp | undefined => stamps.reduce<Stamp | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);

describeStores("law 2 across a reset", (store) => {
  const runs = (n: number) => ({ seed: SIM_SEED, numRuns: lawRuns(store, n) });

  it("law 2: after recoverUnsyncedChanges, the device clock stamps above every stamp of the fresh realm and of the changeset (also a dry run), whatever its wall clock", () => {
    fc.assert(
      fc.property(scenarioInput(["a", "b"], 8), fc.integer({ min: 0, max: 120_000 }), fc.boolean(), (input, ahead, dryRun) => {
        // "b" wrote the fresh realm with a clock up to two minutes ahead; "a" restarts with a clock at the base's time.
        const s = buildScenario(store, { ...input, skew: { b: ahead, c: 0 } });
        const changeset = collectUnsyncedChanges(s.backup, s.since);
        const clock = new HybridClock({ nodeId: "a", now: () => WALL0 + 5 });
        recoverUnsyncedChanges({ backup: s.backup, fresh: s.fresh, since: s.since, now: NOW, clock, dryRun });
        const seen = newest([...stampsIn(s.fresh), ...stampsOfChangeset(changeset)]);
        const next = clock.now();
        expect(seen === undefined || next > seen, `next stamp ${next} above every stamp seen (${seen})`).toBe(true);
        // And a tracked write after the reset that overwrites nothing newer still sorts above them.
        const note = s.fresh.objectForPrimaryKey(MODEL, 99) ?? null;
        expect(note).toBeNull();
        const stamp = trackedWrite(s.fresh, (tx) => {
          tx.create(MODEL, { _id: 99, title: "after the reset" });
          return tx.stamp;
        }, { clock });
        expect(seen === undefined || stamp! > seen).toBe(true);
      }),
      runs(40),
    );
  });

  it("receiveNewestStamp: a bulk write of many objects in one millisecond is bounded by the counter, and the clock still stamps above all of them", () => {
    const schema = trackFields([{ name: "Task", primaryKey: "_id", properties: { _id: "int", title: "string" } }]) as SchemaEntryInput[];
    const realm = store.open(schema);
    const other = new HybridClock({ nodeId: "b", now: () => WALL0 + 50_000 });
    trackedWrite(realm, (tx) => {
      for (let id = 1; id <= 150; id++) tx.create("Task", { _id: id, title: "bulk" });
    }, { clock: other });
    const edited = trackedWrite(realm, (tx) => {
      tx.assign(realm.objectForPrimaryKey("Task", 7)!, { title: "edited" });
      return tx.stamp!;
    }, { clock: other });
    const clock = new HybridClock({ nodeId: "a", now: () => WALL0 });
    const received = receiveNewestStamp(clock, realm, { now: () => WALL0 });
    expect(received! >= edited).toBe(true);
    expect(clock.now() > edited).toBe(true);
    expect(receiveNewestStamp(clock, realm, { now: () => WALL0 })).toBeUndefined();
  });

  it("receiveNewestStamp reads format 1 (no newest-stamp counter) whole, skips stamps beyond the drift bound, and returns undefined when the clock is already ahead", () => {
    const schema = trackFields([{ name: "Task", primaryKey: "_id", properties: { _id: "int", title: "string", hits: "counter" } }], { newestStampProperty: false }) as SchemaEntryInput[];
    const realm = store.open(schema);
    const other = new HybridClock({ nodeId: "b", now: () => WALL0 + 50_000 });
    trackedWrite(realm, (tx) => {
      tx.create("Task", { _id: 1, title: "a", hits: 0 });
      tx.create("Task", { _id: 2, title: "b", hits: 0 });
    }, { clock: other });
    const incremented = trackedWrite(realm, (tx) => {
      tx.increment(realm.objectForPrimaryKey("Task", 2)!, "hits", 3);
      return tx.stamp!;
    }, { clock: other });
    const deleted = trackedWrite(realm, (tx) => {
      tx.delete(realm.objectForPrimaryKey("Task", 1)!);
      return tx.stamp!;
    }, { clock: other });
    expect(deleted > incremented).toBe(true);
    const clock = new HybridClock({ nodeId: "a", now: () => WALL0 });
    expect(receiveNewestStamp(clock, realm, { now: () => WALL0 })).toBe(deleted);
    expect(clock.now() > deleted).toBe(true);
    expect(receiveNewestStamp(clock, realm, { now: () => WALL0 })).toBeUndefined();
    // A stamp beyond the drift bound (a device with a wrong clock) is not received; the newest within it is.
    const far = new HybridClock({ nodeId: "c", now: () => WALL0 + 3_600_000 });
    trackedWrite(realm, (tx) => tx.assign(realm.objectForPrimaryKey("Task", 2)!, { title: "far" }), { clock: far });
    const behind = new HybridClock({ nodeId: "d", now: () => WALL0 });
    expect(receiveNewestStamp(behind, realm, { now: () => WALL0 })).toBe(deleted);
  });
});
