#!/usr/bin/env node
// The `realm-field-recovery` executable (built to dist/cli.js): runs the CLI on the process.
import { processIo } from "./io.js";
import { shutdownRealm } from "./realm-file.js";
import { runCli } from "./run.js";

// A closed pipe (`realm-field-recovery --help | head -1`) ends the output, not the process with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    shutdownRealm();
    process.exit(process.exitCode ?? 0);
  });
}

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error UNEXPECTED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
).finally(shutdownRealm);
