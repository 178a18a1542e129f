// What one CLI command is: its name, its options (for node:util's parseArgs), how its typed
// form is built from the parsed arguments, and how it runs. Each command lives in its own
// file (`*-command.ts`) and is listed once in commands.ts.
import type { CliIo } from "./io.js";

/** One option, in node:util `parseArgs` terms. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** A one-letter alias: `-s STAMP` for `--since STAMP`. */
  readonly short?: string;
}

/** What `parseArgs` hands a command: option values by long name, and the positionals. */
export interface ParsedArguments {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** How a command runs: whether the progress bar may draw (it also needs a terminal and no `CI`). */
export interface RunContext {
  /** `true`: draw even when stderr is not a terminal (tests); `false`: never. @default decided by the stream and env */
  readonly progress?: boolean;
  /** The environment (`CI` silences the bar). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Stops a long-running command (`serve`), as SIGINT / SIGTERM do. */
  readonly signal?: AbortSignal;
}

export interface CommandDefinition<C extends { readonly command: string }> {
  readonly name: C["command"];
  /** The command's own help (`<command> --help`). @default the CLI's usage */
  readonly usage?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Builds the typed command, or throws a USAGE error naming the problem. */
  build(args: ParsedArguments): C;
  run(command: C, io: CliIo, context: RunContext): Promise<number>;
}

/** The options every command takes. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
};

/** Identity helper that keeps a definition's command type. */
export const defineCommand = <C extends { readonly command: string }>(definition: CommandDefinition<C>): CommandDefinition<C> => definition;
