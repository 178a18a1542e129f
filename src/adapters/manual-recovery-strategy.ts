// A strategy object in the shape of the Java SDK's ManuallyRecoverUnsyncedChangesStrategy:
// `onClientReset(session, error)` runs the manual flow with the backup path the error carries.
import { InvalidOptionError } from "../errors.js";
import { manualClientReset } from "./manual-client-reset.js";
import type { ManualClientResetOptions, ResetOutcome } from "./manual-client-reset.js";
import type { ClientResetErrorLike, SyncSessionLike } from "./sync-sdk-types.js";

/** `onClientReset(session, error)`, plus the promise of the flow it started. */
export interface ManualRecoveryStrategy {
  /** Callback of a client reset: starts the manual flow on `error.config.path` (returns at once, like the Java callback). */
  onClientReset(session: SyncSessionLike, error: ClientResetErrorLike): void;
  /** The flow started by the last `onClientReset`, for apps (and tests) that await it. */
  readonly pending: Promise<ResetOutcome> | undefined;
}

/** The manual flow as a strategy object (see `manualClientReset` for the options). */
export function manualRecoveryStrategy(options: ManualClientResetOptions): ManualRecoveryStrategy {
  const flow = manualClientReset(options);
  let pending: Promise<ResetOutcome> | undefined;
  return {
    onClientReset(session, error) {
      const path = error.config.path;
      if (typeof path !== "string") {
        const failure = new InvalidOptionError(`onClientReset got a client reset error without config.path (the backup's path) for ${JSON.stringify(options.realmPath)}: pass the ClientResetError the SDK delivered`);
        options.onError?.(failure);
        pending = Promise.resolve({ status: "failed", realmPath: options.realmPath, backupPath: "", error: failure });
        return;
      }
      pending = flow.run(session, path);
    },
    get pending() {
      return pending;
    },
  };
}
