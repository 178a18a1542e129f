// Laws 14-18 (INVARIANTS.md, "Whole-run properties") as properties over random scenarios, on
// both stores: idempotence, order independence across devices, atomicity under a throw injected
// into the app's callbacks, a backup untouched byte for byte, and skips that are per field or
// object, reported, and strict mode's throw.
import fc from "fast-check";
import { expect, it } from "vitest";
import { FieldRecoveryError, RecoverySkippedError, formatStamp, recoverUnsyncedChanges, trackFields, trackedWrite } from "../../src/index.js";
import type { CanWrite, RecoverOptions, RecoveryReport } from "../../src/index.js";
import type { SchemaEntryInput } from "../../src/schema/normalize.js";
import { describeStores } from "../contract/stores.js";
import type { StoreRealm } from "../contract/stores.js";
import { SIM_SEED } from "../simulation/settings.js";
import { thrown } from "../support/thrown.js";
import { unlinked, entriesFor, sameGeneration, unsyncedCells } from "./observe.js";
import type { Observed } from "./observe.js";
import { CELLS, MODEL, NOW, WALL0, buildScenario, dumpOf, effectiveStamp, fileHash, keyOf, lawRuns, notesOf, reportField, scenarioInput, stampsOf, tombstonesOf } from "./scenario.js";
import type { Cell, Scenario } from "./scenario.js";

const recover = (s: Scenario, fresh: StoreRealm, extra: Partial<RecoverOptions> = {}): RecoveryReport =>
  recoverUnsyncedChanges({ backup: s.backup, fresh, since: s.since, now: NOW, ...extra });

/** Device a's schema with what the fresh realm lacks: a field (`mood`) and a model (`Draft`). */
const DRIFTED = trackFields([
  { name: MODEL, primaryKey: "_id", properties: { _id: "int", title: "string", count: "int?", tags: "string{}", friend: "Note?", mood: "string?" } },
  { name: "Draft", primaryKey: "_id", properties: { _id: "int", text: "string" } },
]) as SchemaEntryInput[];

describeStores("laws 14-18: whole runs", (store) => {
  const runs = (n: number) => ({ seed: SIM_SEED, numRuns: lawRuns(store, n) });

  const idempotent = (policy: "deleteWins" | "updateWins") =>
    fc.assert(
      fc.property(scenarioInput(), (input) => {
        const s = buildScenario(store, input);
        recover(s, s.fresh, { policies: { delete: policy } });
        const once = dumpOf(s.fresh);
        const again = recover(s, s.fresh, { policies: { delete: policy } });
        expect(again.applied).toEqual([]);
        expect(again.created).toEqual([]);
        expect(again.deleted).toEqual([]);
        expect(dumpOf(s.fresh)).toBe(once);
      }),
      runs(40),
    );

  it("law 14: a second run of the same recovery applies nothing and leaves the state of one run (deleteWins)", () => idempotent("deleteWins"));

  // Found by this property (SIM_SEED=3 SOAK=10): a deletes note 3 and re-creates it (generation
  // 2), then b edits note 3's title; a full merge under updateWins. Run 1 skipped the local
  // tombstone (UPDATED_ON_SERVER) and wrote generation 2; run 2 saw the tombstone older than
  // generation 2 (STALE_GENERATION) and wrote it, unreported. A stale delete now only replaces an
  // older fresh tombstone of its generation (law 15), and writes none where the server has none.
  it("law 14: a second run of the same recovery applies nothing and leaves the state of one run (updateWins)", () => idempotent("updateWins"));

  it("law 15: under the default policies, recovering device a then c gives the same data as c then a", () => {
    fc.assert(
      fc.property(scenarioInput(["a", "b", "c"], 10), (input) => {
        const s = buildScenario(store, input, { withC: true });
        const sinceC = s.since === null ? null : s.sinceC;
        const ac = store.copy(s.fresh);
        const ca = store.copy(s.fresh);
        recover(s, ac);
        recoverUnsyncedChanges({ backup: s.backupC!, fresh: ac, since: sinceC, now: NOW });
        recoverUnsyncedChanges({ backup: s.backupC!, fresh: ca, since: sinceC, now: NOW });
        recover(s, ca);
        // Data, not bookkeeping: the stamp dictionaries may differ (docs/simulation.md, "Findings").
        expect(dumpOf(ca, { data: true })).toBe(dumpOf(ac, { data: true }));
      }),
      runs(40),
    );
  });

  type Injected = "policy" | "canWrite" | "onProgress";
  /** The app's three callbacks; `failAt` makes the n-th call of one of them throw. */
  function callbacks(failAt?: { readonly which: Injected; readonly call: number }) {
    const calls: Record<Injected, number> = { policy: 0, canWrite: 0, onProgress: 0 };
    const hit = (which: Injected): void => {
      calls[which]++;
      if (failAt?.which === which && calls[which] === failAt.call) throw new Error(`injected: ${which} call ${failAt.call}`);
    };
    const options: Partial<RecoverOptions> = {
      policies: {
        default: (local, server, context) => {
          hit("policy");
          return context.localStamp > (context.serverStamp ?? "") ? local : server;
        },
      },
      canWrite: () => {
        hit("canWrite");
        return true;
      },
      onProgress: () => hit("onProgress"),
    };
    return { calls, options };
  }

  /** Counts the realm's creates and deletes (the recovery's writes of objects); the n-th throws. */
  function failingWrites(realm: StoreRealm, failAt?: number): { readonly calls: () => number; readonly restore: () => void } {
    const target = realm as unknown as Record<"create" | "delete", (...args: unknown[]) => unknown>;
    const original = { create: target.create, delete: target.delete };
    let calls = 0;
    for (const name of ["create", "delete"] as const) {
      const method = original[name].bind(realm);
      target[name] = (...args: unknown[]) => {
        if (++calls === failAt) throw new Error(`injected: the device ran out of space at write ${calls}`);
        return method(...args);
      };
    }
    return { calls: () => calls, restore: () => Object.assign(target, original) };
  }

  it("law 16: a recovery that throws (a policy, canWrite, onProgress or a create/delete failing at any call) leaves the fresh realm as it was", () => {
    fc.assert(
      fc.property(scenarioInput(), fc.constantFrom<Injected | "write">("policy", "canWrite", "onProgress", "write"), fc.nat(), (input, preferred, n) => {
        const s = buildScenario(store, input);
        // Count each callback's calls and the writes on a copy, then make one of them throw.
        const probe = callbacks();
        const probeRealm = store.copy(s.fresh);
        const probeWrites = failingWrites(probeRealm);
        recover(s, probeRealm, probe.options);
        const counts = { ...probe.calls, write: probeWrites.calls() };
        const which = counts[preferred] > 0 ? preferred : "onProgress";
        const call = 1 + (n % counts[which]);
        const before = dumpOf(s.fresh);
        const writes = which === "write" ? failingWrites(s.fresh, call) : undefined;
        const error = thrown(() => recover(s, s.fresh, callbacks(which === "write" ? undefined : { which, call }).options));
        writes?.restore();
        expect(error, `${which} call ${call} of ${counts[which]} throws`).toBeInstanceOf(FieldRecoveryError);
        expect(dumpOf(s.fresh)).toBe(before);
        // And the rerun completes (the throw left nothing half-done).
        expect(recover(s, s.fresh).errors).toEqual([]);
      }),
      runs(40),
    );
  });

  it("law 17: the backup is read-only to the engine, byte for byte (file hash on real Realm, deep dump on both)", () => {
    fc.assert(
      fc.property(scenarioInput(), (input) => {
        const s = buildScenario(store, input);
        const dump = dumpOf(s.backup);
        const hash = store.isReal ? fileHash(s.backup.path) : undefined;
        const spare = store.copy(s.fresh);
        recover(s, s.fresh, { dryRun: true });
        recover(s, s.fresh);
        recover(s, s.fresh);
        thrown(() => recover(s, spare, { strict: true }));
        thrown(() => recover(s, spare, callbacks({ which: "onProgress", call: 1 }).options));
        expect(dumpOf(s.backup)).toBe(dump);
        if (hash !== undefined) expect(fileHash(s.backup.path)).toBe(hash);
      }),
      runs(30),
    );
  });

  type Corruption = { readonly id: number; readonly cell: Cell; readonly bad: "garbage" | "future"; readonly original: string };
  const damage = fc.record({
    moods: fc.subarray([1, 2, 3]),
    drafts: fc.integer({ min: 0, max: 2 }),
    corrupt: fc.array(fc.record({ id: fc.integer({ min: 1, max: 5 }), pick: fc.nat(), bad: fc.constantFrom("garbage" as const, "future" as const) }), { maxLength: 3 }),
    denied: fc.subarray([1, 2, 3, 4, 5]),
  });

  it("law 18: schema drift, malformed stamps and denied writes are skipped per field or object and reported, the rest recovered; strict mode throws and writes nothing", () => {
    fc.assert(
      fc.property(scenarioInput(), damage, (input, d) => {
        const s = buildScenario(store, input, {
          backupSchema: DRIFTED,
          afterBase: (backup, clock) =>
            trackedWrite(backup, (tx) => {
              for (const id of d.moods) tx.assign(backup.objectForPrimaryKey(MODEL, id)!, { mood: "glad" });
              for (let id = 1; id <= d.drafts; id++) tx.create("Draft", { _id: id, text: "draft" });
            }, { clock }),
        });
        // Corrupt stamps the backup holds (written by hand: tracking would never write them).
        const corrupted: Corruption[] = [];
        s.backup.write(() => {
          for (const c of d.corrupt) {
            const note = s.backup.objectForPrimaryKey(MODEL, c.id);
            if (note === null) continue;
            // One of the cells this note stamps itself (the base stamps note 2's friend).
            const own = CELLS.filter((cell) => stampsOf(note).hasOwnProperty(cell));
            const cell = own[c.pick % Math.max(1, own.length)];
            if (cell === undefined || corrupted.some((x) => x.id === c.id && x.cell === cell)) continue;
            const original = stampsOf(note)[cell]!;
            (note.fieldTimestamps as Record<string, string>)[cell] = c.bad === "garbage" ? "not-a-stamp" : formatStamp({ millis: WALL0 + 86_400_000, counter: 0, nodeHash: 7 });
            corrupted.push({ id: c.id, cell, bad: c.bad, original });
          }
        });
        const denied = new Set(d.denied.map(keyOf));
        const canWrite: CanWrite = (model, _object, { key }) => (model === MODEL && denied.has(key) ? { reason: "outside subscription" } : true);
        const strictFresh = store.copy(s.fresh);
        const o: Observed = {
          scenario: s,
          since: s.since,
          deletePolicy: "deleteWins",
          backup: notesOf(s.backup),
          backupTombstones: tombstonesOf(s.backup),
          before: notesOf(s.fresh),
          beforeTombstones: tombstonesOf(s.fresh),
          report: undefined as never,
          after: undefined as never,
          afterTombstones: undefined as never,
        };
        const report = recover(s, s.fresh, { canWrite });
        Object.assign(o, { report, after: notesOf(s.fresh), afterTombstones: tombstonesOf(s.fresh) });
        expect(report.errors).toEqual([]);

        const objectSkip = (id: number) => entriesFor(report.skipped, id).find((entry) => entry.field === undefined);
        const fieldSkip = (id: number, field: string) => entriesFor(report.skipped, id).find((entry) => entry.field === field);
        const unsynced = (id: number) => {
          const local = o.backup.get(id);
          return local === undefined ? [] : unsyncedCells(local, s.since);
        };
        // Drift: every unsynced mood and every Draft is reported, never dropped.
        for (const id of d.moods) {
          const moodStamp = o.backup.get(id)?.stamps.mood;
          if (moodStamp === undefined || (s.since !== null && !(moodStamp > s.since)) || objectSkip(id) !== undefined) continue;
          expect(fieldSkip(id, "mood")?.code, `note ${id}.mood reported`).toBe("FIELD_MISSING");
        }
        for (const draft of s.backup.objects("Draft")) {
          const id = draft._id as number;
          const created = (draft.fieldTimestamps as Record<string, string>)["#created"]!;
          if (s.since !== null && !(created > s.since)) continue;
          expect(report.skipped.some((e) => e.model === "Draft" && (e.key === undefined || e.key === keyOf(id)) && e.code === "MODEL_MISSING"), `Draft ${id} reported`).toBe(true);
        }
        // Malformed and far-future stamps: reported for that field (or its object), with the local value.
        for (const c of corrupted) {
          // A stamp that was synced (at or before since) is not read with since: nothing to recover.
          if (s.since !== null && !(c.original > s.since)) continue;
          const entry = fieldSkip(c.id, reportField(c.cell)) ?? objectSkip(c.id);
          expect(entry, `note ${c.id}.${c.cell} (${c.bad} stamp) reported`).toBeDefined();
          expect(["MALFORMED_STAMP", "MALFORMED_TIMESTAMPS", "CLOCK_DRIFT", "DENIED", "DELETED_ON_SERVER", "STALE_GENERATION"]).toContain(entry!.code);
        }
        // Denied: a note the backup changed is skipped whole (DENIED) and left as the server had it.
        for (const key of denied) {
          const id = Number(key.slice(2));
          expect(report.applied.some((e) => e.key === key) || report.created.some((e) => e.key === key), `denied note ${id} written`).toBe(false);
          const pair = sameGeneration(o, id);
          if (pair === undefined || corrupted.some((c) => c.id === id)) continue;
          // A note with a field the merge would take is refused whole, and reported.
          const wouldWrite = unsynced(id).some((cell) => {
            const server = effectiveStamp(pair.server.stamps, cell);
            return (server === undefined || effectiveStamp(pair.local.stamps, cell)! > server) && pair.local.values[cell] !== pair.server.values[cell];
          });
          if (wouldWrite) expect(objectSkip(id)?.code, `note ${id} reported denied`).toBe("DENIED");
          if (!wouldWrite) continue;
          for (const cell of CELLS) {
            const value = pair.server.values[cell];
            expect(o.after.get(id)?.values[cell], `denied note ${id}.${cell} as the server had it`).toEqual(unlinked(o, cell, value) ? null : value);
          }
        }
        // The rest: every unsynced cell of a note nothing above touched merges as law 8 says.
        for (const [id, local] of o.backup) {
          const pair = sameGeneration(o, id);
          if (pair === undefined || denied.has(keyOf(id)) || corrupted.some((c) => c.id === id)) continue;
          for (const cell of unsyncedCells(local, s.since)) {
            const localStamp = effectiveStamp(local.stamps, cell)!;
            const serverStamp = effectiveStamp(pair.server.stamps, cell);
            const expected = serverStamp === undefined || localStamp > serverStamp ? local.values[cell] : pair.server.values[cell];
            if (unlinked(o, cell, expected)) continue;
            expect(o.after.get(id)?.values[cell], `note ${id}.${cell} recovered`).toEqual(expected);
          }
        }
        // Strict: the first skip throws, and the fresh realm is left as it was.
        const strictBefore = dumpOf(strictFresh);
        const strict = thrown(() => recover(s, strictFresh, { canWrite, strict: true }));
        if (report.skipped.length > 0) {
          expect(strict).toBeInstanceOf(RecoverySkippedError);
          expect(dumpOf(strictFresh)).toBe(strictBefore);
        } else expect(strict).toBeUndefined();
      }),
      runs(40),
    );
  });
});
