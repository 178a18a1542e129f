// Command-line parsing: turns argv into one typed command, or a USAGE error naming the
// offending argument. Accepts `--name value` and `--name=value`.
import { usageError } from "./cli-errors.js";

export interface InspectCommand {
  readonly command: "inspect";
  readonly backup: string;
  /** Raw `--since` text; checked as a stamp later. */
  readonly since?: string;
  readonly json: boolean;
}

export interface RecoverCommand {
  readonly command: "recover";
  readonly backup: string;
  readonly fresh: string;
  readonly since?: string;
  readonly dryRun: boolean;
  /** `.json` or `.html` path for the report. */
  readonly report?: string;
  /** Where the merged fresh dump is written. */
  readonly out?: string;
  /** Skip (and report) models the fresh input lacks instead of refusing. */
  readonly allowDrift: boolean;
}

export type CliCommand = { readonly command: "help" } | { readonly command: "version" } | InspectCommand | RecoverCommand;

interface OptionSpec {
  readonly takesValue: boolean;
}

const SPECS: Record<"inspect" | "recover", Record<string, OptionSpec>> = {
  inspect: { since: { takesValue: true }, json: { takesValue: false } },
  recover: {
    backup: { takesValue: true },
    fresh: { takesValue: true },
    since: { takesValue: true },
    "dry-run": { takesValue: false },
    report: { takesValue: true },
    out: { takesValue: true },
    "allow-drift": { takesValue: false },
  },
};

/** Splits arguments into options and positionals, checking each option against `specs`. */
function split(command: "inspect" | "recover", args: readonly string[]): { options: Map<string, string | true>; positionals: string[] } {
  const specs = SPECS[command];
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("--") || arg === "--") {
      if (arg !== "--") positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const spec = specs[name];
    if (spec === undefined) throw usageError(`unknown option --${name} for \`${command}\` (known: ${Object.keys(specs).map((known) => `--${known}`).join(", ")})`);
    if (options.has(name)) throw usageError(`option --${name} given twice`);
    if (!spec.takesValue) {
      if (eq !== -1) throw usageError(`option --${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || (eq === -1 && value.startsWith("--"))) throw usageError(`option --${name} needs a value`);
    options.set(name, value);
  }
  return { options, positionals };
}

const text = (options: Map<string, string | true>, name: string): string | undefined => {
  const value = options.get(name);
  return typeof value === "string" ? value : undefined;
};

/** Parses `argv` (without `node` and the script). */
export function parseArgs(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === "help" || first === "--help" || first === "-h") return { command: "help" };
  if (first === "--version" || first === "-v") return { command: "version" };
  if (rest.includes("--help") || rest.includes("-h")) return { command: "help" };
  if (first === "inspect") {
    const { options, positionals } = split("inspect", rest);
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? "inspect needs a backup: realm-field-recovery inspect <backup>" : `inspect takes one backup, got ${positionals.length}: ${positionals.join(" ")}`);
    const since = text(options, "since");
    return { command: "inspect", backup: positionals[0] as string, json: options.has("json"), ...(since === undefined ? {} : { since }) };
  }
  if (first === "recover") {
    const { options, positionals } = split("recover", rest);
    if (positionals.length > 0) throw usageError(`unexpected argument ${positionals[0] as string}: recover takes --backup and --fresh`);
    const backup = text(options, "backup");
    const fresh = text(options, "fresh");
    if (backup === undefined || fresh === undefined) throw usageError(`recover needs ${backup === undefined ? "--backup" : "--fresh"}: realm-field-recovery recover --backup B --fresh F --out merged.json`);
    const dryRun = options.has("dry-run");
    const report = text(options, "report");
    const out = text(options, "out");
    const since = text(options, "since");
    if (report !== undefined && !/\.(json|html?)$/i.test(report)) throw usageError(`--report ${report}: expected a .json or .html file name`);
    if (out !== undefined && !/\.json$/i.test(out)) throw usageError(`--out ${out}: expected a .json file name (the merged realm is written as a JSON dump)`);
    if (!dryRun && out === undefined) throw usageError("recover needs --out <merged.json> (inputs are never modified), or --dry-run to only report");
    return {
      command: "recover",
      backup,
      fresh,
      dryRun,
      allowDrift: options.has("allow-drift"),
      ...(since === undefined ? {} : { since }),
      ...(report === undefined ? {} : { report }),
      ...(out === undefined ? {} : { out }),
    };
  }
  throw usageError(`unknown command ${JSON.stringify(first)} (commands: inspect, recover)`);
}
