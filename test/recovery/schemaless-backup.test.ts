// A backup opened as the README and the adapters open it, `new Realm({ path, readOnly: true })`,
// has no schema of its own: the file stores no `presentation`, so the newest-stamp counter
// (storage format 2) reads as a plain int. Extraction and the clock's catch-up must still query
// the counter, reading only the objects stamped after the checkpoint, not every object (which
// made a recovery's time and memory grow with the backup's size).
import { expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import type { Stamp } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import type { Changeset } from "../../src/recovery/changeset.js";
import type { RecoveryProgress } from "../../src/recovery/collect-unsynced-changes.js";
import { receiveNewestStamp } from "../../src/recovery/receive-newest-stamp.js";
import { resolveTracking } from "../../src/schema/tracking-config.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import { countingReads as counting } from "../support/counting-reads.js";

const DOG = { name: "Dog", primaryKey: "_id", properties: { _id: "int", name: "string", age: "int" } };
const TOTAL = 200;
const EDITED = [3, 77, 150];
const T0 = Date.UTC(2026, 0, 1);

describeStores("a backup opened without its schema", (store) => {
  const build = (): { backup: RealmLike; since: Stamp; newest: Stamp; expected: Changeset } => {
    const realm = store.open(trackFields([DOG]));
    let wall = T0;
    const clock = new HybridClock({ nodeId: "device-a", now: () => wall });
    trackedWrite(realm, (tx) => {
      for (let id = 0; id < TOTAL; id++) tx.create("Dog", { _id: id, name: `dog ${id}`, age: 1 });
    }, { clock });
    wall = T0 + 1; // the checkpoint, a millisecond after the base upload: the query skips the base
    const since = clock.now();
    wall = T0 + 5_000;
    trackedWrite(realm, (tx) => {
      for (const id of EDITED) tx.assign(realm.objectForPrimaryKey("Dog", id) as RealmObjectLike, { age: 2 });
    }, { clock });
    const newest = clock.last() as Stamp;
    const expected = collectUnsyncedChanges(realm, since); // opened with its schema
    return { backup: store.reopen(realm, { readOnly: true, schemaless: true }), since, newest, expected };
  };

  it("is still storage format 2: the counter, a plain int, is its query column", () => {
    const { backup } = build();
    expect(backup.schema.find((model) => model.name === "Dog")?.properties.newestStampMillis?.presentation).toBeUndefined();
    const dog = resolveTracking(backup).models.get("Dog");
    expect(dog?.newestStampColumn).toBe("newestStampMillis");
    expect(dog?.newestStampProperty).toBeUndefined(); // never raised through it: a plain int has no increment
  });

  it("extraction reads the edited objects only, and finds what a schema-ful open finds", () => {
    const { backup, since, expected } = build();
    const progress: RecoveryProgress[] = [];
    const seen = counting(backup);
    const changeset = collectUnsyncedChanges(seen.realm, since, { onProgress: (p) => progress.push(p) });
    expect(changeset.objects.map((object) => object.key).sort()).toEqual(["i:150", "i:3", "i:77"]);
    expect(seen.read()).toBe(EDITED.length); // not TOTAL
    expect(progress.find((p) => p.model === "Dog")).toMatchObject({ done: EDITED.length, total: EDITED.length, changed: EDITED.length });
    expect(changeset).toEqual(expected);
  });

  it("the clock's catch-up reads a few objects at the top of the counter, and receives the newest stamp", () => {
    const { backup, newest } = build();
    const seen = counting(backup);
    const clock = new HybridClock({ nodeId: "device-a", now: () => T0 });
    expect(receiveNewestStamp(clock, seen.realm, { now: () => T0 + 10_000 })).toBe(newest);
    expect(seen.read()).toBeLessThanOrEqual(EDITED.length + 1); // not TOTAL
  });
});
