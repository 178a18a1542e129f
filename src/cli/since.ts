// `--since` / `-s`: a checkpoint stamp, checked with the library's own stamp rules so a
// malformed one fails with MALFORMED_STAMP (exit 2) before any input is read.
import { stampProblem } from "../clock/stamp.js";
import type { Stamp } from "../clock/index.js";
import { CliError, EXIT } from "./cli-errors.js";

/** The stamp of `--since`, or `null` (full merge) when it is not given. */
export function parseSince(text: string | undefined): Stamp | null {
  if (text === undefined) return null;
  const problem = stampProblem(text);
  if (problem === undefined) return text;
  throw new CliError(
    "MALFORMED_STAMP",
    `--since ${JSON.stringify(text)} is not a stamp: expected 16 characters of -0-9A-Z_a-z, got ${problem}`,
    "pass the device's checkpoint (SyncCheckpoint's `since`, or a stamp that `inspect` prints), or omit --since for a full merge",
    EXIT.USAGE,
  );
}
