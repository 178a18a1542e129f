// The reset-in-progress marker for async flows, in the format of recovery's RecoveryMarker
// (src/recovery/recovery-guard.ts): remembered across app kills, cleared only after success.
import type { LocalStateStorage } from "../clock/index.js";
import { InvalidOptionError } from "../errors.js";
import { RecoveryCycleError, clearRecoveryMarker, discardPendingBackup, pendingBackups, readRecoveryMarker, writeRecoveryMarker } from "../recovery/recovery-guard.js";
import type { RecoveryMarker } from "../recovery/recovery-guard.js";

/** Where the marker lives and how many attempts it allows. */
export interface ResetMarkerOptions {
  readonly storage: LocalStateStorage;
  /** The synced realm's path: one marker per realm. */
  readonly realmPath: string;
  /**
   * Failed (or killed) recovery attempts allowed before `RecoveryCycleError`.
   * @default 3
   */
  readonly maxAttempts?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

export function maxAttemptsOf(options: ResetMarkerOptions): number {
  const max = options.maxAttempts ?? 3;
  if (!Number.isSafeInteger(max) || max < 1) throw new InvalidOptionError(`Invalid maxAttempts ${String(max)}: expected an integer >= 1 (default 3)`);
  return max;
}

/**
 * Remembers `backupPath` as pending (attempt count unchanged) right after the SDK moved the
 * file, so an app killed before recovery finishes resumes from it at the next launch. Other
 * pending backups stay listed (`pendingBackups`). `since`: the checkpoint at that moment, which
 * this backup is read against even if it is recovered after later resets.
 */
export function markResetPending(options: ResetMarkerOptions, backupPath: string, since?: string | null): RecoveryMarker {
  const previous = readRecoveryMarker({ ...options, backupPath });
  const own = previous?.backupPath === backupPath ? previous : undefined;
  const recordedSince = own?.since !== undefined ? own.since : since;
  const marker: RecoveryMarker = {
    v: 1,
    attempts: own?.attempts ?? 0,
    firstAttemptAt: own?.firstAttemptAt ?? (options.now ?? Date.now)(),
    backupPath,
    ...(own?.lastError === undefined ? {} : { lastError: own.lastError }),
    ...(recordedSince === undefined ? {} : { since: recordedSince }),
  };
  writeRecoveryMarker(options, marker);
  return marker;
}

/**
 * Runs one recovery attempt of `backupPath` under its marker: refuses once `maxAttempts` were
 * used on THIS backup (it is kept, and stays listed), counts the attempt before running (a kill
 * counts), records the error on failure, removes the backup's entry on success.
 * @throws RecoveryCycleError when this backup's attempts are exhausted.
 */
export async function guardRecoveryAttempt<T>(options: ResetMarkerOptions, backupPath: string, attempt: (marker: RecoveryMarker) => Promise<T>): Promise<T> {
  const max = maxAttemptsOf(options);
  const found = readRecoveryMarker({ ...options, backupPath });
  // A legacy or unreadable entry without a path counts for this backup.
  const previous = found?.backupPath === backupPath || found?.backupPath === undefined ? found : undefined;
  if (previous !== undefined && previous.attempts >= max) throw new RecoveryCycleError({ ...previous, backupPath }, options.realmPath);
  const marker: RecoveryMarker = {
    v: 1,
    attempts: (previous?.attempts ?? 0) + 1,
    firstAttemptAt: previous?.firstAttemptAt ?? (options.now ?? Date.now)(),
    backupPath,
    ...(previous?.since === undefined ? {} : { since: previous.since }),
  };
  if (previous !== undefined && previous.backupPath === undefined) clearRecoveryMarker({ ...options, backupPath });
  writeRecoveryMarker(options, marker);
  let result: T;
  try {
    result = await attempt(marker);
  } catch (error) {
    writeRecoveryMarker(options, { ...marker, lastError: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  clearRecoveryMarker({ ...options, backupPath });
  return result;
}

export { clearRecoveryMarker, discardPendingBackup, pendingBackups, readRecoveryMarker };
