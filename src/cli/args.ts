// Command-line parsing: node:util's parseArgs splits argv (long and short options,
// `--name=value`, `-sVALUE`, `--`); this file checks its tokens against the command's
// options with messages that name the offending argument (USAGE errors), refusing an
// option given twice, which parseArgs would silently let the last one win.
import { parseArgs as parseTokens } from "node:util";
import { usageError } from "./cli-errors.js";
import type { CommandDefinition, OptionSpec, ParsedArguments } from "./command.js";
import { COMMON_OPTIONS } from "./command.js";
import { COMMANDS } from "./commands.js";

export type { InspectCommand } from "./inspect-command.js";
export type { RecoverCommand } from "./recover-command.js";

/** A parsed command line: help, version, or one command's typed form. */
export type CliCommand = { readonly command: "help"; readonly usage?: string } | { readonly command: "version" } | { readonly command: string; readonly [option: string]: unknown };

const optionName = (name: string, spec: OptionSpec | undefined): string => `--${name}${spec?.short === undefined ? "" : ` (-${spec.short})`}`;

/** Checks `args` against `options` and returns the values by long name. */
export function parseOptions(command: string, options: Readonly<Record<string, OptionSpec>>, args: readonly string[]): ParsedArguments {
  const all = { ...options, ...COMMON_OPTIONS };
  const { tokens } = parseTokens({ args: [...args], options: all, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    const spec = all[token.name];
    if (spec === undefined) {
      const known = Object.entries(options).map(([name, option]) => optionName(name, option)).join(", ");
      throw usageError(`unknown option ${token.rawName} for \`${command}\` (known: ${known}, --quiet (-q), --help (-h))`);
    }
    if (token.name in values) throw usageError(`option --${token.name} given twice`);
    if (spec.type === "boolean") {
      if (token.value !== undefined) throw usageError(`option --${token.name} takes no value`);
      values[token.name] = true;
      continue;
    }
    // parseArgs takes the next argument as the value even when it is another option.
    if (token.value === undefined || token.value === "" || (token.inlineValue === false && token.value.startsWith("-") && token.value !== "-")) {
      throw usageError(`option ${optionName(token.name, spec)} needs a value`);
    }
    values[token.name] = token.value;
  }
  return { values, positionals };
}

const find = (name: string): CommandDefinition<{ readonly command: string }> | undefined => COMMANDS.find((definition) => definition.name === name);

/** Parses `argv` (without `node` and the script). */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === "help" || first === "--help" || first === "-h") return { command: "help" };
  if (first === "--version" || first === "-v") return { command: "version" };
  const definition = find(first);
  if (definition === undefined) throw usageError(`unknown command ${JSON.stringify(first)} (commands: ${COMMANDS.map((command) => command.name).join(", ")})`);
  if (rest.includes("--help") || rest.includes("-h")) return definition.usage === undefined ? { command: "help" } : { command: "help", usage: definition.usage };
  return definition.build(parseOptions(definition.name, definition.options, rest));
}

/** The definition that runs a parsed command. */
export function commandDefinition(name: string): CommandDefinition<{ readonly command: string }> {
  const definition = find(name);
  if (definition === undefined) throw new Error(`unreachable: no command ${name}`);
  return definition;
}
