// Hostile dictionary keys (issue 13, item 3): keys that name Object.prototype or Dictionary
// members, the empty key, and keys with "/", "#" or "%" survive tracking, extraction, merge and
// apply on the update path (the fresh object exists) and the create path, on both stores.
// Realm itself refuses keys containing "." or starting with "$" (both stores throw at write).
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { dictionaryMerge } from "../../src/policies/index.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { describeStores } from "../contract/stores.js";
import { Device } from "./store-fixtures.js";
import { plainMixed } from "./edges-helpers.js";

const BASE = 1_700_000_000_000;
export const HOSTILE_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "values", "keys", "set", "remove", "length", "", "a/b", "#x", "50%", "%2F"] as const;
const SCHEMA = trackFields([{ name: "Doc", primaryKey: "_id", properties: { _id: "string", tags: "string{}", meta: "mixed{}", extra: "mixed" } }]);

/** A plain record with own data properties for every key (no prototype setter involved). */
const record = (entries: readonly (readonly [string, unknown])[]): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
};
const keyed = (value: (key: string, i: number) => unknown) => record(HOSTILE_KEYS.map((key, i) => [key, value(key, i)]));
const sorted = (value: unknown): string[] => Object.keys(value as object).sort();

const doc = (realm: RealmLike): RealmObjectLike => realm.objectForPrimaryKey("Doc", "d") as RealmObjectLike;

describeStores("hostile dictionary keys", (store) => {
  const run = (freshHasObject: boolean) => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Doc", { _id: "d", tags: record([["plain", "p"]]), meta: {}, extra: null }));
    const since = server.clock.last() as string;
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    device.write(local, 2_000, (tx) =>
      tx.assign(doc(local), {
        tags: keyed((_, i) => `v${i}`),
        meta: keyed((_, i) => (i % 2 === 0 ? keyed((key) => `${key}!`) : [keyed(() => i)])),
        extra: { inner: keyed((key) => [key]) },
      }),
    );
    const backup = store.copy(local, { readOnly: true });
    const fresh = store.copy(serverRealm);
    if (!freshHasObject) fresh.write(() => fresh.delete(fresh.objects("Doc")));
    const report = recoverUnsyncedChanges({ backup, fresh, since: freshHasObject ? since : null, now: () => BASE + 10_000 });
    return { local, fresh, report, backup, since };
  };

  for (const path of ["update", "create"] as const) {
    it(`survive the ${path} path`, () => {
      const { local, fresh, report } = run(path === "update");
      expect(report.skipped).toEqual([]);
      expect(report.errors).toEqual([]);
      const tags = plainMixed(doc(fresh).tags) as Record<string, unknown>;
      // The assign replaced the whole dictionary: "plain" is a stamped removal, recovered too.
      expect(sorted(tags)).toEqual([...HOSTILE_KEYS].sort());
      HOSTILE_KEYS.forEach((key, i) => expect(Object.getOwnPropertyDescriptor(tags, key)?.value).toBe(`v${i}`));
      expect(plainMixed(doc(fresh).meta)).toEqual(plainMixed(doc(local).meta));
      expect(plainMixed(doc(fresh).extra)).toEqual(plainMixed(doc(local).extra));
      expect(sorted((plainMixed(doc(fresh).extra) as { inner: object }).inner)).toEqual([...HOSTILE_KEYS].sort());
      if (path === "update") {
        // What the report says was applied is what the fresh realm holds.
        const applied = report.applied.filter((entry) => entry.field.startsWith("tags."));
        expect(applied.map((entry) => entry.field.slice("tags.".length)).sort()).toEqual([...HOSTILE_KEYS, "plain"].sort());
        expect(report.kept).toEqual([]);
      }
    });
  }

  it("survive a whole-dictionary conflict resolved by dictionaryMerge, and a second run applies nothing", () => {
    const { backup, fresh, report, since } = run(true);
    expect(report.counts.applied).toBeGreaterThan(0);
    const again = recoverUnsyncedChanges({ backup, fresh, since, now: () => BASE + 10_000, policies: { models: { Doc: { fields: { tags: dictionaryMerge } } } } });
    expect(again.counts.applied).toBe(0);
    expect(again.skipped).toEqual([]);
  });

  it("are edited in place through tx.update (except __proto__, which immer refuses to draft)", () => {
    const device = new Device("device");
    const realm = store.open(SCHEMA);
    device.write(realm, 1_000, (tx) => tx.create("Doc", { _id: "d", tags: keyed(() => "a"), meta: {}, extra: keyed(() => 1) }));
    device.write(realm, 2_000, (tx) =>
      tx.update(doc(realm), (d: Record<string, any>) => {
        for (const key of HOSTILE_KEYS) if (key !== "__proto__") d.tags[key] = "b";
        d.extra.constructor = { set: [1] };
      }),
    );
    const tags = plainMixed(doc(realm).tags) as Record<string, unknown>;
    expect(Object.getOwnPropertyDescriptor(tags, "__proto__")?.value).toBe("a");
    expect(Object.getOwnPropertyDescriptor(tags, "constructor")?.value).toBe("b");
    expect(Object.getOwnPropertyDescriptor(plainMixed(doc(realm).extra), "constructor")?.value).toEqual({ set: [1] });
    const stamps = new Map((doc(realm).fieldTimestamps as { entries(): Iterable<[string, string]> }).entries());
    expect(stamps.has("tags/constructor")).toBe(true);
    expect(stamps.has("tags/__proto__")).toBe(false);
    expect(stamps.has("extra")).toBe(true);
  });

  it("with '.' or a leading '$' are refused by the store itself", () => {
    const device = new Device("device");
    const realm = store.open(SCHEMA);
    expect(() => device.write(realm, 1_000, (tx) => tx.create("Doc", { _id: "d", tags: { "a.b": "x" } }))).toThrow(/must not contain '\.'/);
    expect(() => device.write(realm, 1_000, (tx) => tx.create("Doc", { _id: "e", tags: { $x: "x" } }))).toThrow(/must not start with '\$'/);
  });

  // Found by the edge simulation (test/simulation/edges.test.ts):
  it("compare by value when a nested record has a 'toString', 'valueOf' or 'constructor' key (no TypeError, no stamp for an equal rewrite)", () => {
    const device = new Device("device");
    const realm = store.open(SCHEMA);
    const value = () => record([["toString", {}], ["valueOf", { a: [1] }], ["constructor", { b: 2 }]]);
    device.write(realm, 1_000, (tx) => tx.create("Doc", { _id: "d", tags: {}, meta: {}, extra: value() }));
    device.write(realm, 2_000, (tx) => tx.update(doc(realm), (d: Record<string, any>) => void (d.extra.toString = {})));
    device.write(realm, 2_100, (tx) => tx.assign(doc(realm), { extra: value() }));
    expect(new Map((doc(realm).fieldTimestamps as { entries(): Iterable<[string, string]> }).entries()).has("extra")).toBe(false);
    device.write(realm, 2_200, (tx) => tx.assign(doc(realm), { extra: record([["toString", { changed: true }]]) }));
    expect(new Map((doc(realm).fieldTimestamps as { entries(): Iterable<[string, string]> }).entries()).has("extra")).toBe(true);
  });

  it("decode a nested record whose only key is '__proto__' as a record, not as a tagged value", () => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Doc", { _id: "d", tags: {}, meta: {}, extra: null }));
    const since = server.clock.last() as string;
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    device.write(local, 2_000, (tx) => tx.assign(doc(local), { meta: record([["__proto__", record([["__proto__", null]])]]), extra: record([["__proto__", 1]]) }));
    const fresh = store.copy(serverRealm);
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: () => BASE + 10_000 });
    expect(report.skipped).toEqual([]);
    expect(plainMixed(doc(fresh).meta)).toEqual(plainMixed(doc(local).meta));
    expect(Object.getOwnPropertyDescriptor(plainMixed(doc(fresh).extra), "__proto__")?.value).toBe(1);
  });
});
