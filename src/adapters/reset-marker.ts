// The reset-in-progress marker for async flows, in the format of recovery's RecoveryMarker
// (src/recovery/recovery-guard.ts): remembered across app kills, cleared only after success.
import type { LocalStateStorage } from "../clock/index.js";
import { InvalidOptionError } from "../errors.js";
import { RECOVERY_MARKER_PREFIX, RecoveryCycleError, clearRecoveryMarker, readRecoveryMarker } from "../recovery/recovery-guard.js";
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

const write = (options: ResetMarkerOptions, marker: RecoveryMarker): void =>
  options.storage.set(`${RECOVERY_MARKER_PREFIX}${options.realmPath}`, JSON.stringify(marker));

export function maxAttemptsOf(options: ResetMarkerOptions): number {
  const max = options.maxAttempts ?? 3;
  if (!Number.isSafeInteger(max) || max < 1) throw new InvalidOptionError(`Invalid maxAttempts ${String(max)}: expected an integer >= 1 (default 3)`);
  return max;
}

/**
 * Remembers `backupPath` as pending (attempt count unchanged) right after the SDK moved the
 * file, so an app killed before recovery finishes resumes from it at the next launch.
 */
export function markResetPending(options: ResetMarkerOptions, backupPath: string): RecoveryMarker {
  const previous = readRecoveryMarker(options);
  const marker: RecoveryMarker = {
    v: 1,
    attempts: previous?.attempts ?? 0,
    firstAttemptAt: previous?.firstAttemptAt ?? (options.now ?? Date.now)(),
    backupPath,
    ...(previous?.lastError === undefined ? {} : { lastError: previous.lastError }),
  };
  write(options, marker);
  return marker;
}

/**
 * Runs one recovery attempt under the marker: refuses once `maxAttempts` were used (the backup
 * is kept), counts the attempt before running (a kill counts), records the error on failure,
 * clears the marker on success.
 * @throws RecoveryCycleError when attempts are exhausted.
 */
export async function guardRecoveryAttempt<T>(options: ResetMarkerOptions, backupPath: string, attempt: () => Promise<T>): Promise<T> {
  const max = maxAttemptsOf(options);
  const previous = readRecoveryMarker(options);
  if (previous !== undefined && previous.attempts >= max) throw new RecoveryCycleError({ ...previous, backupPath: previous.backupPath ?? backupPath }, options.realmPath);
  const marker: RecoveryMarker = {
    v: 1,
    attempts: (previous?.attempts ?? 0) + 1,
    firstAttemptAt: previous?.firstAttemptAt ?? (options.now ?? Date.now)(),
    backupPath,
  };
  write(options, marker);
  let result: T;
  try {
    result = await attempt();
  } catch (error) {
    write(options, { ...marker, lastError: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  clearRecoveryMarker(options);
  return result;
}

export { clearRecoveryMarker, readRecoveryMarker };
