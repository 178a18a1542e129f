// Recovery reads only what it needs, on both stores: extraction queries the newest-stamp counter
// when a checkpoint allows it (and reads everything otherwise); the plan reads only the fresh
// stamp keys and values a decision needs, with keys a Dictionary member shadows found among the
// entries. Every narrow read must end in exactly the state and report the whole read gives.
import { describe, expect, it } from "vitest";
import { HybridClock, stampMillis } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { freshReadFor } from "./fresh-read-oracle.js";
import { codecContext, readStampKeys } from "../../src/recovery/fresh-view.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { dictionaryEntries } from "../../src/utils/dictionary.js";
import { describeStores } from "../contract/stores.js";
import type { StoreRealm, StoreUnderTest } from "../contract/stores.js";
import { BASE_MS, Device, NOW } from "./store-fixtures.js";

// Scalar fields named after members of Realm's Dictionary ("set", "remove", "values"), so their
// stamp keys are shadowed. ("listeners", an own property of Realm's Dictionary that its proxy
// refuses to write, is stored escaped: test/recovery/listeners-field.test.ts.)
const Odd = { name: "Odd", primaryKey: "_id", properties: { _id: "int", set: "string", remove: "string", values: "string?", type: "string", plain: "string", age: "int?", tags: "string{}" } };
const SCHEMA = trackFields([Odd]);
const LEGACY_SCHEMA = trackFields([Odd], { newestStampProperty: false });

const odd = (realm: RealmLike, id: number): RealmObjectLike => realm.objectForPrimaryKey("Odd", id) as RealmObjectLike;
const stampsOf = (object: RealmObjectLike): Record<string, unknown> => Object.fromEntries(dictionaryEntries(object.fieldTimestamps as object));
const counterOf = (object: RealmObjectLike): number => (object.newestStampMillis as { value: number }).value;

/** Every object's values, stamps and counter, for comparing two recoveries. */
function state(realm: RealmLike): unknown[] {
  return [...realm.objects("Odd")].map((object) => ({
    _id: object._id,
    set: object.set,
    remove: object.remove,
    values: object.values,
    type: object.type,
    plain: object.plain,
    age: object.age,
    tags: Object.fromEntries(dictionaryEntries(object.tags as object)),
    stamps: stampsOf(object),
    counter: counterOf(object),
  }));
}

/** A backup with local edits after the checkpoint and a fresh realm where another device edited too. */
function scenario(store: StoreUnderTest): { backup: StoreRealm; fresh: StoreRealm; since: string; local: Device; server: Device } {
  const local = new Device("device-a");
  const server = new Device("device-b");
  const backup = store.open(SCHEMA);
  local.write(backup, 1_000, (tx) => {
    for (let id = 1; id <= 4; id++) tx.create("Odd", { _id: id, set: `s${id}`, remove: `r${id}`, values: null, type: `l${id}`, plain: `p${id}`, age: id, tags: {} });
  });
  const since = local.last();
  const fresh = store.copy(backup);
  local.write(backup, 2_000, (tx) => {
    tx.assign(odd(backup, 1), { set: "local", remove: "local", type: "local" });
    tx.assign(odd(backup, 2), { values: "local", plain: "local" });
    tx.assign(odd(backup, 3), { tags: { a: "local" } }); // not a scalar: the whole fresh object is read
  });
  server.write(fresh, 1_500, (tx) => tx.assign(odd(fresh, 1), { set: "older server" }));
  server.write(fresh, 3_000, (tx) => {
    tx.assign(odd(fresh, 1), { remove: "newer server" });
    tx.assign(odd(fresh, 2), { age: 20 });
  });
  return { backup, fresh, since, local, server };
}

describeStores("narrow reads in recovery", (store) => {
  it("the plan's narrow read ends in the state and report of a whole read (canWrite forces whole reads)", () => {
    const { backup, fresh, since } = scenario(store);
    const whole = store.copy(fresh);
    const changeset = collectUnsyncedChanges(backup, since);
    const narrow = applyChanges(fresh, changeset, { now: NOW });
    const full = applyChanges(whole, changeset, { now: NOW, canWrite: () => true });
    expect(state(fresh)).toEqual(state(whole));
    expect(narrow).toEqual(full);
    expect(odd(fresh, 1)).toMatchObject({ set: "local", remove: "newer server", type: "local", plain: "p1" });
    expect(odd(fresh, 2)).toMatchObject({ values: "local", plain: "local", age: 20 });
    expect(stampsOf(odd(fresh, 3)).tags).toBeUndefined();
    expect(Object.keys(stampsOf(odd(fresh, 3))).sort()).toEqual(["#created", "tags/a"]);
    expect(narrow.kept.map((entry) => entry.field)).toEqual(["remove"]);
    // A second run applies nothing (law 14), through the narrow path too.
    expect(applyChanges(fresh, collectUnsyncedChanges(backup, since), { now: NOW }).applied).toEqual([]);
  });

  it("asks for the field's keys, #created and #gen for top-level scalars only", () => {
    const { backup, since } = scenario(store);
    const changeset = collectUnsyncedChanges(backup, since);
    const schema = backup.schema.find((model) => model.name === "Odd");
    if (schema === undefined) throw new Error("no Odd model");
    const context = codecContext(backup.schema);
    const excluded = new Set(["_id", "fieldTimestamps", "newestStampMillis"]);
    const readOf = (key: string) => {
      const change = changeset.objects.find((object) => object.key === key);
      if (change === undefined) throw new Error(`no change for ${key}`);
      return freshReadFor(change, schema, context, excluded);
    };
    const first = readOf("i:1");
    expect([...(first?.fields ?? [])].sort()).toEqual(["remove", "set", "type"]);
    expect([...(first?.stampKeys ?? [])].sort()).toEqual(["#created", "#gen", "remove", "set", "type"]);
    expect(readOf("i:3")).toBeUndefined(); // a dictionary entry: the whole object
  });

  it("reads stamp keys that a Dictionary member shadows among the entries", () => {
    const realm = store.open(SCHEMA);
    const hostile = { keys: "k", values: "v", set: "s", remove: "r", listeners: "l", constructor: "c", toJSON: "j", entries: "e", isValid: "i", type: "t", plain: "p" };
    realm.write(() => realm.create("Odd", { _id: 1, set: "", remove: "", type: "", plain: "", tags: hostile }));
    const dictionary = odd(realm, 1).tags;
    const wanted = [...Object.keys(hostile), "missing", "hasOwnProperty", "__proto__"];
    expect(readStampKeys(dictionary, wanted)).toEqual(hostile);
    expect(Object.getPrototypeOf(readStampKeys(dictionary, wanted))).toBe(Object.prototype);
  });

  it("raises a never-maintained counter (0) to the newest stamp of the whole dictionary after a narrow read", () => {
    const local = new Device("device-a");
    const backup = store.open(SCHEMA);
    local.write(backup, 1_000, (tx) => tx.create("Odd", { _id: 1, set: "a", remove: "b", type: "c", plain: "d" }));
    const since = local.last();
    const created = stampsOf(odd(backup, 1))["#created"] as string;
    // On the server, a format-1 device stamped `age` late and left the counter unset (0).
    const late = new HybridClock({ nodeId: "device-b", now: () => BASE_MS + 9_000 }).now();
    const fresh = store.open(SCHEMA);
    fresh.write(() => fresh.create("Odd", { _id: 1, set: "a", remove: "b", type: "c", plain: "d", age: 9, fieldTimestamps: { "#created": created, age: late } }));
    expect(counterOf(odd(fresh, 1))).toBe(0);
    const whole = store.copy(fresh);
    local.write(backup, 2_000, (tx) => tx.assign(odd(backup, 1), { plain: "local" }));
    const changeset = collectUnsyncedChanges(backup, since);
    expect(applyChanges(fresh, changeset, { now: NOW }).applied.map((entry) => entry.field)).toEqual(["plain"]);
    applyChanges(whole, changeset, { now: NOW, canWrite: () => true });
    expect(counterOf(odd(fresh, 1))).toBe(stampMillis(late));
    expect(state(fresh)).toEqual(state(whole));
  });
});

describeStores("extraction's candidates", (store) => {
  it("with a checkpoint, reads the objects stamped after it and those whose counter is 0; without one, every object", () => {
    const local = new Device("device-a");
    const backup = store.open(SCHEMA);
    local.write(backup, 1_000, (tx) => {
      for (let id = 1; id <= 5; id++) tx.create("Odd", { _id: id, set: "", remove: "", type: "", plain: "" });
    });
    // Captured a millisecond after the base writes were uploaded: the base objects' counters are below it.
    const since = new HybridClock({ nodeId: "device-a", now: () => BASE_MS + 1_001 }).now();
    local.write(backup, 2_000, (tx) => tx.assign(odd(backup, 2), { plain: "edited" }));
    // Written without the counter (a format-1 writer), after the checkpoint.
    const legacy = local.clock.now();
    backup.write(() => backup.create("Odd", { _id: 9, set: "", remove: "", type: "", plain: "legacy", fieldTimestamps: { "#created": legacy } }));
    expect(counterOf(odd(backup, 9))).toBe(0);
    const done: number[] = [];
    const changeset = collectUnsyncedChanges(backup, since, { onProgress: (progress) => void (progress.model === "Odd" && done.push(progress.done)) });
    expect(changeset.objects.map((change) => change.key)).toEqual(expect.arrayContaining(["i:2", "i:9"]));
    expect(changeset.objects).toHaveLength(2);
    expect(done.at(-1)).toBe(2); // 2 objects read, not 6
    expect(collectUnsyncedChanges(backup, null).objects).toHaveLength(6);
  });

  it("a model without the counter (format 1 file) is read in full and gives the same changes", () => {
    const legacy = store.open(LEGACY_SCHEMA);
    const current = store.open(SCHEMA);
    const since = new HybridClock({ nodeId: "device-a", now: () => BASE_MS + 1_001 }).now();
    for (const realm of [legacy, current]) {
      const local = new Device("device-a"); // the same stamps in both realms
      local.write(realm, 1_000, (tx) => {
        for (let id = 1; id <= 5; id++) tx.create("Odd", { _id: id, set: "", remove: "", type: "", plain: "" });
      });
      local.write(realm, 2_000, (tx) => tx.assign(odd(realm, 3), { set: "edited" }));
    }
    const read = (realm: RealmLike, tracking: { newestStampProperty?: false }) => {
      const done: number[] = [];
      const changeset = collectUnsyncedChanges(realm, since, { tracking, onProgress: (progress) => void (progress.model === "Odd" && done.push(progress.done)) });
      return { changeset, read: done.at(-1) };
    };
    const fromLegacy = read(legacy, { newestStampProperty: false });
    const fromCurrent = read(current, {});
    expect(fromLegacy.read).toBe(5); // every object
    expect(fromCurrent.read).toBe(1); // the query's one candidate
    expect(fromLegacy.changeset.objects.map((change) => ({ key: change.key, fields: Object.keys(change.fields) }))).toEqual([{ key: "i:3", fields: ["set"] }]);
    expect(fromLegacy.changeset).toEqual(fromCurrent.changeset);
  });

  it("deletes: tombstones after the checkpoint are extracted, older ones are not", () => {
    const local = new Device("device-a");
    const backup = store.open(SCHEMA);
    local.write(backup, 1_000, (tx) => {
      for (let id = 1; id <= 3; id++) tx.create("Odd", { _id: id, set: "", remove: "", type: "", plain: "" });
    });
    local.write(backup, 1_500, (tx) => tx.delete(odd(backup, 1)));
    const since = local.last();
    local.write(backup, 2_000, (tx) => tx.delete(odd(backup, 2)));
    const changeset = collectUnsyncedChanges(backup, since);
    expect(changeset.tombstones.map((tombstone) => tombstone.key)).toEqual(["i:2"]);
    expect(changeset.objects).toEqual([]);
    expect(collectUnsyncedChanges(backup, null).tombstones.map((tombstone) => tombstone.key).sort()).toEqual(["i:1", "i:2"]);
  });
});

describe("narrow reads (plain view)", () => {
  it("plainFreshView ignores the read and returns the whole object", async () => {
    const { plainFreshView } = await import("../../src/recovery/fresh-view.js");
    const view = plainFreshView({ schema: [], objects: { M: { k: { values: { a: 1, b: 2 }, stamps: { a: "s" } } } } });
    expect(view.object("M", "k", { fields: ["a"], stampKeys: ["a"] })).toEqual({ values: { a: 1, b: 2 }, stamps: { a: "s" }, generation: 1 });
  });
});
