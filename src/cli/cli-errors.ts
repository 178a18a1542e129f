// Errors of the command-line tool: each has a stable code, an exit code and a hint, and is
// printed as one line "error CODE: message" followed by "hint: …".
import { FieldRecoveryError } from "../errors.js";

/** Exit codes of `realm-field-recovery`. */
export const EXIT = {
  OK: 0,
  /** An unexpected failure, or a recovery that threw (nothing was written). */
  FAILED: 1,
  /** Bad command line: unknown command or option, missing value, malformed `--since` stamp. */
  USAGE: 2,
  /** An input cannot be read: missing file, not JSON, unknown format, an invalid dump or changeset, no native binding for `.realm`. */
  INPUT: 3,
  /** The fresh input does not fit the backup: it lacks a model the backup changed. */
  SCHEMA: 4,
} as const;

export type CliErrorCode =
  | "USAGE"
  | "MALFORMED_STAMP"
  | "FILE_NOT_FOUND"
  | "UNREADABLE_JSON"
  | "UNKNOWN_INPUT"
  | "INVALID_DUMP"
  | "INVALID_SCHEMA"
  | "INVALID_CHANGESET"
  | "REALM_UNAVAILABLE"
  | "REALM_OPEN_FAILED"
  | "SCHEMA_MISMATCH"
  | "WRITE_FAILED";

/** An error of the CLI itself (the library's own errors are printed the same way). */
export class CliError extends FieldRecoveryError {
  override readonly code: CliErrorCode;
  /** What the user can do about it. */
  readonly hint: string;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, hint: string, exitCode: number, options?: { cause?: unknown }) {
    super(code, message, {}, options);
    this.code = code;
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** A bad command line. */
export const usageError = (message: string, hint = "run `realm-field-recovery --help` for usage"): CliError => new CliError("USAGE", message, hint, EXIT.USAGE);
