#!/usr/bin/env node
// The `realm-field-recovery` executable (built to dist/cli.js): runs the CLI on the process.
import { processIo } from "./io.js";
import { runCli } from "./run.js";

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error UNEXPECTED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
