// Writes an output file in pieces (buffered, then flushed in ~1 MB writes), so no output
// is ever held as one string: the merged dump and the reports are written this way.
import { closeSync, openSync, writeSync } from "node:fs";
import { CliError, EXIT } from "./cli-errors.js";

const FLUSH_AT = 1 << 20;

export interface OutputFile {
  write(text: string): void;
  /** Bytes written so far. */
  readonly bytes: number;
  close(): void;
}

const failure = (path: string, what: string, error: unknown): CliError =>
  new CliError("WRITE_FAILED", `cannot write the ${what} to ${path}: ${(error as Error).message}`, "check that the folder exists and is writable", EXIT.FAILED, { cause: error });

export function openOutput(path: string, what: string): OutputFile {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    throw failure(path, what, error);
  }
  let pending: string[] = [];
  let size = 0;
  let bytes = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    const text = pending.join("");
    pending = [];
    size = 0;
    try {
      bytes += writeSync(fd, text);
    } catch (error) {
      throw failure(path, what, error);
    }
  };
  return {
    write(text) {
      pending.push(text);
      size += text.length;
      if (size >= FLUSH_AT) flush();
    },
    get bytes() {
      return bytes + size;
    },
    close() {
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Writes `path` through `body`; the file is closed even when `body` throws. */
export function writeOutput(path: string, what: string, body: (file: OutputFile) => void): number {
  const file = openOutput(path, what);
  try {
    body(file);
  } finally {
    file.close();
  }
  return file.bytes;
}
