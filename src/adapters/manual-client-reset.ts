// manualClientReset: the React Native seed's manual client reset, done right. Returns the
// `sync.clientReset` (mode "manual") and `sync.error` fragments and runs the whole flow.
import type { RealmLike } from "../realm-like.js";
import type { ResetStep } from "./adapter-errors.js";
import { recoverBackup, step } from "./backup-recovery.js";
import type { BackupRecoveryOptions, RecoveryOutcome } from "./backup-recovery.js";
import { onCompensatingWrite } from "./compensating-writes.js";
import type { RefusedEdit } from "./compensating-writes.js";
import { SyncCheckpoint } from "../checkpoint/sync-checkpoint.js";
import { markResetPending } from "./reset-marker.js";
import { defaultResetQueue } from "./reset-queue.js";
import { isClientResetError, isCompensatingWriteError } from "./sync-sdk-types.js";
import type { CompensatingWriteErrorLike, InitiateClientReset, SyncErrorHandler, SyncSessionLike, SyncedRealmLike } from "./sync-sdk-types.js";

/** A constructor opening a realm file, like 12.x `Realm` (`new Realm({ path, readOnly: true })`). */
export type BackupRealmConstructor = new (config: { path: string; readOnly: true }) => RealmLike;

/** Options of `manualClientReset`. */
export interface ManualClientResetOptions extends Omit<BackupRecoveryOptions, "openBackup"> {
  /** The `Realm.App` the realm syncs with (passed to `initiateClientReset`). */
  readonly app: unknown;
  /** `Realm.App.Sync.initiateClientReset`, injected so the library needs no realm 12.x install. */
  readonly initiateClientReset: InitiateClientReset;
  /** Path of the synced realm (`realm.path`, read before closing it). */
  readonly realmPath: string;
  /** Closes EVERY open instance of the realm (the app owns them: listeners, hooks, providers). */
  readonly closeRealm: () => void | Promise<void>;
  /** Reopens the realm with its sync configuration (the app keeps the new instance). */
  readonly openRealm: () => SyncedRealmLike | Promise<SyncedRealmLike>;
  /**
   * Opens the backup read-only.
   * @default (path) => new options.Realm({ path, readOnly: true })
   */
  readonly openBackup?: (path: string) => RealmLike | Promise<RealmLike>;
  /** The realm constructor for the default `openBackup`. */
  readonly Realm?: BackupRealmConstructor;
  /** The recovery finished and was uploaded. */
  readonly onRecovered?: (outcome: RecoveryOutcome) => void;
  /** The flow failed (`ClientResetStepError`, `RecoveryCycleError`); the backup is kept. */
  readonly onError?: (error: unknown) => void;
  /** The server reverted writes (error 231): the refused edits, mapped to the last recovery's report. */
  readonly onCompensatingWrite?: (refused: readonly RefusedEdit[], error: CompensatingWriteErrorLike) => void;
  /** Any other sync error, passed on untouched. */
  readonly onSyncError?: SyncErrorHandler;
}

/** How a reset flow ended. */
export type ResetOutcome =
  | RecoveryOutcome
  | { readonly status: "already-recovered"; readonly realmPath: string; readonly backupPath: string }
  | { readonly status: "failed"; readonly realmPath: string; readonly backupPath: string; readonly error: unknown; readonly fresh?: SyncedRealmLike };

/** What `manualClientReset` returns: spread `clientReset` and `error` into `sync`. */
export interface ManualClientReset {
  readonly clientReset: {
    /** 12.x types it as its `ClientResetMode` enum: in TypeScript spread it with `mode: Realm.ClientResetMode.Manual`. */
    readonly mode: "manual";
    /** The SDK's manual client-reset callback: runs the flow for the backup at `path`. */
    readonly onManual: (session: SyncSessionLike, path: string) => void;
  };
  readonly error: SyncErrorHandler;
  /** Runs the flow for `backupPath` and resolves with its outcome (never rejects; `onError` also fires). */
  run(session: SyncSessionLike | undefined, backupPath: string): Promise<ResetOutcome>;
  /** The last successful outcome (its report maps compensating writes). */
  lastOutcome(): RecoveryOutcome | undefined;
}

/** Resolves `openBackup` from the options. */
export function backupOpener(options: Pick<ManualClientResetOptions, "openBackup" | "Realm">): (path: string) => RealmLike | Promise<RealmLike> {
  if (options.openBackup !== undefined) return options.openBackup;
  const RealmClass = options.Realm;
  if (RealmClass !== undefined) return (path) => new RealmClass({ path, readOnly: true });
  return () => {
    throw new Error("no way to open the backup: pass openBackup(path) or Realm (the realm constructor) to the client-reset options");
  };
}

/**
 * The manual client-reset flow. On `onManual(session, backupPath)` (or a `ClientReset` error):
 * close every instance, `initiateClientReset(app, path)`, reopen and download, open the backup
 * read-only, recover from the checkpoint, upload, close the backup, clear the marker, remove
 * the backup. A second reset for the same backup joins the running flow; another backup waits.
 */
export function manualClientReset(options: ManualClientResetOptions): ManualClientReset {
  const openBackup = backupOpener(options);
  let last: RecoveryOutcome | undefined;
  // Backups this flow recovered: the SDK may report one reset through both onManual and error.
  const finished = new Set<string>();
  const { realmPath, onStep } = options;

  const flow = async (backupPath: string): Promise<ResetOutcome> => {
    if (finished.has(backupPath)) return { status: "already-recovered", realmPath, backupPath };
    let fresh: SyncedRealmLike | undefined;
    try {
      await step("close", realmPath, undefined, onStep, () => options.closeRealm());
      await step("initiate-reset", realmPath, undefined, onStep, () => {
        // 12.x throws when it cannot move the file (an instance still open); older versions returned false.
        if (options.initiateClientReset(options.app, realmPath) === false) {
          throw new Error("initiateClientReset returned false: the SDK did not move the realm file; close every instance of the realm in closeRealm()");
        }
      });
      markResetPending(options, backupPath, checkpointNow(options));
      fresh = await step("reopen", realmPath, backupPath, onStep, () => options.openRealm());
      const session = fresh.syncSession ?? undefined;
      if (session !== undefined) await step("download", realmPath, backupPath, onStep, () => session.downloadAllServerChanges());
      const outcome = await recoverBackup(realmPath, backupPath, fresh, { ...options, openBackup });
      finished.add(backupPath);
      last = outcome;
      options.onRecovered?.(outcome);
      return outcome;
    } catch (error) {
      options.onError?.(error);
      return { status: "failed", realmPath, backupPath, error, ...(fresh === undefined ? {} : { fresh }) };
    }
  };

  const run = (_session: SyncSessionLike | undefined, backupPath: string): Promise<ResetOutcome> => (options.queue ?? defaultResetQueue).run(realmPath, backupPath, () => flow(backupPath));

  const error: SyncErrorHandler = (session, err) => {
    if (isClientResetError(err)) {
      void run(session, err.config.path);
    } else if (isCompensatingWriteError(err)) {
      if (options.onCompensatingWrite !== undefined) options.onCompensatingWrite(onCompensatingWrite(err, last?.report), err);
      else options.onSyncError?.(session, err);
    } else {
      options.onSyncError?.(session, err);
    }
  };

  return {
    clientReset: { mode: "manual", onManual: (session, path) => void run(session, path) },
    error,
    run,
    lastOutcome: () => last,
  };
}

/** The checkpoint as the reset found it (recorded with the backup), or `undefined` when it cannot be read (the recovery then reads it). */
function checkpointNow(options: ManualClientResetOptions): string | null | undefined {
  try {
    return (options.checkpoint ?? new SyncCheckpoint({ realmPath: options.realmPath, storage: options.storage })).since;
  } catch {
    return undefined;
  }
}

export type { ResetStep };
