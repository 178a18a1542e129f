// rebaseOnSnapshot: for custom sync backends that answer "start over from this snapshot": the
// device's unsynced edits (local) are merged field by field into the server snapshot.
import type { Stamp } from "../clock/index.js";
import { InvalidOptionError } from "../errors.js";
import type { RealmLike } from "../realm-like.js";
import type { CanWrite } from "../recovery/merge-plan.js";
import { recoverUnsyncedChanges } from "../recovery/recover-unsynced-changes.js";
import type { RecoveryReport } from "../recovery/report.js";
import type { RecoveryTuning } from "./backup-recovery.js";

/** Options of `rebaseOnSnapshot`. */
export interface RebaseOnSnapshotOptions extends RecoveryTuning {
  /** The device's realm as it was before starting over (read only, never written). */
  readonly local: RealmLike;
  /** The server's state opened as a realm (receives the merge; becomes the device's realm). */
  readonly snapshot: RealmLike;
  /** The device's checkpoint: its edits stamped after it are re-applied. `null`: full merge. */
  readonly since: Stamp | null;
  /** What the server would accept; refusals are reported as `DENIED` with their reason. */
  readonly canWrite?: CanWrite;
  /** Plan and report without writing. @default false */
  readonly dryRun?: boolean;
}

/**
 * Re-applies `local`'s unsynced edits onto `snapshot` in one transaction and returns the report.
 * @throws InvalidOptionError when `local` and `snapshot` are the same realm.
 */
export function rebaseOnSnapshot(options: RebaseOnSnapshotOptions): RecoveryReport {
  const { local, snapshot, ...rest } = options;
  if (local === snapshot || (local.path !== "" && local.path === snapshot.path)) {
    throw new InvalidOptionError(`rebaseOnSnapshot got the same realm (${JSON.stringify(local.path)}) as local and snapshot: open the server snapshot as its own realm`);
  }
  return recoverUnsyncedChanges({ ...rest, backup: local, fresh: snapshot });
}
