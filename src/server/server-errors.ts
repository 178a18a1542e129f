// The sync server's errors: one class with a `code` (docs/errors.md) and the HTTP status it answers with.
import { FieldRecoveryError } from "../errors.js";
import type { ErrorLocation } from "../errors.js";

/** Codes of `SyncServerError`. */
export type SyncServerErrorCode =
  | "MISSING_TOKEN"
  | "INVALID_TOKEN"
  | "TOKEN_EXPIRED"
  | "INVALID_REQUEST"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "INVALID_RULES"
  | "INVALID_SUBSCRIPTION"
  | "SERVER_MISCONFIGURED"
  | "DATABASE_FAILED"
  | "SERVER_DEPENDENCY_MISSING";

const STATUS: Record<SyncServerErrorCode, number> = {
  MISSING_TOKEN: 401,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  INVALID_REQUEST: 400,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  INVALID_RULES: 500,
  INVALID_SUBSCRIPTION: 400,
  SERVER_MISCONFIGURED: 500,
  DATABASE_FAILED: 503,
  SERVER_DEPENDENCY_MISSING: 500,
};

/** Every error of `realm-field-recovery/server`; `statusCode` is the HTTP status it answers with. */
export class SyncServerError extends FieldRecoveryError {
  readonly statusCode: number;

  constructor(code: SyncServerErrorCode, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(code, message, location, options);
    this.statusCode = STATUS[code];
  }
}
