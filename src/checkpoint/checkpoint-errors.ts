// Errors of the sync checkpoint: capturing during a write, and unreadable persisted values.
import { FieldRecoveryError } from "../errors.js";

/** Thrown by `captureSyncPoint` inside a write transaction (code `WRITE_IN_PROGRESS`). */
export class WriteInProgressError extends FieldRecoveryError {
  constructor(realmPath: string) {
    super(
      "WRITE_IN_PROGRESS",
      `Cannot capture a sync point of realm ${JSON.stringify(realmPath)} inside a write transaction: ` +
        "its writes are not committed yet, so no upload can cover them. " +
        "Capture the point (or call afterUpload) outside realm.write()",
    );
  }
}

/** Thrown when a persisted checkpoint cannot be read (code `CORRUPT_CHECKPOINT`). */
export class CorruptCheckpointError extends FieldRecoveryError {
  /** The synced realm's path the checkpoint belongs to. */
  readonly realmPath: string;
  /** The storage key it was read from. */
  readonly key: string;

  constructor(realmPath: string, key: string, problem: string, options?: { cause?: unknown }) {
    super(
      "CORRUPT_CHECKPOINT",
      `Cannot read the sync checkpoint of realm ${JSON.stringify(realmPath)} (storage key ${JSON.stringify(key)}): ` +
        `${problem}. It is not reset silently: fix or remove the stored value; without a checkpoint ` +
        "the next recovery runs a full merge (every backup stamp compared with the fresh realm's)",
      {},
      options,
    );
    this.realmPath = realmPath;
    this.key = key;
  }
}
