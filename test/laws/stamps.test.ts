// Laws 2-4 (INVARIANTS.md, "Stamps") as properties on both stores; law 1 and law 3 over scalars
// and collections are test/clock/hybrid-clock.test.ts and test/tracking/laws.test.ts (docs/laws.md).
import fc from "fast-check";
import { expect, it } from "vitest";
import { HybridClock, trackFields, trackedWrite } from "../../src/index.js";
import type { RealmLike, RealmObjectLike, Stamp } from "../../src/index.js";
import type { SchemaEntryInput } from "../../src/schema/normalize.js";
import { describeStores } from "../contract/stores.js";
import { SIM_SEED } from "../simulation/settings.js";
import { thrown } from "../support/thrown.js";
import { MODEL, WALL0, applyOp, buildScenario, dumpOf, edits, effectiveStamp, keyOf, lawRuns, newestStamp, scenarioInput, stampsOf, tombstonesOf } from "./scenario.js";
import type { Op } from "./scenario.js";

/** Everything law 3 compares deeply: an embedded object, a list, a set, a dictionary, a scalar `mixed`. */
const ITEM = trackFields([
  { name: "Item", primaryKey: "_id", properties: { _id: "int", address: "Address?", lines: "string[]", scores: "int<>", notes: "string{}", extra: "mixed" } },
  { name: "Address", embedded: true, properties: { city: "string?", zip: "int?" } },
]) as SchemaEntryInput[];

const word = fc.constantFrom("a", "b", "c");
const itemValues = fc.record({
  address: fc.option(fc.record({ city: fc.option(word, { nil: null }), zip: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }) }), { nil: null }),
  lines: fc.array(word, { maxLength: 3 }),
  scores: fc.uniqueArray(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
  notes: fc.dictionary(word, word, { maxKeys: 3 }),
  // Scalars only: a collection in `mixed` followed by a create crashes Realm 20.2.0 (docs/testing.md).
  extra: fc.oneof(fc.constant(null), word, fc.integer({ min: 0, max: 3 }), fc.boolean()),
});

describeStores("laws 2-4: stamps", (store) => {
  const runs = (n: number) => ({ seed: SIM_SEED, numRuns: lawRuns(store, n) });

  /**
   * The stamps a write sees: the effective stamps of the fields it overwrites, every stamp of
   * the note it deletes, the tombstone of the note it re-creates.
   */
  const overwritten = (realm: RealmLike, note: RealmObjectLike | null, op: Op): Stamp => {
    // A create reads the tombstone of the key it re-creates.
    if (note === null) return op.kind === "create" ? (tombstonesOf(realm).get(keyOf(op.id))?.stamp ?? "") : "";
    const stamps = stampsOf(note);
    if (op.kind === "delete") return newestStamp(stamps);
    if (op.kind === "create") return "";
    return effectiveStamp(stamps, op.kind === "tag" ? `tags/${op.tag}` : op.kind) ?? "";
  };

  it("law 2: after a reset, a device whose clock is behind stamps above every stamp its writes overwrite in the fresh realm, and above all it saw before", () => {
    fc.assert(
      fc.property(scenarioInput(["b"], 6), fc.integer({ min: 0, max: 120_000 }), edits(["a"], 8), (input, ahead, local) => {
        // "b" wrote the fresh realm with a clock up to two minutes ahead (within the drift bound).
        const { fresh } = buildScenario(store, { ...input, skew: { b: ahead, c: 0 } });
        const clock = new HybridClock({ nodeId: "a", now: () => WALL0 + 5 });
        let seen: Stamp = "";
        for (const edit of local) {
          const note = fresh.objectForPrimaryKey(MODEL, edit.op.id) as RealmObjectLike | null;
          const held = overwritten(fresh, note, edit.op);
          const last = clock.last();
          applyOp(fresh, clock, edit.op, "a");
          const issued = clock.last();
          if (issued === last) continue; // nothing changed, nothing stamped
          expect(issued! > held, `${edit.op.kind} of note ${edit.op.id}: ${issued} above what it overwrote (${held})`).toBe(true);
          expect(issued! > seen, `${issued} above every stamp seen before (${seen})`).toBe(true);
          seen = [seen, held, issued!].reduce((a, b) => (b > a ? b : a));
        }
      }),
      runs(40),
    );
  });

  // Found by this property (shrunk: [ahead 4, id 1]): "b", its clock 4 ms ahead, deleted note 1,
  // so the fresh realm held a tombstone stamped (WALL0+5, node b); "a" (wall WALL0+5) re-created
  // note 1 and its #created was (WALL0+5, counter 0, node a), below the tombstone it had read.
  // A create now receives the tombstone's stamp before it stamps.
  it("law 2: re-creating a deleted note stamps above the tombstone it replaces", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 120_000 }), fc.constantFrom(1, 2, 3), (ahead, id) => {
        const { fresh } = buildScenario(store, { edits: [{ side: "b", dt: 1, op: { kind: "delete", id } }], since: { kind: "checkpoint" }, skew: { b: ahead, c: 0 } });
        const tombstone = tombstonesOf(fresh).get(keyOf(id))!;
        const clock = new HybridClock({ nodeId: "a", now: () => WALL0 + 5 });
        applyOp(fresh, clock, { kind: "create", id }, "a");
        const created = stampsOf(fresh.objectForPrimaryKey(MODEL, id) as RealmObjectLike)["#created"]!;
        expect(created > tombstone.stamp, `#created ${created} above the tombstone ${tombstone.stamp}`).toBe(true);
      }),
      runs(40),
    );
  });

  it("law 3: rewriting an embedded object, list, set, dictionary or mixed with an equal value stamps nothing and changes nothing", () => {
    fc.assert(
      fc.property(itemValues, fc.boolean(), (values, viaRecipe) => {
        const realm = store.open(ITEM);
        const clock = new HybridClock({ nodeId: "a", now: () => WALL0 });
        trackedWrite(realm, (tx) => tx.create("Item", { _id: 1, ...values }), { clock });
        const item = realm.objectForPrimaryKey("Item", 1)!;
        const before = dumpOf(realm);
        const copy = structuredClone(values); // equal, never the same objects
        const stamp = trackedWrite(realm, (tx) => {
          if (viaRecipe) {
            tx.update<Record<string, unknown>>(item, (draft) => {
              for (const [field, value] of Object.entries(copy)) draft[field] = field === "scores" ? new Set(value as number[]) : value;
            });
          } else tx.assign(item, copy);
          return tx.stamp;
        }, { clock });
        expect(stamp).toBeUndefined();
        expect(dumpOf(realm)).toBe(before);
        // And a real change is seen: a differing zip (or a new address) stamps `address…`.
        const zip = ((values.address?.zip ?? 0) + 1) % 10;
        trackedWrite(realm, (tx) => tx.assign(item, { address: { city: values.address?.city ?? null, zip } }), { clock });
        expect(Object.keys(stampsOf(item)).some((key) => key.startsWith("address"))).toBe(true);
      }),
      runs(60),
    );
  });

  it("law 4: a tracked write commits its stamps in the transaction of its data (one write; a throw rolls back both)", () => {
    fc.assert(
      fc.property(edits(["a"], 8), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (local, throws) => {
        const { backup: realm } = buildScenario(store, { edits: [], since: { kind: "checkpoint" }, skew: { b: 0, c: 0 } });
        const clock = new HybridClock({ nodeId: "a", now: () => WALL0 + 5 });
        // Count the transactions, and read the realm at the end of each one, before its commit.
        const write = realm.write.bind(realm);
        let transactions = 0;
        let atCommit = "";
        (realm as { write: RealmLike["write"] }).write = <T>(callback: () => T): T => {
          transactions++;
          return write(() => {
            const result = callback();
            atCommit = dumpOf(realm);
            return result;
          });
        };
        local.forEach((edit, i) => {
          const before = dumpOf(realm);
          transactions = 0;
          if (throws[i] === true) {
            const error = thrown(() => trackedWrite(realm, () => {
              applyOp(realm, clock, edit.op, "a");
              throw new Error("the app's code fails after its edit");
            }, { clock }));
            expect(error).toBeInstanceOf(Error);
            expect(dumpOf(realm), "data and stamps rolled back together").toBe(before);
          } else {
            applyOp(realm, clock, edit.op, "a");
            if (dumpOf(realm) === before) return;
            expect(transactions, "one transaction").toBe(1);
            expect(dumpOf(realm), "nothing written after the commit").toBe(atCommit);
          }
        });
      }),
      runs(40),
    );
  });
});
