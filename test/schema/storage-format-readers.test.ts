// Readers of the older storage formats (docs/storage-format.md, "Format versions"): format 3 drops
// the newest-stamp counter's search index. A format-2 file (counter indexed) opened by this
// version's schema, locally or as a read-only backup; a format-3 file opened by a format-2 schema
// (an older app version); a format-1 file (no counter) still read in full.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type RealmType from "realm";
import { describe, expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import type { Stamp } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { NEWEST_STAMP_PROPERTY_SCHEMA, readNewestStamp } from "../../src/schema/newest-stamp.js";
import type { ObjectSchemaInput, SchemaEntryInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import type { StoreRealm, StoreUnderTest } from "../contract/stores.js";
import { countingReads } from "../support/counting-reads.js";
import { realRealmOrFail } from "../support/real-realm.js";
import { useTempDirs } from "../support/temp-dirs.js";

const DOG: ObjectSchemaInput = { name: "Dog", primaryKey: "_id", properties: { _id: "int", name: "string", age: "int" } };
/** Format 2's counter: format 3's with a search index. */
const FORMAT_2_COUNTER = { ...NEWEST_STAMP_PROPERTY_SCHEMA, indexed: true } as const;
const FORMAT_3 = trackFields([DOG]);
const FORMAT_2 = trackFields([{ ...DOG, properties: { ...DOG.properties, newestStampMillis: FORMAT_2_COUNTER } }]);
const FORMAT_1 = trackFields([DOG], { newestStampProperty: false });
const TOTAL = 200;
const EDITED = [3, 77, 150];
const T0 = Date.UTC(2026, 0, 1);
const NOW = (): number => T0 + 10_000;

/** Whether the realm's schema reports the counter with a search index. */
const counterIndexed = (realm: RealmLike): unknown => realm.schema.find((model) => model.name === "Dog")?.properties.newestStampMillis?.indexed;
const dog = (realm: RealmLike, id: number): RealmObjectLike => realm.objectForPrimaryKey("Dog", id) as RealmObjectLike;

/** The base every device synced (one millisecond, as a bulk import stamps it), written with a clock of device A. */
function writeBase(realm: RealmLike): { clock: HybridClock; tick: (wall: number) => void } {
  let wall = T0;
  const clock = new HybridClock({ nodeId: "device-a", now: () => wall });
  trackedWrite(realm, (tx) => {
    for (let id = 0; id < TOTAL; id++) tx.create("Dog", { _id: id, name: `dog ${id}`, age: 1 });
  }, { clock });
  return { clock, tick: (next) => (wall = next) };
}

/** A realm of `schema`: the base, a checkpoint a millisecond later, then device A's unsynced edits (age 2). */
function device(store: StoreUnderTest, schema: readonly SchemaEntryInput[]): { realm: StoreRealm; since: Stamp } {
  const realm = store.open(schema);
  const { clock, tick } = writeBase(realm);
  tick(T0 + 1);
  const since = clock.now();
  tick(T0 + 5_000);
  trackedWrite(realm, (tx) => {
    for (const id of EDITED) tx.assign(dog(realm, id), { age: 2 });
  }, { clock });
  return { realm, since };
}

/** What the server holds at the reset: the base, in a realm of `schema`. */
function freshRealm(store: StoreUnderTest, schema: readonly SchemaEntryInput[]): StoreRealm {
  const realm = store.open(schema);
  writeBase(realm);
  return realm;
}

/** Extraction from `realm`: its changeset's keys and how many objects it read. */
function extract(realm: RealmLike, since: Stamp): { keys: string[]; read: number } {
  const seen = countingReads(realm);
  const changeset = collectUnsyncedChanges(seen.realm, since);
  return { keys: changeset.objects.map((object) => object.key).sort(), read: seen.read() };
}

const EDITED_KEYS = EDITED.map((id) => `i:${id}`).sort();

describeStores("storage format readers", (store) => {
  it("a format-2 realm opens with this version's schema at the same schemaVersion, and its counter is still queried and raised", () => {
    const { realm, since } = device(store, FORMAT_2);
    expect(counterIndexed(realm)).toBe(true);
    const expected = collectUnsyncedChanges(realm, since);
    const local = store.copy(realm, { schema: FORMAT_3 }); // the same file contents, read-write
    expect(counterIndexed(local)).toBe(false);
    expect(collectUnsyncedChanges(local, since)).toEqual(expected);
    expect(extract(local, since)).toEqual({ keys: EDITED_KEYS, read: EDITED.length });
    const clock = new HybridClock({ nodeId: "device-a", now: () => T0 + 6_000 });
    trackedWrite(local, (tx) => tx.assign(dog(local, 9), { age: 3 }), { clock });
    expect(readNewestStamp(dog(local, 9), "newestStampMillis")).toBe(T0 + 6_000);
    expect(extract(local, since)).toEqual({ keys: [...EDITED_KEYS, "i:9"].sort(), read: EDITED.length + 1 });
    if (store.isReal) {
      // Real Realm drops the index from the file on a read-write open with the new schema.
      expect(counterIndexed(store.reopen(local, { readOnly: true, schemaless: true }))).toBe(false);
    }
  });

  for (const open of ["without a schema", "with this version's schema"] as const) {
    it(`a format-2 backup opened read-only ${open} is recovered into a format-3 realm and never written`, () => {
      const { realm, since } = device(store, FORMAT_2);
      const backup = open === "without a schema" ? store.reopen(realm, { readOnly: true, schemaless: true }) : store.copy(realm, { readOnly: true, schema: FORMAT_3 });
      expect(backup.isReadOnly).toBe(true);
      const bytes = store.isReal ? readFileSync(backup.path) : undefined;
      const fresh = freshRealm(store, FORMAT_3);
      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, clock: new HybridClock({ nodeId: "device-a", now: NOW }) });
      expect(report.applied.map((applied) => [applied.key, applied.field, applied.value]).sort()).toEqual(EDITED_KEYS.map((key) => [key, "age", 2]));
      for (const id of EDITED) {
        expect(dog(fresh, id).age).toBe(2);
        expect(readNewestStamp(dog(fresh, id), "newestStampMillis")).toBe(T0 + 5_000);
      }
      expect(extract(backup, since)).toEqual({ keys: EDITED_KEYS, read: EDITED.length });
      if (bytes) expect(readFileSync(backup.path).equals(bytes)).toBe(true);
      // The file keeps its index: a read-only open never changes the file's schema.
      if (store.isReal && open === "with this version's schema") expect(counterIndexed(store.reopen(backup, { readOnly: true, schemaless: true }))).toBe(true);
    });
  }

  it("a format-3 realm opens with a format-2 schema (an older app version): the index comes back, reads and writes unchanged", () => {
    const { realm, since } = device(store, FORMAT_3);
    expect(counterIndexed(realm)).toBe(false);
    const older = store.copy(realm, { schema: FORMAT_2 });
    expect(counterIndexed(older)).toBe(true);
    expect(extract(older, since)).toEqual({ keys: EDITED_KEYS, read: EDITED.length });
    const clock = new HybridClock({ nodeId: "device-a", now: () => T0 + 6_000 });
    trackedWrite(older, (tx) => tx.assign(dog(older, 9), { age: 3 }), { clock });
    expect(readNewestStamp(dog(older, 9), "newestStampMillis")).toBe(T0 + 6_000);
    if (store.isReal) expect(counterIndexed(store.reopen(older, { readOnly: true, schemaless: true }))).toBe(true);
  });

  it("a format-3 backup opened read-only by a format-2 schema is recovered into a format-2 realm", () => {
    const { realm, since } = device(store, FORMAT_3);
    const backup = store.copy(realm, { readOnly: true, schema: FORMAT_2 });
    const bytes = store.isReal ? readFileSync(backup.path) : undefined;
    const fresh = freshRealm(store, FORMAT_2);
    const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, clock: new HybridClock({ nodeId: "device-a", now: NOW }) });
    expect(report.applied).toHaveLength(EDITED.length);
    expect(EDITED.map((id) => dog(fresh, id).age)).toEqual([2, 2, 2]);
    if (bytes) expect(readFileSync(backup.path).equals(bytes)).toBe(true);
  });

  it("a format-1 backup (no counter) is read in full and recovered into a format-3 realm", () => {
    const { realm, since } = device(store, FORMAT_1);
    const backup = store.reopen(realm, { readOnly: true, schemaless: true });
    expect(extract(backup, since)).toEqual({ keys: EDITED_KEYS, read: TOTAL });
    const fresh = freshRealm(store, FORMAT_3);
    const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, clock: new HybridClock({ nodeId: "device-a", now: NOW }) });
    expect(report.applied).toHaveLength(EDITED.length);
    for (const id of EDITED) expect(readNewestStamp(dog(fresh, id), "newestStampMillis")).toBe(T0 + 5_000);
  });
});

// Opening a format-1 file with a schema that adds the counter is a schema change of its own
// (format 1 → 2 or 3, unchanged by format 3): Realm needs a schemaVersion bump on a local realm and
// refuses it on a read-only one, so a format-1 backup is opened without a schema (the default opener).
const { Realm } = realRealmOrFail();
describe.skipIf(!Realm)("a format-1 file opened with this version's schema [real Realm]", () => {
  const tempDir = useTempDirs("rfr-format1-");
  type RealmSchema = NonNullable<RealmType.Configuration["schema"]>;
  const format1File = (): { path: string; since: Stamp } => {
    const path = join(tempDir(), "format1.realm");
    const realm = new (Realm as typeof RealmType)({ path, schema: FORMAT_1 as unknown as RealmSchema });
    const { clock, tick } = writeBase(realm as unknown as RealmLike);
    realm.close();
    tick(T0 + 1);
    return { path, since: clock.now() };
  };

  it("is refused at the same schemaVersion and read-only, and opens with the version bumped, its counters at 0", () => {
    const R = Realm as typeof RealmType;
    const { path, since } = format1File();
    const schema = FORMAT_3 as unknown as RealmSchema;
    expect(() => new R({ path, readOnly: true, schema })).toThrow(/read-only schema mode/);
    expect(() => new R({ path, schema })).toThrow(/Migration is required/);
    const realm = new R({ path, schema, schemaVersion: 1 });
    try {
      const upgraded = realm as unknown as RealmLike;
      expect(counterIndexed(upgraded)).toBe(false);
      expect(readNewestStamp(dog(upgraded, 0), "newestStampMillis")).toBe(0);
      // Counters at 0 are read by every extraction (the `== 0` arm) until their next tracked write.
      expect(extract(upgraded, since)).toEqual({ keys: [], read: TOTAL });
    } finally {
      realm.close();
    }
  });
});
