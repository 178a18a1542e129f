// Errors of the tracked write path: misuse that would otherwise write unstamped data.
import { FieldRecoveryError } from "../errors.js";
import type { ErrorLocation } from "../errors.js";

/** A tracked write was asked to do something tracking cannot stamp correctly. */
export class TrackedWriteError extends FieldRecoveryError {
  constructor(message: string, location: ErrorLocation = {}) {
    super("TRACKED_WRITE_REFUSED", message, location);
  }
}
