// Laws 5-7a (INVARIANTS.md, "What is unsynced") as properties, on both stores: what
// collectUnsyncedChanges extracts for a random `since`, how SyncCheckpoint moves, and what a full
// merge brings back that a merge with `since` leaves alone.
import fc from "fast-check";
import { expect, it } from "vitest";
import { HybridClock, SyncCheckpoint, WriteInProgressError, captureSyncPoint, collectUnsyncedChanges, memoryStateStorage, trackedWrite } from "../../src/index.js";
import type { Stamp } from "../../src/index.js";
import { describeStores } from "../contract/stores.js";
import { SIM_SEED } from "../simulation/settings.js";
import { thrown } from "../support/thrown.js";
import { observeRecovery } from "./observe.js";
import {
  CELLS,
  MODEL,
  SCHEMA,
  buildScenario,
  decodedValue,
  effectiveStamp,
  generationOf,
  isUnsynced,
  keyOf,
  lawRuns,
  lostInput,
  notesOf,
  scenarioInput,
  tombstonesOf,
} from "./scenario.js";

describeStores("laws 5-7a: what is unsynced", (store) => {
  it("law 5: a backup field is extracted iff its stamp is greater than since, with its value and stamp", () => {
    fc.assert(
      fc.property(scenarioInput(["a"], 10), (input) => {
        const { backup, since } = buildScenario(store, input);
        const changeset = collectUnsyncedChanges(backup, since);
        const byKey = new Map(changeset.objects.map((change) => [change.key, change]));
        for (const [id, note] of notesOf(backup)) {
          const change = byKey.get(keyOf(id));
          const unsynced = CELLS.filter((cell) => isUnsynced(note, cell, since));
          expect(change !== undefined, `note ${id} extracted`).toBe(unsynced.length > 0);
          if (change === undefined) continue;
          expect(change.generation).toBe(generationOf(note.stamps));
          for (const cell of unsynced) {
            // A dictionary entry travels on its own, or inside the whole dictionary's value.
            const own = change.fields[cell];
            const whole = cell.includes("/") ? change.fields[cell.split("/")[0]!] : undefined;
            const stamp = own?.stamp ?? whole?.stamp;
            expect(stamp, `note ${id}.${cell}'s stamp`).toBe(effectiveStamp(note.stamps, cell));
            const value = own !== undefined ? decodedValue(own.value) : decodedValue((whole!.value as Record<string, unknown>)[cell.slice(5)]);
            expect(value, `note ${id}.${cell}'s value`).toEqual(note.values[cell]);
          }
          for (const [path, field] of Object.entries(change.fields)) {
            if (since !== null) expect(field.stamp > since, `extracted ${path} of note ${id} is newer than since`).toBe(true);
          }
        }
      }),
      { seed: SIM_SEED, numRuns: lawRuns(store, 60) },
    );
  });

  it("law 6: a backup tombstone is extracted iff its stamp is greater than since", () => {
    fc.assert(
      fc.property(scenarioInput(["a"], 10), (input) => {
        const { backup, since } = buildScenario(store, input);
        const extracted = collectUnsyncedChanges(backup, since).tombstones.map((t) => `${t.model} ${t.key} ${t.stamp} ${t.generation}`).sort();
        const expected = [...tombstonesOf(backup).values()]
          .filter((t) => since === null || t.stamp > since)
          .map((t) => `${MODEL} ${t.key} ${t.stamp} ${t.generation}`)
          .sort();
        expect(extracted).toEqual(expected);
      }),
      { seed: SIM_SEED, numRuns: lawRuns(store, 60) },
    );
  });

  type Step = { kind: "write"; id: number } | { kind: "tick"; ms: number } | { kind: "start" } | { kind: "finish"; which: number; ok: boolean };
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ kind: fc.constant("write" as const), id: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: -30, max: 30 }) }),
    fc.constant({ kind: "start" as const }),
    fc.record({ kind: fc.constant("finish" as const), which: fc.nat(), ok: fc.boolean() }),
  );

  it("law 7: the checkpoint only moves forward, to a point captured before an upload that then completed", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 30 }), async (steps) => {
        const realm = store.open(SCHEMA);
        let wall = 1_763_000_000_000;
        const clock = new HybridClock({ nodeId: "phone", now: () => wall });
        const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
        const written: Stamp[] = [];
        const completedPoints = new Set<Stamp>();
        const onServer = new Set<Stamp>();
        const uploads: { carried: Stamp[]; settle: (ok: boolean) => void; done: Promise<void> }[] = [];
        let previous: Stamp | null = null;
        for (const s of steps) {
          if (s.kind === "write") {
            trackedWrite(realm, (tx) => tx.create(MODEL, { _id: written.length + 1, title: `w${s.id}` }), { clock });
            written.push(clock.last()!);
          } else if (s.kind === "tick") wall += s.ms;
          else if (s.kind === "start") {
            // A capture inside a write is refused: the point must precede the upload's content.
            realm.write(() => expect(thrown(() => captureSyncPoint(realm, { clock }))).toBeInstanceOf(WriteInProgressError));
            let settle!: (ok: boolean) => void;
            const finished = new Promise<boolean>((resolve) => (settle = resolve));
            const carried = [...written]; // an upload carries what was committed when it started
            const done = checkpoint
              .afterUpload(realm, async () => {
                if (!(await finished)) throw new Error("network");
                for (const stamp of carried) onServer.add(stamp);
              }, { clock })
              .then(({ point }) => void completedPoints.add(point), () => undefined);
            uploads.push({ carried, settle, done });
          } else if (uploads.length > 0) {
            const [upload] = uploads.splice(s.which % uploads.length, 1);
            upload!.settle(s.ok);
            await upload!.done;
            if (s.ok) for (const stamp of upload!.carried) expect(stamp <= checkpoint.since!, "a completed upload's writes are covered").toBe(true);
          }
          const since = checkpoint.since;
          if (previous !== null) expect(since !== null && since >= previous, "never moves back").toBe(true);
          if (since !== null) {
            expect(completedPoints.has(since), "a point of a completed upload").toBe(true);
            for (const stamp of written) if (stamp <= since) expect(onServer.has(stamp), `write ${stamp} covered only once uploaded`).toBe(true);
          }
          previous = since;
        }
        realm.close();
      }),
      { seed: SIM_SEED, numRuns: lawRuns(store, 40) },
    );
  });

  it("law 7a: a full merge brings back what a server restore lost; with since, notes all stamped at or before it that the fresh realm lacks stay deleted", () => {
    fc.assert(
      fc.property(scenarioInput(["a", "b"], 6), lostInput, (input, lost) => {
        const withLost = { ...input, lost };
        const full = observeRecovery(store, { ...withLost, since: { kind: "full" } }, "deleteWins");
        const since = observeRecovery(store, { ...withLost, since: { kind: "checkpoint" } }, "deleteWins");
        for (const [id, local] of full.backup) {
          if (full.before.has(id) || full.beforeTombstones.has(keyOf(id))) continue;
          // Lost by the server (no tombstone): the full merge re-creates it from the backup.
          expect(full.after.get(id)?.values.title, `full merge: note ${id} is back`).toBe(local.values.title);
          const allSynced = CELLS.every((cell) => !isUnsynced(local, cell, since.since));
          expect(since.after.has(id), `since: note ${id} (all synced: ${allSynced}) back`).toBe(!allSynced);
        }
        for (const [id, local] of full.backup) {
          const server = full.before.get(id);
          if (server === undefined || generationOf(server.stamps) !== generationOf(local.stamps)) continue;
          for (const cell of CELLS) {
            if (cell === "friend") continue; // links: law 12
            const localStamp = effectiveStamp(local.stamps, cell)!;
            const serverStamp = effectiveStamp(server.stamps, cell);
            if (serverStamp !== undefined && !(localStamp > serverStamp)) continue;
            // A newer backup stamp the fresh realm lacks: the full merge takes it; with since, only if unsynced.
            expect(full.after.get(id)?.values[cell], `full merge: note ${id}.${cell}`).toEqual(local.values[cell]);
            const expected = isUnsynced(local, cell, since.since) ? local.values[cell] : server.values[cell];
            expect(since.after.get(id)?.values[cell], `since: note ${id}.${cell}`).toEqual(expected);
          }
        }
      }),
      { seed: SIM_SEED, numRuns: lawRuns(store, 40) },
    );
  });
});
