// The data half of every reset flow: open the backup read-only, read the checkpoint, recover,
// upload, close the backup, clear the marker, and only then remove the backup.
import type { HybridClock, LocalStateStorage, Stamp } from "../clock/index.js";
import { SyncCheckpoint } from "../checkpoint/sync-checkpoint.js";
import type { SyncCommit } from "../checkpoint/sync-checkpoint.js";
import type { RealmLike } from "../realm-like.js";
import type { CanWrite, DenialReason } from "../recovery/merge-plan.js";
import { recoverUnsyncedChanges } from "../recovery/recover-unsynced-changes.js";
import type { RecoverOptions } from "../recovery/recover-unsynced-changes.js";
import type { RecoveryReport } from "../recovery/report.js";
import { ClientResetStepError } from "./adapter-errors.js";
import type { ResetStep } from "./adapter-errors.js";
import { guardRecoveryAttempt } from "./reset-marker.js";
import type { ResetQueue } from "./reset-queue.js";
import type { SyncedRealmLike } from "./sync-sdk-types.js";
import { combineWriteChecks } from "./combine-write-checks.js";

/** Engine options passed through to `recoverUnsyncedChanges` (policies, tracking, strict…). */
export type RecoveryTuning = Omit<RecoverOptions, "backup" | "fresh" | "since" | "canWrite" | "writeAnyway" | "dryRun">;

/** The two realms of a recovery, for checks that need both. */
export interface RecoveryRealms {
  readonly backup: RealmLike;
  readonly fresh: RealmLike;
}

/** Options shared by every flow that recovers a backup. */
export interface BackupRecoveryOptions {
  /** Device-local storage holding the checkpoint and the reset marker (outside the synced realm). */
  readonly storage: LocalStateStorage;
  /**
   * The synced realm's checkpoint.
   * @default new SyncCheckpoint({ realmPath, storage })
   */
  readonly checkpoint?: SyncCheckpoint;
  /** Opens the backup read-only, e.g. `(path) => new Realm({ path, readOnly: true })`. */
  readonly openBackup: (path: string) => RealmLike | Promise<RealmLike>;
  /**
   * Deletes the backup file once its recovery succeeded and was uploaded. Omit to keep it.
   * Never called when recovery failed.
   */
  readonly removeBackup?: (path: string) => void | Promise<void>;
  /**
   * Whether `removeBackup` also runs when the report holds skipped entries or errors (edits
   * not recovered: deleted on the server, denied, a model the fresh schema dropped…). By
   * default such a backup is kept (`keptForSkips` in the outcome), so the report is not the
   * only copy of those values; pass `true`, or a function of the report, to remove it anyway.
   * @default false
   */
  readonly removeBackupWithSkips?: boolean | ((report: RecoveryReport) => boolean);
  /** What the server would accept: `subscriptionFilter(...)`, `permissionCheck(...)`, `combineWriteChecks(...)`. */
  readonly canWrite?: CanWrite;
  /** Builds the check once both realms are open (e.g. `({ backup, fresh }) => subscriptionFilter(fresh, { objectsIn: [backup, fresh] })`). Combined after `canWrite`. */
  readonly writeChecks?: (realms: RecoveryRealms) => CanWrite;
  /**
   * Refusal reasons written anyway (the server may revert them; the report lists them in `writtenAnyway`).
   * @default []
   */
  readonly writeAnyway?: readonly DenialReason[];
  /** Passed to `recoverUnsyncedChanges`. @default {} */
  readonly recovery?: RecoveryTuning;
  /**
   * The clock tracking stamps with: it receives the newest stamp the recovery saw (law 2), and
   * stamps the checkpoint commit after the upload.
   * @default getDefaultClock()
   */
  readonly clock?: HybridClock;
  /**
   * Failed or interrupted attempts on one realm before `RecoveryCycleError`.
   * @default 3
   */
  readonly maxAttempts?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Called as each step starts. */
  readonly onStep?: (step: ResetStep) => void;
  /**
   * Serializes flows per realm path (joins a second reset for the same backup, queues another).
   * @default defaultResetQueue (process-wide)
   */
  readonly queue?: ResetQueue;
}

/** A finished recovery of one backup. */
export interface RecoveryOutcome {
  readonly status: "recovered";
  readonly realmPath: string;
  readonly backupPath: string;
  /** The checkpoint the backup was read against (`null`: full merge). */
  readonly since: Stamp | null;
  /** The engine's report: `DENIED` skips carry the check's `reason`; `writtenAnyway` lists flagged writes made anyway. */
  readonly report: RecoveryReport;
  /** The checkpoint commit after the upload; `undefined` when the fresh realm has no session. */
  readonly commit: SyncCommit | undefined;
  /** `true` once `removeBackup` ran; `false` when kept (no `removeBackup`, skipped entries: see `keptForSkips`, or it threw: see `removeError`). */
  readonly backupRemoved: boolean;
  /** `true` when `removeBackup` was not called because the report holds skips or errors (`removeBackupWithSkips`). */
  readonly keptForSkips?: true;
  readonly removeError?: unknown;
}

/** Runs one step, turning a throw into `ClientResetStepError`. */
export async function step<T>(name: ResetStep, realmPath: string, backupPath: string | undefined, onStep: ((step: ResetStep) => void) | undefined, run: () => T | Promise<T>): Promise<T> {
  onStep?.(name);
  try {
    return await run();
  } catch (error) {
    if (error instanceof ClientResetStepError) throw error;
    throw new ClientResetStepError(name, realmPath, backupPath, error);
  }
}

/**
 * Recovers `backupPath` into `fresh` (already downloaded) under the reset marker.
 * @throws RecoveryCycleError after `maxAttempts` failures (backup kept); ClientResetStepError when a step fails (backup kept, marker records it).
 */
export async function recoverBackup(realmPath: string, backupPath: string, fresh: SyncedRealmLike, options: BackupRecoveryOptions): Promise<RecoveryOutcome> {
  const { onStep } = options;
  const marker = { storage: options.storage, realmPath, ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }), ...(options.now === undefined ? {} : { now: options.now }) };
  const outcome = await guardRecoveryAttempt(marker, backupPath, async (entry) => {
    const backup = await step("open-backup", realmPath, backupPath, onStep, () => options.openBackup(backupPath));
    try {
      const checkpoint = options.checkpoint ?? new SyncCheckpoint({ realmPath, storage: options.storage });
      // The checkpoint recorded when the reset moved this backup aside, else the current one.
      const since = await step("read-checkpoint", realmPath, backupPath, onStep, () => (entry.since !== undefined ? entry.since : checkpoint.since));
      const report = await step("recover", realmPath, backupPath, onStep, () => {
        const canWrite = combineWriteChecks(options.canWrite, options.writeChecks?.({ backup, fresh }));
        const clock = options.recovery?.clock ?? options.clock;
        return recoverUnsyncedChanges({ ...options.recovery, backup, fresh, since, canWrite, ...(options.writeAnyway === undefined ? {} : { writeAnyway: options.writeAnyway }), ...(clock === undefined ? {} : { clock }) });
      });
      const session = fresh.syncSession ?? undefined;
      const commit =
        session === undefined
          ? undefined
          : await step("upload", realmPath, backupPath, onStep, () =>
              checkpoint.afterUpload(fresh, () => session.uploadAllLocalChanges(), options.clock === undefined ? {} : { clock: options.clock }),
            );
      return { since, report, commit };
    } finally {
      onStep?.("close-backup");
      if (!backup.isClosed) backup.close();
    }
  });
  let backupRemoved = false;
  let removeError: unknown;
  const keptForSkips = options.removeBackup !== undefined && !removableWithSkips(outcome.report, options.removeBackupWithSkips);
  if (options.removeBackup !== undefined && !keptForSkips) {
    onStep?.("remove-backup");
    try {
      await options.removeBackup(backupPath);
      backupRemoved = true;
    } catch (error) {
      removeError = error;
    }
  }
  return { status: "recovered", realmPath, backupPath, ...outcome, backupRemoved, ...(keptForSkips ? { keptForSkips: true as const } : {}), ...(removeError === undefined ? {} : { removeError }) };
}

/** Whether a backup whose report is `report` may be removed under `removeBackupWithSkips`. */
export function removableWithSkips(report: RecoveryReport, option: BackupRecoveryOptions["removeBackupWithSkips"]): boolean {
  if (report.counts.skipped === 0 && report.counts.errors === 0) return true;
  return typeof option === "function" ? option(report) : option === true;
}

