// Where the CLI prints: stdout lines for results, a stderr stream for errors and the
// progress bar. Tests pass their own; `processIo()` is the real one.
import type { ProgressStream } from "./progress.js";

export interface CliIo {
  /** Prints one line of results. */
  readonly out: (line: string) => void;
  /** Error lines and the progress bar. */
  readonly err: ProgressStream;
}

export function processIo(): CliIo {
  return { out: (line) => void process.stdout.write(`${line}\n`), err: process.stderr };
}
