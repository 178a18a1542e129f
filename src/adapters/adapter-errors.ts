// Errors of the client-reset adapters: a step of the reset flow that failed, and a backup that
// the flow cannot find. Expected recovery outcomes stay in the RecoveryReport.
import { FieldRecoveryError } from "../errors.js";

/** The steps of a client-reset flow, in order. */
export type ResetStep =
  | "close"
  | "initiate-reset"
  | "reopen"
  | "download"
  | "open-backup"
  | "read-checkpoint"
  | "recover"
  | "upload"
  | "close-backup"
  | "remove-backup"
  | "restore-subscriptions";

/** A step of a client-reset flow threw (code `CLIENT_RESET_STEP_FAILED`); `cause` holds the original error. */
export class ClientResetStepError extends FieldRecoveryError {
  readonly step: ResetStep;
  readonly realmPath: string;
  readonly backupPath: string | undefined;

  constructor(step: ResetStep, realmPath: string, backupPath: string | undefined, cause: unknown) {
    const kept = backupPath === undefined ? "" : ` The backup at ${JSON.stringify(backupPath)} is kept and the recovery resumes at the next resumePendingRecovery()`;
    super(
      "CLIENT_RESET_STEP_FAILED",
      `Client reset of ${JSON.stringify(realmPath)} failed at step "${step}": ${(cause as Error | undefined)?.message ?? String(cause)}.${kept}; fix the cause (network, closed realm, schema) and relaunch`,
      {},
      { cause },
    );
    this.step = step;
    this.realmPath = realmPath;
    this.backupPath = backupPath;
  }
}

/** The backup a pending recovery names no longer exists (code `BACKUP_MISSING`). */
export class BackupMissingError extends FieldRecoveryError {
  readonly backupPath: string;

  constructor(realmPath: string, backupPath: string) {
    super(
      "BACKUP_MISSING",
      `The pending recovery of ${JSON.stringify(realmPath)} expected its backup at ${JSON.stringify(backupPath)}, but it does not exist (removed by the app or the OS); the recovery marker was cleared. Unsynced edits in that backup cannot be recovered; keep backups until onRecovered fires`,
    );
    this.backupPath = backupPath;
  }
}
