// recoverUnsyncedChanges leaves a changed object's unchanged values (`base`) out of extraction and
// reads them from the backup only when the merge needs them (lazy-base.ts); extraction of a model
// whose fields are all top-level scalars reads each stamp key instead of listing the dictionary.
// Both must end, on both stores, in exactly the state and report of the eager, public path:
// collectUnsyncedChanges (every base read, every entry listed) then applyChanges.
import { expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import { collectChanges, collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { receiveNewestStamp } from "../../src/recovery/receive-newest-stamp.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { trackFields } from "../../src/schema/track-fields.js";
import type { TrackingOptions } from "../../src/schema/tracking-options.js";
import { dictionaryEntries } from "../../src/utils/dictionary.js";
import { describeStores } from "../contract/stores.js";
import type { StoreRealm, StoreUnderTest } from "../contract/stores.js";
import { BASE_MS, Device, NOW } from "./store-fixtures.js";

const FIELDS = { title: "string", status: "string", owner: "string?", done: "bool", estimate: "int" } as const;
// Task: every field a top-level scalar (stamp keys read one by one). Odd: a field named after a
// Dictionary member ("keys"), whose stamp key is shadowed (the dictionary is listed instead).
// Listy: an excluded list field makes the model take the general path (every entry listed).
const Task = { name: "Task", primaryKey: "_id", properties: { _id: "int", ...FIELDS } };
const Odd = { name: "Odd", primaryKey: "_id", properties: { _id: "int", keys: "string", ...FIELDS } };
const Listy = { name: "Listy", primaryKey: "_id", properties: { _id: "int", extra: "string[]", ...FIELDS } };
const TRACKING: TrackingOptions = { exclude: { fields: { Listy: ["extra"] } } };
const SCHEMA = trackFields([Task, Odd, Listy], TRACKING);
const MODELS = ["Task", "Odd", "Listy"] as const;

const get = (realm: RealmLike, model: string, id: number): RealmObjectLike => realm.objectForPrimaryKey(model, id) as RealmObjectLike;

function values(model: string, id: number, label: string): Record<string, unknown> {
  const out: Record<string, unknown> = { _id: id, title: `${label} title ${id}`, status: "open", owner: id % 2 === 0 ? null : `owner ${id}`, done: false, estimate: id * 10 };
  if (model === "Odd") out.keys = `keys ${id}`;
  if (model === "Listy") out.extra = ["x"];
  return out;
}

/** Every object's values and stamps, per model, for comparing two recoveries. */
function state(realm: RealmLike): unknown {
  return MODELS.map((model) =>
    [...realm.objects(model)].map((object) => ({
      ...Object.fromEntries(Object.keys(values(model, 0, "")).map((name) => [name, name === "extra" ? [...(object.extra as Iterable<unknown>)] : object[name]])),
      stamps: Object.fromEntries(dictionaryEntries(object.fieldTimestamps as object)),
    })),
  );
}

/**
 * A backup with local edits after the checkpoint, and a fresh realm where the server deleted
 * some objects (tracked: a tombstone; untracked: none) and another device edited others.
 * Per model: 1 edited (present in fresh), 2 edited and deleted on the server with a tombstone,
 * 3 deleted then re-created locally (generation 2), 4 created locally, 5 edited locally and
 * gone from the fresh realm without a tombstone (re-created from its base), 6 untouched.
 */
function scenario(store: StoreUnderTest): { backup: StoreRealm; fresh: StoreRealm; since: string } {
  const local = new Device("device-a");
  const server = new Device("device-b");
  const backup = store.open(SCHEMA);
  local.write(backup, 1_000, (tx) => {
    for (const model of MODELS) for (let id = 1; id <= 6; id++) if (id !== 4) tx.create(model, values(model, id, "base"));
  });
  const since = local.last();
  const fresh = store.copy(backup);
  local.write(backup, 2_000, (tx) => {
    for (const model of MODELS) {
      tx.assign(get(backup, model, 1), { title: "local 1", done: true });
      tx.assign(get(backup, model, 2), { status: "local 2" });
      tx.delete(get(backup, model, 3));
    }
  });
  local.write(backup, 2_500, (tx) => {
    for (const model of MODELS) {
      tx.create(model, { ...values(model, 3, "recreated"), status: "recreated" });
      tx.create(model, values(model, 4, "created"));
      tx.assign(get(backup, model, 5), { estimate: 555 });
      if (model === "Odd") tx.assign(get(backup, model, 1), { keys: "local keys" });
    }
  });
  server.write(fresh, 3_000, (tx) => {
    for (const model of MODELS) {
      tx.assign(get(fresh, model, 1), { owner: "server owner" });
      tx.delete(get(fresh, model, 2));
    }
  });
  fresh.write(() => {
    for (const model of MODELS) fresh.delete(get(fresh, model, 5));
  });
  return { backup, fresh, since };
}

describeStores("lazy base and known-key extraction", (store) => {
  it("recoverUnsyncedChanges ends in the state and report of collectUnsyncedChanges + applyChanges, and never writes the backup", () => {
    const { backup, fresh, since } = scenario(store);
    const eager = store.copy(fresh);
    const backupBefore = state(backup);
    const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, tracking: TRACKING, clock: new HybridClock({ nodeId: "device-a", now: NOW }) });
    const expected = applyChanges(eager, collectUnsyncedChanges(backup, since, { tracking: TRACKING }), { now: NOW, tracking: TRACKING });
    expect(state(fresh)).toEqual(state(eager));
    expect(report).toEqual(expected);
    expect(state(backup)).toEqual(backupBefore);
    // The object gone from the fresh realm is re-created from its base: every unchanged value, the local edit.
    for (const model of MODELS) {
      expect(get(fresh, model, 5)).toMatchObject({ title: "base title 5", status: "open", owner: "owner 5", done: false, estimate: 555 });
      expect(get(fresh, model, 3)).toMatchObject({ title: "recreated title 3", status: "recreated" });
      expect(get(fresh, model, 4)).toMatchObject({ title: "created title 4" });
      expect(get(fresh, model, 1)).toMatchObject({ title: "local 1", done: true, owner: "server owner" });
      expect(get(fresh, model, 2)).toBeNull();
    }
    expect(get(fresh, "Odd", 1).keys).toBe("local keys");
    // The skip of the object the server deleted carries its whole change, base included, as the eager path's does.
    const deleted = report.skipped.filter((entry) => entry.code === "DELETED_ON_SERVER");
    expect(deleted.map((entry) => entry.model).sort()).toEqual(["Listy", "Odd", "Task"]);
    for (const entry of deleted) expect(entry.object?.base).toMatchObject({ title: { value: "base title 2" }, estimate: { value: 20 } });
  });

  it("the lazy collection leaves the base out of simple models only, and finds what the eager one finds", () => {
    const { backup, since } = scenario(store);
    const eager = collectUnsyncedChanges(backup, since, { tracking: TRACKING });
    const { changeset, lazy, newestOmitted } = collectChanges(backup, since, { tracking: TRACKING }, true);
    const withoutBase = eager.objects.map(({ base: _base, ...rest }) => rest);
    expect(changeset.objects.map(({ base: _base, ...rest }) => rest)).toEqual(withoutBase);
    expect(changeset.tombstones).toEqual(eager.tombstones);
    for (const change of changeset.objects) {
      // Only Task takes the simple path; Odd (a shadowed key) and Listy read their base while extracting.
      expect(lazy.has(change)).toBe(change.model === "Task");
      expect(change.base).toEqual(change.model === "Task" ? undefined : eager.objects.find((o) => o.model === change.model && o.key === change.key)?.base);
    }
    // The left-out bases' newest stamp is kept for the device clock (law 2): the base writes' stamp, at the checkpoint.
    expect(newestOmitted).toBe(since);
  });

  it("the known-key extraction of a simple model equals the listing of every entry, model for model", () => {
    const { backup, since } = scenario(store);
    for (const checkpoint of [since, null]) {
      const changeset = collectUnsyncedChanges(backup, checkpoint, { tracking: TRACKING });
      const of = (model: string): unknown => changeset.objects.filter((change) => change.model === model).map(({ model: _model, base, ...rest }) => ({ ...rest, base: Object.fromEntries(Object.entries(base ?? {}).filter(([name]) => name !== "keys")) }));
      // Task (keys read one by one) and Listy (every entry listed) hold the same history.
      expect(of("Task")).toEqual(of("Listy"));
      expect(changeset.objects.filter((change) => change.model === "Task").length).toBeGreaterThan(0);
    }
  });

  it("receiveNewestStamp receives the further stamps it is given", () => {
    const { fresh } = scenario(store);
    // A clock whose wall time lies before the stamp: only receiving it puts the clock past it.
    const clock = new HybridClock({ nodeId: "device-c", now: () => BASE_MS });
    const ahead = new HybridClock({ nodeId: "device-z", now: () => BASE_MS + 100_000 }).now(); // past the fresh realm's stamps, within the drift bound
    receiveNewestStamp(clock, fresh, { stamps: [undefined, ahead], now: NOW });
    expect(clock.now() > ahead).toBe(true);
  });
});
