// The committed sync checkpoint `since` of one synced realm: every tracked write with a
// stamp <= since is known to be on the server. Kept in local storage, never in the synced
// realm, and it only moves forward (law 7).
import { parseStamp, stampProblem } from "../clock/stamp.js";
import type { Stamp } from "../clock/stamp.js";
import type { LocalStateStorage } from "../clock/state-storage.js";
import { InvalidOptionError } from "../errors.js";
import type { RealmLike } from "../realm-like.js";
import { captureSyncPoint } from "./capture-sync-point.js";
import type { CaptureSyncPointOptions } from "./capture-sync-point.js";
import { CorruptCheckpointError } from "./checkpoint-errors.js";

/** Version of the persisted checkpoint value. 1: `{ "v": 1, "since": "<stamp>" }`. */
export const CHECKPOINT_FORMAT = 1;
/** Prefix of the storage key; the synced realm's path follows it. */
export const CHECKPOINT_KEY_PREFIX = "realm-field-recovery/checkpoint/";

/** Options of `SyncCheckpoint`. */
export interface SyncCheckpointOptions {
  /** Path of the synced realm (`realm.path`): each realm path has its own checkpoint. */
  readonly realmPath: string;
  /**
   * Where the checkpoint is kept. Must live outside the synced realm (a client reset
   * replaces that realm, and the checkpoint must survive it): `fileStateStorage`,
   * `realmStateStorage` on a local realm, or your own.
   */
  readonly storage: LocalStateStorage;
  /**
   * Storage key of this checkpoint.
   * @default "realm-field-recovery/checkpoint/" + realmPath
   */
  readonly key?: string;
}

/** What `afterUpload` did. */
export interface SyncCommit {
  /** The point captured before the upload started. */
  readonly point: Stamp;
  /** `false` when a concurrent upload had already committed a greater point. */
  readonly moved: boolean;
}

/**
 * The sync checkpoint of one synced realm, persisted in device-local storage outside that
 * realm. Use `afterUpload` around `session.uploadAllLocalChanges()`; pass `since` to recovery.
 */
export class SyncCheckpoint {
  readonly realmPath: string;
  readonly key: string;
  readonly #storage: LocalStateStorage;

  constructor(options: SyncCheckpointOptions) {
    if (typeof options.realmPath !== "string" || options.realmPath.length === 0) {
      throw new InvalidOptionError(`Invalid realmPath ${JSON.stringify(options.realmPath)}: expected the synced realm's path (realm.path)`);
    }
    if (typeof options.storage?.get !== "function" || typeof options.storage.set !== "function") {
      throw new InvalidOptionError("Invalid storage: expected a LocalStateStorage ({ get(key), set(key, value) }), e.g. fileStateStorage(path)");
    }
    this.realmPath = options.realmPath;
    this.key = options.key ?? CHECKPOINT_KEY_PREFIX + options.realmPath;
    this.#storage = options.storage;
    this.#read(); // fail early on unreadable data
  }

  /**
   * The committed checkpoint, or `null` when no upload has completed yet (then recovery
   * must run a full merge). Read from storage on each access, so several instances on one
   * storage agree.
   * @throws CorruptCheckpointError if the stored value cannot be read.
   */
  get since(): Stamp | null {
    return this.#read();
  }

  /**
   * Moves the checkpoint forward to `point`; a point smaller than or equal to the committed
   * one is ignored. Only commit a point captured before an upload that then completed.
   * @returns whether the checkpoint moved.
   * @throws MalformedStampError if `point` is not a stamp.
   */
  commit(point: Stamp): boolean {
    parseStamp(point);
    const since = this.#read();
    if (since !== null && point <= since) return false;
    this.#storage.set(this.key, JSON.stringify({ v: CHECKPOINT_FORMAT, since: point }));
    return true;
  }

  /**
   * Captures a sync point, runs `upload` (e.g. `() => realm.syncSession.uploadAllLocalChanges()`),
   * and commits the point once it resolves. A rejected upload commits nothing and rethrows.
   * Concurrent calls are safe: each commits its own point, and commits only move forward.
   * @throws WriteInProgressError when called inside a write transaction (before uploading).
   */
  async afterUpload(
    realm: Pick<RealmLike, "isInTransaction" | "path">,
    upload: () => Promise<unknown>,
    options: CaptureSyncPointOptions = {},
  ): Promise<SyncCommit> {
    const point = captureSyncPoint(realm, options);
    await upload();
    return { point, moved: this.commit(point) };
  }

  #read(): Stamp | null {
    const text = this.#storage.get(this.key);
    if (text === undefined) return null;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CorruptCheckpointError(this.realmPath, this.key, `the stored value is not JSON (${JSON.stringify(text.slice(0, 60))})`, { cause: error });
    }
    if (typeof data !== "object" || data === null || !("v" in data)) {
      throw new CorruptCheckpointError(this.realmPath, this.key, `expected { "v": ${CHECKPOINT_FORMAT}, "since": "<stamp>" }, got ${JSON.stringify(text.slice(0, 60))}`);
    }
    const { v, since } = data as { v: unknown; since?: unknown };
    if (v !== CHECKPOINT_FORMAT) {
      throw new CorruptCheckpointError(
        this.realmPath,
        this.key,
        `format version ${JSON.stringify(v)} is not supported (this version reads ${CHECKPOINT_FORMAT}); it was written by another version of realm-field-recovery`,
      );
    }
    const problem = stampProblem(since);
    if (problem !== undefined) throw new CorruptCheckpointError(this.realmPath, this.key, `"since" is not a stamp (got ${problem})`);
    return since as Stamp;
  }
}
