import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";
import { CliError } from "../../src/cli/cli-errors.js";
import { VERSION } from "../../src/cli/version.js";
import { ROOT } from "./helpers.js";

const usage = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe("USAGE");
    return (error as CliError).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
};

describe("parseArgs", () => {
  it("parses inspect with --name value and --name=value", () => {
    expect(parseArgs(["inspect", "b.json", "--since", "S", "--json"])).toEqual({ command: "inspect", backup: "b.json", since: "S", json: true, quiet: false });
    expect(parseArgs(["inspect", "--since=S", "b.json"])).toEqual({ command: "inspect", backup: "b.json", since: "S", json: false, quiet: false });
  });

  it("reads short options: -s STAMP, -sSTAMP, -q", () => {
    expect(parseArgs(["inspect", "b.json", "-s", "S"])).toEqual({ command: "inspect", backup: "b.json", since: "S", json: false, quiet: false });
    expect(parseArgs(["inspect", "-sS", "-q", "b.json"])).toEqual({ command: "inspect", backup: "b.json", since: "S", json: false, quiet: true });
    expect(parseArgs(["recover", "-b", "b", "-f", "f", "-s", "S", "-n", "-r", "r.html", "--quiet"])).toEqual({
      command: "recover", backup: "b", fresh: "f", since: "S", dryRun: true, report: "r.html", allowDrift: false, quiet: true,
    });
    expect(parseArgs(["inspect", "--", "-odd-name.json"])).toMatchObject({ backup: "-odd-name.json" });
  });

  it("parses recover", () => {
    expect(parseArgs(["recover", "--backup", "b", "--fresh", "f", "--out", "o.json", "--report", "r.html", "--allow-drift"])).toEqual({
      command: "recover", backup: "b", fresh: "f", out: "o.json", report: "r.html", dryRun: false, allowDrift: true, quiet: false,
    });
    expect(parseArgs(["recover", "--backup=b", "--fresh=f", "--dry-run"])).toMatchObject({ dryRun: true });
  });

  it("help and version", () => {
    expect(parseArgs([])).toEqual({ command: "help" });
    expect(parseArgs(["recover", "--help"])).toEqual({ command: "help" });
    expect(parseArgs(["--version"])).toEqual({ command: "version" });
  });

  it("refuses bad command lines, naming the problem", () => {
    expect(usage(["inspect"])).toContain("inspect needs a backup");
    expect(usage(["inspect", "a", "b"])).toContain("one backup");
    expect(usage(["inspect", "a", "--since"])).toContain("--since (-s) needs a value");
    expect(usage(["inspect", "a", "--since", "--json"])).toContain("--since (-s) needs a value");
    expect(usage(["inspect", "a", "-s"])).toContain("--since (-s) needs a value");
    expect(usage(["inspect", "a", "--since="])).toContain("needs a value");
    expect(usage(["inspect", "a", "-s", "X", "--since", "Y"])).toContain("given twice");
    expect(usage(["inspect", "a", "-x"])).toContain("unknown option -x for `inspect` (known: --since (-s), --json");
    expect(usage(["recover", "--backup", "b", "--fresh", "f", "--dry-run", "--out", "o.json"])).toContain("--dry-run writes no merged realm");
    expect(usage(["inspect", "a", "--json=yes"])).toContain("takes no value");
    expect(usage(["inspect", "a", "--json", "--json"])).toContain("given twice");
    expect(usage(["recover", "--fresh", "f", "--dry-run"])).toContain("needs --backup");
    expect(usage(["recover", "--backup", "b", "--fresh", "f", "--report", "r.txt", "--dry-run"])).toContain(".json or .html");
    expect(usage(["recover", "--backup", "b", "--fresh", "f", "--out", "o.realm"])).toContain(".json file name");
    expect(usage(["recover", "--backup", "b", "--fresh", "f"])).toContain("--out");
    expect(usage(["push"])).toContain("unknown command");
  });

  it("VERSION matches package.json", () => {
    expect(VERSION).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
  });
});
