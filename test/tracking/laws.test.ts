// Laws 1, 3 and 4 as properties over random partial updates, on both stores.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { HybridClock, stampMillis } from "../../src/clock/index.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { encodeFieldKey } from "../../src/schema/field-keys.js";

import { trackedWrite } from "../../src/tracking/index.js";
import { schema, stampsOf, testClock, tracking } from "./fixtures.js";
import { effectiveStamp } from "../../src/recovery/stamped-paths.js";

describeStores("tracking laws", (store) => {
  // Each run opens a realm: real Realm runs fewer (a file each), the memory store the full count.
  const runs = (n: number): number => (store.isReal ? Math.ceil(n / 8) : n);

  const word = fc.constantFrom("a", "b", "c", "d");
  const partial = fc.record(
    {
      name: fc.constantFrom("Rex", "Max"),
      age: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      tags: fc.array(word, { maxLength: 4 }),
      toys: fc.uniqueArray(word, { maxLength: 3 }),
      notes: fc.dictionary(word, word, { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  );

  /** The keys a partial update must stamp: differing fields, and differing dictionary entries. */
  function expectedKeys(before: Record<string, unknown>, update: Record<string, unknown>): string[] {
    const keys: string[] = [];
    for (const [field, value] of Object.entries(update)) {
      const old = before[field];
      if (field === "notes") {
        const a = old as Record<string, string>;
        const b = value as Record<string, string>;
        for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[k] !== b[k]) keys.push(encodeFieldKey([field, k]));
      } else if (field === "toys") {
        const a = [...(old as string[])].sort().join();
        const b = [...(value as string[])].sort().join();
        if (a !== b) keys.push(field);
      } else if (JSON.stringify(old) !== JSON.stringify(value)) {
        keys.push(field);
      }
    }
    return keys.sort();
  }

  function plain(dog: RealmObjectLike): Record<string, unknown> {
    return {
      name: dog.name,
      age: dog.age,
      tags: Array.from(dog.tags as Iterable<string>),
      toys: Array.from(dog.toys as Iterable<string>),
      notes: { ...Object.fromEntries(Object.entries(stampsFree(dog.notes))) },
    };
  }

  function stampsFree(dictionary: unknown): Record<string, unknown> {
    const d = dictionary as { keys(): Iterable<string> } & Record<string, unknown>;
    return Object.fromEntries(Array.from(d.keys(), (k) => [k, d[k]]));
  }

  describe("tracked writes (laws)", () => {
    it("stamp exactly the keys whose value changed, and nothing for equal rewrites (law 3)", () => {
      fc.assert(
        fc.property(partial, partial, (initial, update) => {
          const realm = store.open(schema);
          const clock = testClock();
          trackedWrite(realm, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", ...initial }), { clock, tracking });
          const dog = realm.objectForPrimaryKey("Dog", "rex") as RealmObjectLike;
          const beforeValues = plain(dog);
          const beforeStamps = stampsOf(dog);
          const stamp = trackedWrite(realm, (tx) => {
            tx.assign(dog, update);
            return tx.stamp;
          }, { clock, tracking });
          const afterStamps = stampsOf(dog);
          const changed = Object.keys(afterStamps).filter((k) => afterStamps[k] !== beforeStamps[k]).sort();
          const expected = expectedKeys(beforeValues, update);
          expect(changed).toEqual(expected);
          expect(stamp === undefined).toBe(expected.length === 0);
          for (const key of changed) expect(afterStamps[key]).toBe(stamp);
          const afterValues = plain(dog);
          for (const [field, value] of Object.entries(update)) {
            if (field === "toys") expect([...(afterValues.toys as string[])].sort()).toEqual([...(value as string[])].sort());
            else expect(afterValues[field]).toEqual(value);
          }
          realm.close();
        }),
        { numRuns: runs(200) },
      );
    });

    it("recipes stamp what assign would (same changes, same keys)", () => {
      fc.assert(
        fc.property(partial, partial, (initial, update) => {
          const run = (apply: (dog: RealmObjectLike) => (tx: Parameters<Parameters<typeof trackedWrite>[1]>[0]) => void): string[] => {
            const realm = store.open(schema);
            const clock = testClock();
            trackedWrite(realm, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", ...initial }), { clock, tracking });
            const dog = realm.objectForPrimaryKey("Dog", "rex") as RealmObjectLike;
            const before = stampsOf(dog);
            trackedWrite(realm, apply(dog), { clock, tracking });
            const after = stampsOf(dog);
            realm.close();
            return Object.keys(after).filter((k) => after[k] !== before[k]).sort();
          };
          const viaAssign = run((dog) => (tx) => tx.assign(dog, update));
          const viaRecipe = run((dog) => (tx) =>
            tx.update<Record<string, unknown>>(dog, (draft) => {
              for (const [field, value] of Object.entries(update)) draft[field] = field === "toys" ? new Set(value as string[]) : value;
            }),
          );
          expect(viaRecipe).toEqual(viaAssign);
        }),
        { numRuns: runs(100) },
      );
    });

    it("issue strictly increasing stamps across transactions (law 1)", () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 2, maxLength: 20 }), (ages) => {
          const realm = store.open(schema);
          let wall = 1_763_000_000_000;
          const clock = new HybridClock({ nodeId: "device-a", now: () => wall });
          const stamps: string[] = [];
          trackedWrite(realm, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: -1 }), { clock, tracking });
          const dog = realm.objectForPrimaryKey("Dog", "rex") as RealmObjectLike;
          for (const age of ages) {
            wall -= 7; // a wall clock going backwards must not matter
            const stamp = trackedWrite(realm, (tx) => {
              tx.assign(dog, { age: age === dog.age ? age + 1 : age });
              return tx.stamp;
            }, { clock, tracking });
            stamps.push(stamp as string);
          }
          for (let i = 1; i < stamps.length; i++) expect((stamps[i] as string) > (stamps[i - 1] as string)).toBe(true);
          realm.close();
        }),
      );
    });
  });

  describe("law 2: a write follows what it overwrites", () => {
    const Note = { name: "Note", primaryKey: "_id", properties: { _id: "int", text: "string", tags: "string{}" } };

    it("stamps above another device's stamp even when our wall clock is behind", () => {
      const realm = store.open(trackFields([Note]));
      const ahead = new HybridClock({ nodeId: "ahead", now: () => 1_060_000 });
      const behind = new HybridClock({ nodeId: "behind", now: () => 1_000_000 });
      trackedWrite(realm, (tx) => tx.create("Note", { _id: 1, text: "from ahead", tags: { a: "x" } }), { clock: ahead });
      const note = realm.objectForPrimaryKey("Note", 1)!;
      const theirs = effectiveStamp(note.fieldTimestamps as Record<string, string>, ["text"])!;

      trackedWrite(realm, (tx) => tx.assign(note, { text: "from behind" }), { clock: behind });

      const ours = (note.fieldTimestamps as Record<string, string>).text!;
      expect(ours > theirs).toBe(true);
      expect(behind.last()! > theirs).toBe(true);
    });

    it("writes a tombstone newer than every stamp of the deleted object", () => {
      const realm = store.open(trackFields([Note]));
      const ahead = new HybridClock({ nodeId: "ahead", now: () => 1_060_000 });
      const behind = new HybridClock({ nodeId: "behind", now: () => 1_000_000 });
      trackedWrite(realm, (tx) => tx.create("Note", { _id: 1, text: "t", tags: {} }), { clock: ahead });
      const newest = Object.values(realm.objectForPrimaryKey("Note", 1)!.fieldTimestamps as Record<string, string>).sort().at(-1)!;

      trackedWrite(realm, (tx) => tx.delete(realm.objectForPrimaryKey("Note", 1)!), { clock: behind });

      const tombstone = realm.objects("FieldRecoveryTombstone")[0]!;
      expect((tombstone.stamp as string) > newest).toBe(true);
    });

    it("does not let a stamp beyond the drift bound move the clock", () => {
      const realm = store.open(trackFields([Note]));
      const rogue = new HybridClock({ nodeId: "rogue", now: () => 9_000_000_000 });
      const honest = new HybridClock({ nodeId: "honest", now: () => 1_000_000 });
      trackedWrite(realm, (tx) => tx.create("Note", { _id: 1, text: "t", tags: {} }), { clock: rogue });

      trackedWrite(realm, (tx) => tx.assign(realm.objectForPrimaryKey("Note", 1)!, { text: "u" }), { clock: honest });

      expect(stampMillis(honest.last()!)).toBe(1_000_000);
    });
  });
});
