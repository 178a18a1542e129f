// The reset-in-progress marker and its cycle guard: a recovery that keeps failing (or
// crashing the app) is stopped after a bounded number of attempts, the backup kept.
import { FieldRecoveryError, InvalidOptionError } from "../errors.js";
import type { LocalStateStorage } from "../clock/index.js";

/** Prefix of the marker key in LocalStateStorage; the realm path follows. */
export const RECOVERY_MARKER_PREFIX = "realm-field-recovery/recovery/";

/**
 * One backup's unfinished recovery. Stored under the realm's key: format 1 (this object) while
 * one backup is pending, format 2 (`{ "v": 2, "backups": [ … ] }`, oldest first) while several
 * are (docs/storage-format.md). Attempts count per backup: a new reset's backup starts at 0.
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
  /**
   * The checkpoint when the reset moved this backup aside (the adapters record it): a backup
   * recovered after later resets is read against it, not against a checkpoint that moved on.
   */
  readonly since?: string | null;
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

/** Where the recovery marker is stored: the guard's `storage` and `realmPath`. */
export type StorageOptions = Pick<RecoveryGuardOptions, "storage" | "realmPath">;

function isMarker(value: unknown): value is RecoveryMarker {
  const data = value as Partial<RecoveryMarker> | null;
  return typeof data === "object" && data !== null && data.v === 1 && typeof data.attempts === "number" && typeof data.firstAttemptAt === "number";
}

/**
 * Every backup of this realm not yet recovered (nor discarded), oldest first: what support (or
 * the app) needs to find them. Unreadable stored data counts as one attempt of an unknown backup.
 */
export function pendingBackups(options: StorageOptions): readonly RecoveryMarker[] {
  const text = options.storage.get(keyOf(options.realmPath));
  if (text === undefined || text === "") return [];
  try {
    const data = JSON.parse(text) as unknown;
    if (isMarker(data)) return [data];
    const list = (data as { v?: unknown; backups?: unknown } | null)?.backups;
    if ((data as { v?: unknown }).v === 2 && Array.isArray(list) && list.every(isMarker)) return list;
  } catch {
    // fall through
  }
  return [{ v: 1, attempts: 1, firstAttemptAt: 0, lastError: "unreadable recovery marker" }];
}

/** Stores the list: `""` when empty, format 1 for one backup (readable by 0.2), format 2 for several. */
function writePending(options: StorageOptions, list: readonly RecoveryMarker[]): void {
  options.storage.set(keyOf(options.realmPath), list.length === 0 ? "" : list.length === 1 ? JSON.stringify(list[0]) : JSON.stringify({ v: 2, backups: list }));
}

/** Replaces the entry of `marker.backupPath` in place, or adds it at the end (the list stays oldest first). */
export function writeRecoveryMarker(options: StorageOptions, marker: RecoveryMarker): void {
  const list = [...pendingBackups(options)];
  const index = list.findIndex((entry) => entry.backupPath === marker.backupPath);
  if (index === -1) list.push(marker);
  else list[index] = marker;
  writePending(options, list);
}

/**
 * The marker of an unfinished recovery, or `undefined`: the entry of `backupPath` when given,
 * else the newest. Unreadable markers count as one attempt.
 */
export function readRecoveryMarker(options: StorageOptions & { readonly backupPath?: string }): RecoveryMarker | undefined {
  const list = pendingBackups(options);
  if (options.backupPath === undefined) return list[list.length - 1];
  return list.find((entry) => entry.backupPath === options.backupPath) ?? list.find((entry) => entry.backupPath === undefined);
}

/**
 * Forgets a marker: the entry of `backupPath` when given (after its recovery succeeded, or when
 * the app discards that backup), else every entry (to retry after `RecoveryCycleError`).
 */
export function clearRecoveryMarker(options: StorageOptions & { readonly backupPath?: string }): void {
  if (options.backupPath === undefined) {
    options.storage.set(keyOf(options.realmPath), "");
    return;
  }
  const path = options.backupPath;
  writePending(options, pendingBackups(options).filter((entry) => entry.backupPath !== path && entry.backupPath !== undefined));
}

/** The app gives up on a backup (e.g. after reading its `RecoveryCycleError`): it leaves the list; the file is the app's to delete. */
export function discardPendingBackup(options: StorageOptions & { readonly backupPath: string }): void {
  clearRecoveryMarker(options);
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
  // Attempts count per backup: another backup's exhausted attempts do not stop this one.
  const previous = readRecoveryMarker(options);
  if (previous !== undefined && previous.attempts >= maxAttempts) throw new RecoveryCycleError(previous, options.realmPath);
  const backupPath = options.backupPath ?? previous?.backupPath;
  const marker: RecoveryMarker = {
    v: 1,
    attempts: (previous?.attempts ?? 0) + 1,
    firstAttemptAt: previous?.firstAttemptAt ?? (options.now ?? Date.now)(),
    ...(backupPath === undefined ? {} : { backupPath }),
    ...(previous?.since === undefined ? {} : { since: previous.since }),
  };
  if (previous !== undefined && previous.backupPath !== backupPath) clearRecoveryMarker({ ...options, backupPath: previous.backupPath ?? "" });
  writeRecoveryMarker(options, marker);
  let result: T;
  try {
    result = recover();
  } catch (error) {
    writeRecoveryMarker(options, { ...marker, lastError: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  if (backupPath === undefined) clearRecoveryMarker(options);
  else clearRecoveryMarker({ ...options, backupPath });
  return result;
}
