// The sync point: a stamp greater than every tracked write committed so far, captured
// BEFORE an upload starts (law 7). Date.now() after the upload would also cover writes made
// while it was in flight, which the upload may not have carried.
import { getDefaultClock } from "../clock/default-clock.js";
import type { HybridClock } from "../clock/hybrid-clock.js";
import type { Stamp } from "../clock/stamp.js";
import type { RealmLike } from "../realm-like.js";
import { WriteInProgressError } from "./checkpoint-errors.js";

/** Options of `captureSyncPoint`. */
export interface CaptureSyncPointOptions {
  /**
   * The clock that stamps tracked writes: the point is `clock.now()`, greater than every
   * stamp it issued so far. Must be the clock tracking uses.
   * @default getDefaultClock()
   */
  readonly clock?: HybridClock;
}

/**
 * Returns a stamp covering every tracked write committed to `realm` so far: each has a
 * smaller stamp, and every later write a greater one. Call it right before starting an
 * upload; commit it to a `SyncCheckpoint` only once that upload has completed.
 * @throws WriteInProgressError (code `WRITE_IN_PROGRESS`) inside a write transaction.
 */
export function captureSyncPoint(realm: Pick<RealmLike, "isInTransaction" | "path">, options: CaptureSyncPointOptions = {}): Stamp {
  if (realm.isInTransaction) throw new WriteInProgressError(realm.path);
  return (options.clock ?? getDefaultClock()).now();
}
