// A client-reset scenario for the recovery benchmarks, built twice on the same data: tracked
// (fieldTimestamps, for this engine) and seed-style (one `lastUpdated` int, for the recipe).
// Device A's backup holds `changed` unsynced edits; the fresh realm holds another device's
// edits, half older and half newer than A's, so a correct merge must keep some of each.
import { HybridClock } from "../../src/clock/index.js";
import type { Stamp } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { chooseEdits, fieldValue, itemSchema, itemValues, seedItemSchema } from "./dataset.js";
import type { Edit } from "./dataset.js";
import type { BenchStore } from "./store.js";

export interface ScenarioOptions {
  readonly total: number;
  /** Objects device A changed after the checkpoint. */
  readonly changed: number;
  /** Objects the other device changed on the server. @default changed */
  readonly serverChanged?: number;
  /** Also build the seed-recipe pair. @default false */
  readonly withSeed?: boolean;
}

export interface Scenario {
  readonly total: number;
  readonly localEdits: readonly Edit[];
  readonly serverEdits: readonly Edit[];
  /** Tracked backup of device A (read-only for recovery). */
  readonly backup: RealmLike;
  /** The checkpoint: every base write is synced, the edits are not. */
  readonly since: Stamp;
  /** A new fresh realm (the server's state) per call. */
  makeFresh(): RealmLike;
  /** The seed-style pair (when `withSeed`). */
  readonly seedBackup?: RealmLike;
  readonly lastSynced: number;
  makeSeedFresh(): RealmLike;
}

export const T0 = Date.now() - 3_600_000;
const LOCAL_AT = T0 + 1000;
/** The other device's k-th edit: the first half before A's edits, the second half after. */
const serverAt = (k: number, count: number): number => (k < count / 2 ? T0 + 500 : T0 + 1500);
const LOCAL_VERSION = 1;
const SERVER_VERSION = 2;

const trackedSchema = trackFields([itemSchema]);

/**
 * Objects inserted per transaction while building: one transaction of a million tracked inserts
 * did not finish in 28 minutes on a loaded machine (Realm keeps the whole uncommitted version).
 */
const BUILD_BATCH = 20_000;

function trackedBase(store: BenchStore, total: number): RealmLike {
  const realm = store.open(trackedSchema);
  // Same node and wall time on every build: the base stamps are identical in backup and fresh.
  const clock = new HybridClock({ nodeId: "device-a", now: () => T0 });
  for (let from = 0; from < total; from += BUILD_BATCH) {
    trackedWrite(
      realm,
      (tx) => {
        for (let id = from; id < Math.min(total, from + BUILD_BATCH); id++) tx.create("Item", { _id: id, ...itemValues(id) });
      },
      { clock },
    );
  }
  return realm;
}

/** The values an edit writes (no-op writes left out, as tracking would). */
function editValues(edit: Edit, version: number): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of edit.fields) {
    const value = fieldValue(field, edit.id, version);
    if (value !== fieldValue(field, edit.id, 0)) values[field] = value;
  }
  return values;
}

function trackedEdits(realm: RealmLike, edits: readonly Edit[], version: number, at: (k: number) => number, nodeId: string): void {
  let wall = 0;
  const clock = new HybridClock({ nodeId, now: () => wall });
  const groups = new Map<number, Edit[]>();
  edits.forEach((edit, k) => {
    const time = at(k);
    const group = groups.get(time);
    if (group === undefined) groups.set(time, [edit]);
    else group.push(edit); // not a copy per edit: at 50,000 edits that was quadratic
  });
  for (const [time, group] of groups) {
    wall = time;
    trackedWrite(
      realm,
      (tx) => {
        for (const edit of group) tx.assign(realm.objectForPrimaryKey("Item", edit.id) as RealmObjectLike, editValues(edit, version));
      },
      { clock },
    );
  }
}

function seedBase(store: BenchStore, total: number): RealmLike {
  const realm = store.open([seedItemSchema]);
  for (let from = 0; from < total; from += BUILD_BATCH) {
    realm.write(() => {
      for (let id = from; id < Math.min(total, from + BUILD_BATCH); id++) realm.create("Item", { _id: id, ...itemValues(id), lastUpdated: T0 });
    });
  }
  return realm;
}

function seedEdits(realm: RealmLike, edits: readonly Edit[], version: number, at: (k: number) => number): void {
  realm.write(() => {
    edits.forEach((edit, k) => {
      const object = realm.objectForPrimaryKey("Item", edit.id) as RealmObjectLike;
      Object.assign(object, editValues(edit, version));
      object.lastUpdated = at(k);
    });
  });
}

export function buildScenario(store: BenchStore, options: ScenarioOptions): Scenario {
  const { total, changed } = options;
  const localEdits = chooseEdits(total, changed, 1);
  const serverEdits = chooseEdits(total, options.serverChanged ?? changed, 2);
  const serverTime = (k: number): number => serverAt(k, serverEdits.length);

  const backup = trackedBase(store, total);
  // The base is identical on both sides (same node, same wall time): the server's state starts
  // as a copy of it, taken before A's edits (a file copy, where a second build of a million
  // tracked inserts took minutes).
  const freshBase = store.copy(backup);
  // The checkpoint is captured after the base upload completed, a millisecond later: the
  // newest-stamp query (format 2) then skips the base objects, as it would on a device.
  const since = new HybridClock({ nodeId: "device-a", now: () => T0 + 1 }).now();
  trackedEdits(backup, localEdits, LOCAL_VERSION, () => LOCAL_AT, "device-a");
  // The server's state is built once; each run gets a copy.
  let serverEdited = false;
  const makeFresh = (): RealmLike => {
    if (!serverEdited) {
      trackedEdits(freshBase, serverEdits, SERVER_VERSION, serverTime, "device-b");
      serverEdited = true;
    }
    return store.copy(freshBase);
  };

  let seedBackup: RealmLike | undefined;
  if (options.withSeed === true) {
    seedBackup = seedBase(store, total);
    seedEdits(seedBackup, localEdits, LOCAL_VERSION, () => LOCAL_AT);
  }
  let seedTemplate: RealmLike | undefined;
  const makeSeedFresh = (): RealmLike => {
    if (seedTemplate === undefined) {
      seedTemplate = seedBase(store, total);
      seedEdits(seedTemplate, serverEdits, SERVER_VERSION, serverTime);
    }
    return store.copy(seedTemplate);
  };
  return { total, localEdits, serverEdits, backup, since, makeFresh, ...(seedBackup === undefined ? {} : { seedBackup }), lastSynced: T0, makeSeedFresh };
}

type Filterable = { filtered(query: string, ...args: unknown[]): Iterable<RealmObjectLike> };

/**
 * The seed's per-object recipe (manual client reset, "track changes by object"): upsert every
 * backup object with lastUpdated > lastSynced, then delete fresh objects the backup lacks.
 * Returns the number of objects copied.
 */
export function seedRecipe(backup: RealmLike, fresh: RealmLike, lastSynced: number): number {
  const unsynced = (backup.objects("Item") as unknown as Filterable).filtered(`lastUpdated > ${lastSynced}`);
  let copied = 0;
  fresh.write(() => {
    for (const object of unsynced) {
      fresh.create("Item", object as unknown as Record<string, unknown>, "modified");
      copied++;
    }
  });
  const synced = [...(fresh.objects("Item") as unknown as Filterable).filtered(`lastUpdated <= ${lastSynced}`)];
  fresh.write(() => {
    for (const object of synced) if (!backup.objectForPrimaryKey("Item", object._id as number)) fresh.delete(object);
  });
  return copied;
}

/** Edits lost by a recovery: fields whose final value is not the newer side's. */
export interface LostEdits {
  /** The other device's field edits overwritten by an older local value. */
  readonly server: number;
  /** Device A's field edits that did not make it although newer. */
  readonly local: number;
}

export function lostEdits(scenario: Scenario, fresh: RealmLike): LostEdits {
  const local = new Map(scenario.localEdits.map((edit) => [edit.id, editValues(edit, LOCAL_VERSION)]));
  const server = new Map(scenario.serverEdits.map((edit, k) => [edit.id, { values: editValues(edit, SERVER_VERSION), at: serverAt(k, scenario.serverEdits.length) }]));
  let lostServer = 0;
  let lostLocal = 0;
  for (const [id, { values, at }] of server) {
    const object = fresh.objectForPrimaryKey("Item", id) as RealmObjectLike;
    const mine = local.get(id) ?? {};
    for (const [field, value] of Object.entries(values)) {
      const newerLocal = field in mine && LOCAL_AT > at;
      if (!newerLocal && object[field] !== value) lostServer++;
    }
  }
  for (const [id, values] of local) {
    const object = fresh.objectForPrimaryKey("Item", id) as RealmObjectLike;
    const theirs = server.get(id);
    for (const [field, value] of Object.entries(values)) {
      const newerServer = theirs !== undefined && field in theirs.values && theirs.at > LOCAL_AT;
      if (!newerServer && object[field] !== value) lostLocal++;
    }
  }
  return { server: lostServer, local: lostLocal };
}
