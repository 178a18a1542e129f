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
    expect(parseArgs(["inspect", "b.json", "--since", "S", "--json"])).toEqual({ command: "inspect", backup: "b.json", since: "S", json: true });
    expect(parseArgs(["inspect", "--since=S", "b.json"])).toEqual({ command: "inspect", backup: "b.json", since: "S", json: false });
  });

  it("parses recover", () => {
    expect(parseArgs(["recover", "--backup", "b", "--fresh", "f", "--out", "o.json", "--report", "r.html", "--allow-drift"])).toEqual({
      command: "recover", backup: "b", fresh: "f", out: "o.json", report: "r.html", dryRun: false, allowDrift: true,
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
    expect(usage(["inspect", "a", "--since"])).toContain("--since needs a value");
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
