// The reset-in-progress marker and its cycle guard: a recovery that keeps failing (or
// crashing the app) is stopped after a bounded number of attempts, the backup kept.
import { FieldRecoveryError, InvalidOptionError } from "../errors.js";
import type { LocalStateStorage } from "../clock/index.js";

/** Prefix of the marker key in LocalStateStorage; the realm path follows. */
export const RECOVERY_MARKER_PREFIX = "realm-field-recovery/recovery/";

/**
 * The stored marker. Format versions: 1 — 0.1.0 (this shape).
 */
export interface RecoveryMarker {
  readonly v: 1;
  /** Attempts started so far (a crash counts: the marker is written before running). */
  readonly attempts: number;
  /** Wall-clock ms of the first attempt. */
  readonly firstAttemptAt: number;
  /** Where the backup realm is, so a later run (or support) can find it. */
  readonly backupPath?: string;
  /** Message of the last failure, when one was caught. */
  readonly lastError?: string;
}

/** Options of `guardRecovery` and `readRecoveryMarker`. */
export interface RecoveryGuardOptions {
  /** Device-local storage (outside the synced realm). */
  readonly storage: LocalStateStorage;
  /** The synced realm's path: one marker per realm. */
  readonly realmPath: string;
  /** Path of the backup, recorded in the marker. */
  readonly backupPath?: string;
  /**
   * Attempts allowed before `RecoveryCycleError`.
   * @default 3
   */
  readonly maxAttempts?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Thrown when a recovery already failed `maxAttempts` times (code `RECOVERY_CYCLE`). */
export class RecoveryCycleError extends FieldRecoveryError {
  readonly marker: RecoveryMarker;

  constructor(marker: RecoveryMarker, realmPath: string) {
    super(
      "RECOVERY_CYCLE",
      `Recovery of ${JSON.stringify(realmPath)} was attempted ${marker.attempts} times without success${marker.lastError === undefined ? "" : ` (last error: ${marker.lastError})`}; stopped to avoid a reset loop. ` +
        `The backup is kept${marker.backupPath === undefined ? "" : ` at ${JSON.stringify(marker.backupPath)}`}: fix the cause, then call clearRecoveryMarker to try again`,
    );
    this.marker = marker;
  }
}

const keyOf = (realmPath: string): string => `${RECOVERY_MARKER_PREFIX}${realmPath}`;

/** The marker of an unfinished recovery, or `undefined`. Unreadable markers count as one attempt. */
export function readRecoveryMarker(options: Pick<RecoveryGuardOptions, "storage" | "realmPath">): RecoveryMarker | undefined {
  const text = options.storage.get(keyOf(options.realmPath));
  if (text === undefined || text === "") return undefined;
  try {
    const data = JSON.parse(text) as Partial<RecoveryMarker>;
    if (data.v === 1 && typeof data.attempts === "number" && typeof data.firstAttemptAt === "number") return data as RecoveryMarker;
  } catch {
    // fall through
  }
  return { v: 1, attempts: 1, firstAttemptAt: 0, lastError: "unreadable recovery marker" };
}

/** Forgets the marker (after a success, or to retry after `RecoveryCycleError`). */
export function clearRecoveryMarker(options: Pick<RecoveryGuardOptions, "storage" | "realmPath">): void {
  options.storage.set(keyOf(options.realmPath), "");
}

/**
 * Runs `recover` under the marker: refuses when `maxAttempts` were already used, records the
 * attempt before running (so a crash counts), clears the marker on success, records the
 * error on failure and rethrows it.
 * @throws RecoveryCycleError when attempts are exhausted.
 */
export function guardRecovery<T>(options: RecoveryGuardOptions, recover: () => T): T {
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new InvalidOptionError(`Invalid maxAttempts ${String(maxAttempts)}: expected an integer >= 1 (default 3)`);
  const previous = readRecoveryMarker(options);
  if (previous !== undefined && previous.attempts >= maxAttempts) throw new RecoveryCycleError(previous, options.realmPath);
  const marker: RecoveryMarker = {
    v: 1,
    attempts: (previous?.attempts ?? 0) + 1,
    firstAttemptAt: previous?.firstAttemptAt ?? (options.now ?? Date.now)(),
    ...(options.backupPath === undefined ? (previous?.backupPath === undefined ? {} : { backupPath: previous.backupPath }) : { backupPath: options.backupPath }),
  };
  options.storage.set(keyOf(options.realmPath), JSON.stringify(marker));
  let result: T;
  try {
    result = recover();
  } catch (error) {
    options.storage.set(keyOf(options.realmPath), JSON.stringify({ ...marker, lastError: error instanceof Error ? error.message : String(error) }));
    throw error;
  }
  clearRecoveryMarker(options);
  return result;
}
