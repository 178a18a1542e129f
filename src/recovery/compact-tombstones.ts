// Tombstones must not grow forever: once a delete is both synced (≤ the checkpoint) and older
// than the server's maximum offline time, every device that could still miss it gets reset anyway.
import { isStamp, stampAt } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import { InvalidOptionError } from "../errors.js";
import type { RealmLike, RealmObjectLike } from "../realm-like.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { TrackingOptions } from "../schema/tracking-options.js";

/** Default of `maxOfflineMs`: 30 days. */
export const DEFAULT_MAX_OFFLINE_MS = 30 * 86_400_000;

/** Options of `compactTombstones`. */
export interface CompactTombstonesOptions {
  /** The committed checkpoint: only tombstones at or below it are known to be on the server. */
  readonly since: Stamp;
  /**
   * The server's maximum offline time (client max offline / history trimming), in ms.
   * @default 2_592_000_000 (30 days)
   */
  readonly maxOfflineMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default {} */
  readonly tracking?: TrackingOptions;
}

/**
 * Deletes tombstones stamped at or below `since` and older than `now - maxOfflineMs`, in one
 * write transaction. Malformed tombstones are left alone. Returns how many were removed.
 */
export function compactTombstones(realm: RealmLike, options: CompactTombstonesOptions): number {
  if (!isStamp(options.since)) throw new InvalidOptionError(`Invalid since ${JSON.stringify(options.since)}: expected the committed checkpoint stamp`);
  const maxOfflineMs = options.maxOfflineMs ?? DEFAULT_MAX_OFFLINE_MS;
  if (typeof maxOfflineMs !== "number" || !(maxOfflineMs >= 0)) throw new InvalidOptionError(`Invalid maxOfflineMs ${String(maxOfflineMs)}: expected milliseconds >= 0 (default 30 days)`);
  const tracking = resolveTrackingOptions(options.tracking);
  if (!realm.schema.some((model) => model.name === tracking.tombstoneModel)) return 0;
  const cutoff = stampAt((options.now ?? Date.now)() - maxOfflineMs);
  const doomed: RealmObjectLike[] = [];
  for (const row of realm.objects(tracking.tombstoneModel)) {
    const stamp = row.stamp;
    if (typeof stamp === "string" && isStamp(stamp) && stamp <= options.since && stamp < cutoff) doomed.push(row);
  }
  if (doomed.length > 0) realm.write(() => realm.delete(doomed));
  return doomed.length;
}
