// resumePendingRecovery: at app launch, finishes a recovery that an app kill (or a failed step)
// interrupted, from the backup path the reset marker remembers.
import { BackupMissingError } from "./adapter-errors.js";
import { recoverBackup, step } from "./backup-recovery.js";
import type { BackupRecoveryOptions, RecoveryOutcome } from "./backup-recovery.js";
import { clearRecoveryMarker, maxAttemptsOf, pendingBackups } from "./reset-marker.js";
import { defaultResetQueue } from "./reset-queue.js";
import type { SyncedRealmLike } from "./sync-sdk-types.js";

/** Options of `resumePendingRecovery`. */
export interface ResumePendingRecoveryOptions extends BackupRecoveryOptions {
  /** Path of the synced realm (its marker key). */
  readonly realmPath: string;
  /** The synced realm as the app opened it at launch. */
  readonly fresh: SyncedRealmLike;
  /**
   * Whether a file exists; a missing backup clears the marker and reports `BACKUP_MISSING`.
   * @default () => true (opening it then fails and counts as an attempt)
   */
  readonly backupExists?: (path: string) => boolean | Promise<boolean>;
}

/** What `resumePendingRecovery` found and did. */
export type ResumeOutcome =
  | { readonly status: "none"; readonly realmPath: string }
  | RecoveryOutcome
  | { readonly status: "failed"; readonly realmPath: string; readonly backupPath: string; readonly error: unknown };

/**
 * Call at launch, after opening the synced realm: if a reset marker names a backup, waits for
 * the download, recovers it (counted against `maxAttempts`), uploads and removes it. With several
 * pending backups (`pendingBackups`) it takes the oldest with attempts left: call it again for the next. Never rejects:
 * failures (`RecoveryCycleError`, `ClientResetStepError`, `BackupMissingError`) come back as `status: "failed"`.
 */
export async function resumePendingRecovery(options: ResumePendingRecoveryOptions): Promise<ResumeOutcome> {
  const { realmPath, fresh } = options;
  // The oldest pending backup with attempts left (else the newest, whose guard then reports the cycle).
  const pending = pendingBackups(options).filter((entry) => entry.backupPath !== undefined);
  const max = maxAttemptsOf({ ...options, realmPath });
  const marker = pending.find((entry) => entry.attempts < max) ?? pending[pending.length - 1];
  const backupPath = marker?.backupPath;
  if (marker === undefined || backupPath === undefined) return { status: "none", realmPath };
  return (options.queue ?? defaultResetQueue).run(realmPath, backupPath, async (): Promise<ResumeOutcome> => {
    try {
      if (options.backupExists !== undefined && !(await options.backupExists(backupPath))) {
        clearRecoveryMarker({ ...options, backupPath });
        throw new BackupMissingError(realmPath, backupPath);
      }
      const session = fresh.syncSession ?? undefined;
      if (session !== undefined) await step("download", realmPath, backupPath, options.onStep, () => session.downloadAllServerChanges());
      const outcome = await recoverBackup(realmPath, backupPath, fresh, options);
      return outcome;
    } catch (error) {
      return { status: "failed", realmPath, backupPath, error };
    }
  });
}
