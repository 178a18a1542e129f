// `--since`: a checkpoint stamp, checked with the library's own parser so a malformed one
// fails with MALFORMED_STAMP before any input is read.
import { parseStamp } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";

/** The stamp of `--since`, or `null` (full merge) when it is not given. */
export function parseSince(text: string | undefined): Stamp | null {
  if (text === undefined) return null;
  parseStamp(text);
  return text;
}
