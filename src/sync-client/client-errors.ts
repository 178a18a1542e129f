// The sync client's errors: what the server answered (its code), or why it could not be reached.
import { FieldRecoveryError } from "../errors.js";

/** A failed exchange with the sync server. `code` is the server's (e.g. `TOKEN_EXPIRED`) or `SERVER_UNREACHABLE`. */
export class SyncClientError extends FieldRecoveryError {
  /** The HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  /** Whether trying again later may succeed (network errors, 429, 5xx). */
  readonly retryable: boolean;

  constructor(code: string, message: string, status: number, options?: { cause?: unknown }) {
    super(code, message, {}, options);
    this.status = status;
    this.retryable = status === 0 || status === 429 || status >= 500;
  }
}
