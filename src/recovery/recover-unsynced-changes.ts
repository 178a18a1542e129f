// recoverUnsyncedChanges: the one call an app makes after a client reset — extract the
// backup's unsynced edits, merge them into the fresh realm in one transaction, return the report.
import { getDefaultClock } from "../clock/default-clock.js";
import type { HybridClock, Stamp } from "../clock/index.js";
import { InvalidOptionError } from "../errors.js";
import type { RealmLike } from "../realm-like.js";
import type { ApplyOptions } from "./apply-changes.js";
import { applyChangesWith } from "./apply-changes.js";
import { collectChanges } from "./collect-unsynced-changes.js";
import type { CollectOptions } from "./collect-unsynced-changes.js";
import { LazyBases } from "./lazy-base.js";
import { receiveNewestStamp } from "./receive-newest-stamp.js";
import type { RecoveryReport } from "./report.js";

/** Options of `recoverUnsyncedChanges`. */
export interface RecoverOptions extends ApplyOptions {
  /** The pre-reset realm (opened read-only); never written. */
  readonly backup: RealmLike;
  /** The freshly downloaded realm. */
  readonly fresh: RealmLike;
  /**
   * The committed checkpoint: edits stamped after it are recovered. `null`: full merge,
   * every stamped field compared with the fresh realm (docs/recovery.md, "Full or since").
   */
  readonly since: Stamp | null;
  /**
   * The device's clock (the one its tracked writes use). After the run it receives the newest
   * stamp of the fresh realm and of the backup's changeset (`receiveNewestStamp`), so every
   * later write stamps above everything the recovery saw (law 2). Also after a dry run.
   * @default getDefaultClock()
   */
  readonly clock?: HybridClock;
}

/**
 * Extracts the backup's unsynced changes and applies them to the fresh realm.
 * @throws InvalidOptionError when backup and fresh are the same realm, or `since` lies beyond the drift bound.
 */
export function recoverUnsyncedChanges(options: RecoverOptions): RecoveryReport {
  const { backup, fresh, since, clock, ...apply } = options;
  if (backup === fresh || (typeof backup.path === "string" && backup.path !== "" && backup.path === fresh.path)) {
    throw new InvalidOptionError(
      `recoverUnsyncedChanges got the same realm (${JSON.stringify(fresh.path)}) as backup and fresh: nothing can be recovered from a realm into itself. Pass the pre-reset backup (opened read-only from the path the client reset moved it to) as backup, and the freshly downloaded realm as fresh`,
    );
  }
  const collectOptions: CollectOptions = {
    ...(options.tracking === undefined ? {} : { tracking: options.tracking }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  };
  // The lazy base (lazy-base.ts): unchanged values are read only for objects the merge may
  // re-create or the report carries. Strict mode reads them all: a problem found while reading one
  // must stop the run before the plan, as an extraction problem does.
  const collected = collectChanges(backup, since, collectOptions, options.strict !== true);
  const { changeset } = collected;
  const bases = collected.lazy.size === 0 ? undefined : new LazyBases(backup, changeset, collected, collectOptions);
  let report = applyChangesWith(fresh, changeset, apply, bases === undefined ? { trusted: true } : { trusted: true, onMissing: (model, key) => bases.fillKey(model, key) });
  if (bases !== undefined) report = bases.fillReported(report);
  receiveNewestStamp(clock ?? getDefaultClock(), fresh, {
    changeset,
    stamps: [collected.newestOmitted],
    ...(options.tracking === undefined ? {} : { tracking: options.tracking }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return report;
}
