// The CLI's entry as a function: parses argv, runs the command, and turns any error into
// one line "error CODE: message" plus a hint line, returning the exit code.
import { FieldRecoveryError } from "../errors.js";
import { commandDefinition, parseArgs } from "./args.js";
import { CliError, EXIT } from "./cli-errors.js";
import type { RunContext } from "./command.js";
import type { CliIo } from "./io.js";
import { USAGE } from "./usage.js";
import { VERSION } from "./version.js";

/** Hints and exit codes for the library's own errors, by code. */
const LIBRARY_ERRORS: Readonly<Record<string, { readonly hint: string; readonly exit: number }>> = {
  MALFORMED_STAMP: { hint: "a stamp in an input is malformed; re-create the input with realm-field-recovery", exit: EXIT.INPUT },
  INVALID_OPTION: { hint: "fix the argument the message names", exit: EXIT.USAGE },
  INVALID_CHANGESET: { hint: "pass the changeset as collectUnsyncedChanges wrote it, unedited", exit: EXIT.INPUT },
  INVALID_DUMP: { hint: "re-create the dump with dumpMemoryRealm(realm) from realm-field-recovery/testing", exit: EXIT.INPUT },
  INVALID_SCHEMA: { hint: "the dump's schema is one Realm would refuse; re-create the dump with dumpMemoryRealm(realm)", exit: EXIT.INPUT },
  RECOVERY_APPLY_FAILED: { hint: "nothing was written and the inputs are untouched; fix the cause and run again", exit: EXIT.FAILED },
};

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, context: RunContext = {}): Promise<number> {
  try {
    const command = parseArgs(argv);
    if (command.command === "help") {
      for (const line of ((command as { usage?: string }).usage ?? USAGE).split("\n")) io.out(line);
      return EXIT.OK;
    }
    if (command.command === "version") {
      io.out(VERSION);
      return EXIT.OK;
    }
    return await commandDefinition(command.command).run(command, io, context);
  } catch (error) {
    return report(error, io);
  }
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ");

function report(error: unknown, io: CliIo): number {
  let code = "UNEXPECTED";
  let hint = "this is a bug in realm-field-recovery: please report it with the command line";
  let exit: number = EXIT.FAILED;
  if (error instanceof CliError) ({ code, hint, exitCode: exit } = error);
  else if (error instanceof FieldRecoveryError) {
    code = error.code;
    const known = LIBRARY_ERRORS[code];
    hint = known?.hint ?? `see docs/errors.md, code ${code}`;
    exit = known?.exit ?? EXIT.FAILED;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err.write(`error ${code}: ${oneLine(message)}\nhint: ${hint}\n`);
  return exit;
}
