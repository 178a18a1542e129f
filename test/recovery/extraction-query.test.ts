// Extraction with a checkpoint queries the newest-stamp counter (storage format 2) instead of
// reading every object; it must find exactly what a full read finds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RealmLike, RealmObjectLike, ResultsLike } from "../../src/realm-like.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import type { RecoveryProgress } from "../../src/recovery/collect-unsynced-changes.js";
import { Device, openRealm } from "./store-fixtures.js";

const dog = (realm: RealmLike, id: string): RealmObjectLike => realm.objectForPrimaryKey("Dog", id) as RealmObjectLike;

/** The same realm, but `filtered` answers every object: extraction then reads them all (format 1 behaviour). */
function readingEverything(realm: RealmLike): RealmLike {
  return new Proxy(realm, {
    get(target, property) {
      if (property === "objects") {
        return (type: string): ResultsLike => {
          const all = target.objects(type);
          return new Proxy(all, { get: (results, key) => (key === "filtered" ? () => all : Reflect.get(results, key)) });
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe("extraction with a checkpoint", () => {
  it("reads only the objects whose counter reaches the checkpoint, and those never maintained (0)", () => {
    const device = new Device("device-a");
    const realm = openRealm();
    device.write(realm, 1_000, (tx) => {
      for (let i = 0; i < 50; i++) tx.create("Dog", { _id: `d${i}`, name: `Dog ${i}` });
    });
    device.write(realm, 2_000, (tx) => tx.create("Person", { _id: 1, name: "Ann" }));
    const since = device.last();
    device.write(realm, 5_000, (tx) => {
      for (const id of ["d3", "d17", "d40"]) tx.assign(dog(realm, id), { age: 7 });
    });
    // Written by a device on format 1: stamped after the checkpoint, counter left at 0.
    const legacyStamp = device.clock.now();
    realm.write(() => realm.create("Dog", { _id: "old", name: "Old", fieldTimestamps: { "#created": legacyStamp } }));
    expect(dog(realm, "old").newestStampMillis).toMatchObject({ value: 0 });

    const progress: RecoveryProgress[] = [];
    const changeset = collectUnsyncedChanges(realm, since, { onProgress: (p) => progress.push(p) });
    expect(changeset.objects.map((o) => o.key).sort()).toEqual(["s:d17", "s:d3", "s:d40", "s:old"]);
    expect(progress.find((p) => p.model === "Dog")).toMatchObject({ done: 4, changed: 4 }); // 4 read, not 51
    expect(changeset).toEqual(collectUnsyncedChanges(readingEverything(realm), since));
  });

  it("finds exactly what a full read finds, for any history and checkpoint (property)", () => {
    const edit = fc.record({ id: fc.integer({ min: 0, max: 7 }), at: fc.integer({ min: 1, max: 40 }), kind: fc.constantFrom("create", "assign", "delete", "tag") });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 30 }), fc.integer({ min: 0, max: 45 }), (edits, cut) => {
        const device = new Device("device-a");
        const realm = openRealm();
        const sorted = [...edits].sort((x, y) => x.at - y.at);
        let since: string | undefined;
        for (const { id, at, kind } of sorted) {
          if (since === undefined && at > cut && device.clock.last() !== undefined) since = device.last();
          device.write(realm, at * 1_000, (tx) => {
            const found = realm.objectForPrimaryKey("Dog", `d${id}`);
            if (kind === "create" || found === null) tx.create("Dog", { _id: `d${id}`, name: `n${at}` }, "modified");
            else if (kind === "assign") tx.assign(found, { age: at });
            else if (kind === "tag") tx.update(found, (d: { tags: Set<string> }) => void d.tags.add(`t${at}`));
            else tx.delete(found);
          });
        }
        const checkpoint = since ?? device.clock.last() ?? null;
        expect(collectUnsyncedChanges(realm, checkpoint)).toEqual(collectUnsyncedChanges(readingEverything(realm), checkpoint));
      }),
      { numRuns: 150 },
    );
  });
});
