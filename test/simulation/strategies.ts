// What a device does at a client reset: this engine (with `since` or a full merge, crash
// injection and per-reset checks), the seed's per-object recipe, or overwriting the backend.
import type { Stamp } from "../../src/clock/index.js";
import { RecoveryApplyError } from "../../src/recovery/apply-changes.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import type { RealmLike } from "../../src/realm-like.js";
import { dumpMemoryRealm } from "../../src/testing/index.js";
import type { StoreRealm } from "../contract/stores.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { CrashingRealm, SimulatedCrash } from "./crash.js";
import { MAX_DRIFT } from "./device.js";
import type { Device } from "./device.js";
import { CELLS, MODEL, SCHEMA, cellValue, coveringCells, generationOf, readItem, stampsOf } from "./model.js";
import type { Cell, PlainItem } from "./model.js";
import type { Server } from "./server.js";

export interface ResetInput {
  readonly device: Device;
  readonly server: Server;
  /** The pre-reset realm, opened read-only. */
  readonly backup: StoreRealm;
  /** The server's state, downloaded. */
  readonly fresh: StoreRealm;
  /** The device's committed checkpoint. */
  readonly since: Stamp | null;
  /** Where to kill the recovery (engine only). */
  readonly crash: number;
  /** Where broken laws are written, with context. */
  readonly fail: (message: string) => void;
  readonly stats: ResetStats;
}

export interface ResetStats {
  resets: number;
  crashes: number;
  aborts: number;
  afterCommit: number;
}

export interface ResetOutcome {
  readonly realm: StoreRealm;
  /** Set when the reset itself wrote the server (overwrite). */
  readonly version?: number;
}

export interface ResetStrategy {
  readonly name: string;
  readonly reset: (input: ResetInput) => ResetOutcome;
}

/** Every CRASH_POINTS-th mutation is a crash point (offset by the history's choice). */
const CRASH_POINTS = 1;

const dumpJson = (realm: RealmLike): string => JSON.stringify(dumpMemoryRealm(realm));

interface ObjectState {
  readonly generation: number;
  readonly item: PlainItem;
  readonly stamps: Readonly<Record<string, string>>;
}

function objectsOf(realm: RealmLike): Map<string, ObjectState> {
  const out = new Map<string, ObjectState>();
  for (const object of realm.objects(MODEL)) out.set(object._id as string, { generation: generationOf(object), item: readItem(object), stamps: stampsOf(object) });
  return out;
}

/** The effective stamp of a cell: the greatest of its key, its ancestors' and `#created`. */
function effectiveStamp(stamps: Readonly<Record<string, string>>, cell: Cell): string {
  const keys = [...coveringCells(cell).map((c) => c.replace(".", "/")), "#created"];
  return keys.reduce((max, key) => ((stamps[key] ?? "") > max ? (stamps[key] as string) : max), "");
}

/**
 * The stamp deciding whether the address exists: the newest among it, its sub-fields and
 * `#created` (a sub-field edit newer than a removal revives the address, docs/recovery.md).
 */
function presenceStamp(stamps: Readonly<Record<string, string>>): string {
  return ["address", "address/city", "address/zip", "#created"].reduce((max, key) => ((stamps[key] ?? "") > max ? (stamps[key] as string) : max), "");
}

/** Law 2 of the brief: a changed cell of a surviving fresh object must now carry a newer stamp. */
function checkNoNewerOverwritten(before: Map<string, ObjectState>, after: Map<string, ObjectState>, fail: ResetInput["fail"]): void {
  for (const [key, old] of before) {
    const now = after.get(key);
    if (now === undefined || now.generation !== old.generation) continue;
    // When the address appeared or vanished, its cells changed by presence: the subtree's newest stamp decides.
    const presenceChanged = (old.item.address === null) !== (now.item.address === null);
    for (const cell of CELLS) {
      if (cellValue(old.item, cell) === cellValue(now.item, cell)) continue;
      const byPresence = presenceChanged && cell.startsWith("address");
      const was = byPresence ? presenceStamp(old.stamps) : effectiveStamp(old.stamps, cell);
      const is = byPresence ? presenceStamp(now.stamps) : effectiveStamp(now.stamps, cell);
      if (is > was) continue;
      fail(`property 2: server edit overwritten by an older one: ${key}.${cell} ${cellValue(old.item, cell)}@${was} -> ${cellValue(now.item, cell)}@${is}`);
    }
  }
}

/**
 * This engine: recoverUnsyncedChanges, killed between collect and apply and at every mutation,
 * restarted, then rerun (checks laws 14, 16, 17 and property 2). `faults: false` only recovers.
 */
export function engineStrategy(mode: "since" | "full", options: { readonly faults?: boolean } = {}): ResetStrategy {
  return {
    name: mode === "since" ? "engine (since = checkpoint)" : "engine (full merge)",
    reset: (input) => {
      const { backup, fresh, device, fail, stats } = input;
      const since = mode === "full" ? null : input.since;
      const run = (target: RealmLike) => recoverUnsyncedChanges({ backup, fresh: target, since, now: () => device.wall(), maxDrift: MAX_DRIFT });
      if (options.faults === false) {
        // Comparison runs: recover once, no crash injection or checks.
        stats.resets++;
        run(fresh);
        return { realm: fresh };
      }
      const backupBefore = dumpJson(backup);
      const freshBefore = dumpJson(fresh);
      const objectsBefore = objectsOf(fresh);
      stats.resets++;

      // Count the mutations of one run on a copy; then kill the app between collect and apply,
      // and at every mutation of the transaction (law 16: each leaves the fresh realm as it was).
      const probe = new CrashingRealm(input.server.store.copy(fresh, { schema: SCHEMA }));
      run(probe);
      collectUnsyncedChanges(backup, since);
      stats.aborts++;
      const first = input.crash % CRASH_POINTS;
      for (let at = 1 + first; at <= probe.mutations; at += CRASH_POINTS) {
        stats.crashes++;
        try {
          run(new CrashingRealm(fresh, at));
          fail(`the crash at mutation ${at} of ${probe.mutations} did not happen`);
        } catch (error) {
          if (!(error instanceof RecoveryApplyError) || !(error.cause instanceof SimulatedCrash)) fail(`property 4: a crash surfaced as ${String(error)}`);
        }
        if (dumpJson(fresh) !== freshBefore) fail(`property 4 (law 16): a crash at mutation ${at} of ${probe.mutations} left the fresh realm changed`);
      }
      if (dumpJson(backup) !== backupBefore) fail("property 5 (law 17): the backup changed during a killed recovery");

      // Restart: rerun from the untouched backup.
      const report = run(fresh);
      for (const error of report.errors) fail(`report error ${error.code}: ${error.message}`);
      for (const entry of report.applied) {
        if (entry.previous.stamp !== undefined && !(entry.previous.stamp < entry.stamp)) fail(`property 2: applied ${entry.key}.${entry.field} over a server stamp ${entry.previous.stamp} >= ${entry.stamp}`);
      }
      checkNoNewerOverwritten(objectsBefore, objectsOf(fresh), fail);
      const after = dumpJson(fresh);

      // Killed after the commit, before the app noted it: the restart runs it again.
      stats.afterCommit++;
      const again = run(fresh);
      const redone = again.counts.applied + again.counts.created + again.counts.deleted;
      if (redone > 0) fail(`property 4 (law 14): a second run applied ${again.counts.applied}, created ${again.counts.created}, deleted ${again.counts.deleted}`);
      if (dumpJson(fresh) !== after) fail("property 4 (law 14): a second run changed the fresh realm");
      if (dumpJson(backup) !== backupBefore) fail("property 5 (law 17): the backup changed during recovery");
      return { realm: fresh };
    },
  };
}

/**
 * The seed's "track changes by object" recipe: objects with lastUpdated > lastSynced are copied
 * whole with create(…, "modified"); fresh objects last updated before lastSynced and missing
 * from the backup are deleted. lastUpdated is the object's newest stamp, lastSynced the
 * checkpoint (race-free: kinder to the recipe than its Date.now() after the upload). Its
 * writes are new local writes, stamped now, as Realm would upload them.
 */
export const seedRecipe: ResetStrategy = {
  name: "seed per-object recipe",
  reset: ({ backup, fresh, since, device }) => {
    const lastUpdated = (stamps: Readonly<Record<string, string>>): string => Object.values(stamps).reduce((a, b) => (b > a ? b : a), "");
    trackedWrite(
      fresh,
      (tx) => {
        for (const object of backup.objects(MODEL)) {
          if (since !== null && !(lastUpdated(stampsOf(object)) > since)) continue;
          const item = readItem(object);
          tx.create(MODEL, { _id: object._id, title: item.title, count: item.count, tags: [...item.tags], address: item.address === null ? null : { ...item.address } }, "modified");
        }
        if (since === null) return;
        for (const object of [...fresh.objects(MODEL)]) {
          if (lastUpdated(stampsOf(object)) <= since && backup.objectForPrimaryKey(MODEL, object._id as string) === null) tx.delete(object);
        }
      },
      { clock: device.clock },
    );
    return { realm: fresh };
  },
};

/** "Overwrite the backend with the backup": the server's state becomes this device's backup. */
export const overwriteBackend: ResetStrategy = {
  name: "overwrite backend with backup",
  reset: ({ backup, server }) => {
    const version = server.overwrite(backup);
    return { realm: server.download(), version };
  },
};

/** No recovery: the backup is discarded (Realm's "discardUnsyncedChanges"). */
export const discardLocal: ResetStrategy = {
  name: "discard local changes",
  reset: ({ fresh }) => ({ realm: fresh }),
};
