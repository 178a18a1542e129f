// A simulated device: its own realm, hybrid clock on a skewed wall clock, and sync
// checkpoint. Edits go through trackedWrite and are recorded in the oracle.
import { SyncCheckpoint, captureSyncPoint } from "../../src/checkpoint/index.js";
import { HybridClock, isStamp, memoryStateStorage } from "../../src/clock/index.js";
import type { Stamp } from "../../src/clock/index.js";
import type { Changeset } from "../../src/recovery/changeset.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import type { StoreRealm } from "../contract/stores.js";
import { trackedWrite } from "../../src/tracking/index.js";
import type { EditOp } from "./history.js";
import { MODEL, cellValue, changedCells, generationOf, readItem, stampsOf } from "./model.js";
import type { Oracle } from "./oracle.js";
import type { Server } from "./server.js";

export const MAX_DRIFT = 300_000;

export class Device {
  realm: StoreRealm;
  readonly clock: HybridClock;
  readonly checkpoint: SyncCheckpoint;
  online = true;
  /** A client reset is due at the next connection (server restored past this device's sync). */
  needsReset = false;
  /** The next upload sends every stamped field: the recovery wrote into a fresh realm. */
  uploadFull = false;
  lastSync: number;
  /** What the last download held (stamps per object, tombstones): Realm uploads only local changes. */
  baseline: Baseline;

  constructor(
    readonly index: number,
    public skew: number,
    private readonly worldTime: () => number,
    server: Server,
  ) {
    this.clock = new HybridClock({ nodeId: `device-${index}`, now: () => this.wall(), maxDrift: MAX_DRIFT });
    this.checkpoint = new SyncCheckpoint({ realmPath: `memory://device-${index}`, storage: memoryStateStorage() });
    this.realm = server.download();
    this.lastSync = server.head;
    this.baseline = baselineOf(this.realm);
  }

  /** This device's (skewed) wall clock. */
  wall(): number {
    return this.worldTime() + this.skew;
  }

  /** Performs one app edit; records every changed cell (or the delete) in the oracle. */
  edit(op: EditOp, oracle: Oracle): void {
    const object = this.realm.objectForPrimaryKey(MODEL, op.key);
    if (op.op === "create") {
      if (object !== null) return;
      const stamp = trackedWrite(this.realm, (tx) => (tx.create(MODEL, { _id: op.key, title: op.title, count: op.count, tags: [...op.tags], address: op.address }), tx.stamp), { clock: this.clock });
      this.recordCells(undefined, this.realm.objectForPrimaryKey(MODEL, op.key) as RealmObjectLike, stamp, oracle);
      return;
    }
    if (object === null) return;
    if (op.op === "delete") {
      const generation = generationOf(object);
      const stamp = trackedWrite(this.realm, (tx) => (tx.delete(object), tx.stamp), { clock: this.clock });
      if (stamp !== undefined) oracle.record({ kind: "delete", device: this.index, key: op.key, generation, stamp });
      return;
    }
    const before = readItem(object);
    const stamp = trackedWrite(
      this.realm,
      (tx) => {
        if (op.op === "assign") tx.assign(object, { [op.field]: op.field === "tags" ? [...(op.value as string[])] : op.value });
        else if (op.op === "address") tx.assign(object, { address: op.value === null ? null : { ...op.value } });
        else if (before.address !== null) tx.update<{ address: { city: string | null } }>(object, (draft) => void (draft.address.city = op.value));
        return tx.stamp;
      },
      { clock: this.clock },
    );
    this.recordCells(before, object, stamp, oracle);
  }

  private recordCells(before: ReturnType<typeof readItem> | undefined, object: RealmObjectLike, stamp: Stamp | undefined, oracle: Oracle): void {
    if (stamp === undefined) return;
    const after = readItem(object);
    const generation = generationOf(object);
    for (const cell of changedCells(before, after)) {
      oracle.record({ kind: "cell", device: this.index, key: object._id as string, generation, cell, value: cellValue(after, cell), stamp });
    }
  }

  /**
   * Uploads the changes since the checkpoint (or every stamped field after a reset) into the
   * server, per field, then commits the point captured before the upload.
   */
  upload(server: Server, oracle: Oracle): void {
    const point = captureSyncPoint(this.realm, { clock: this.clock });
    const changeset = localChanges(collectUnsyncedChanges(this.realm, this.uploadFull ? null : this.checkpoint.since), this.realm, this.baseline);
    const { version } = server.upload(changeset);
    this.checkpoint.commit(point);
    this.uploadFull = false;
    oracle.uploaded(this.index, version);
  }

  /** Replaces the local realm by a fresh copy of the server and learns its stamps (law 2). */
  download(server: Server): void {
    this.adopt(server.download(), server.head);
  }

  /** Continues with `realm`, synced up to `version`; `baseline` is what the server already holds. */
  adopt(realm: StoreRealm, version: number, baseline: Baseline = baselineOf(realm)): void {
    this.realm = realm;
    this.lastSync = version;
    this.baseline = baseline;
    const newest = newestStampIn(realm);
    if (newest !== undefined) this.clock.receive(newest);
  }
}

/** The greatest stamp held by a realm (fields and tombstones). */
export function newestStampIn(realm: RealmLike): Stamp | undefined {
  let newest: Stamp | undefined;
  const see = (value: unknown): void => {
    if (typeof value === "string" && isStamp(value) && (newest === undefined || value > newest)) newest = value;
  };
  for (const object of realm.objects(MODEL)) for (const value of Object.values(stampsOf(object))) see(value);
  for (const tombstone of realm.objects("FieldRecoveryTombstone")) see(tombstone.stamp);
  return newest;
}

/** The stamps of each object and the tombstones of a realm, as downloaded. */
export interface Baseline {
  readonly objects: ReadonlyMap<string, string>;
  readonly tombstones: ReadonlySet<string>;
}

export function baselineOf(realm: RealmLike): Baseline {
  const objects = new Map<string, string>();
  for (const object of realm.objects(MODEL)) objects.set(object._id as string, JSON.stringify(stampsOf(object)));
  const tombstones = new Set<string>();
  for (const row of realm.objects("FieldRecoveryTombstone")) tombstones.add(`${String(row._id)}|${String(row.stamp)}`);
  return { objects, tombstones };
}

/**
 * Drops from `changeset` what came from the last download unchanged (objects whose stamps are
 * as downloaded, known tombstones): like Realm, a device uploads its own changes only, never
 * re-sends what it downloaded (which would repair server losses by accident).
 */
function localChanges(changeset: Changeset, realm: RealmLike, baseline: Baseline): Changeset {
  const objects = changeset.objects.filter((change) => {
    const object = realm.objectForPrimaryKey(MODEL, change.key.slice(2));
    return object === null || baseline.objects.get(change.key.slice(2)) !== JSON.stringify(stampsOf(object));
  });
  const tombstones = changeset.tombstones.filter((t) => !baseline.tombstones.has(`${t.model}/${t.key}|${t.stamp}`));
  return { ...changeset, objects, tombstones };
}
