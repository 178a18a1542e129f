import { describe, expect, it } from "vitest";
import { SINCE, fixture, runInProcess, runSubprocess } from "./helpers.js";
import type { CliRun } from "./helpers.js";

/** Every error path: argv, expected code in "error CODE:", expected exit code. */
const CASES: readonly { readonly name: string; readonly argv: readonly string[]; readonly code: RegExp; readonly exit: number }[] = [
  { name: "missing file", argv: ["inspect", "no-such-backup.json"], code: /^FILE_NOT_FOUND$/, exit: 3 },
  { name: "unreadable JSON", argv: ["inspect", fixture("not-json.json")], code: /^UNREADABLE_JSON$/, exit: 3 },
  { name: "JSON of unknown shape", argv: ["inspect", fixture("unknown.json")], code: /^UNKNOWN_INPUT$/, exit: 3 },
  { name: ".realm without the native binding (or not a realm)", argv: ["inspect", fixture("not-a-realm.realm")], code: /^REALM_(UNAVAILABLE|OPEN_FAILED)$/, exit: 3 },
  { name: "malformed --since stamp", argv: ["inspect", fixture("backup.json"), "--since", "yesterday"], code: /^MALFORMED_STAMP$/, exit: 2 },
  { name: "malformed --since stamp (recover)", argv: ["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json"), "--since", "Nn1JUF----0CH3g!", "--dry-run"], code: /^MALFORMED_STAMP$/, exit: 2 },
  { name: "fresh lacks a model (wrong schema)", argv: ["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh-person-only.json"), "--since", SINCE, "--dry-run"], code: /^SCHEMA_MISMATCH$/, exit: 4 },
  { name: "a changeset as the fresh realm", argv: ["recover", "--backup", fixture("backup.json"), "--fresh", fixture("changeset.json"), "--dry-run"], code: /^UNKNOWN_INPUT$/, exit: 3 },
  { name: "unknown command", argv: ["frobnicate"], code: /^USAGE$/, exit: 2 },
  { name: "unknown option", argv: ["inspect", fixture("backup.json"), "--verbose"], code: /^USAGE$/, exit: 2 },
  { name: "recover without --out or --dry-run", argv: ["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json")], code: /^USAGE$/, exit: 2 },
  { name: "--out naming an input", argv: ["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json"), "--out", fixture("fresh.json")], code: /^USAGE$/, exit: 2 },
];

function expectError(run: CliRun, code: RegExp, exit: number): void {
  expect(run.code).toBe(exit);
  expect(run.stdout).toBe("");
  const lines = run.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(2); // "error CODE: message" + "hint: …"
  const match = /^error ([A-Z_]+): (.+)$/.exec(lines[0] as string);
  expect(match?.[1]).toMatch(code);
  expect(match?.[2]?.length ?? 0).toBeGreaterThan(10);
  expect(lines[1]).toMatch(/^hint: .{10,}/);
}

describe("CLI errors, in-process", () => {
  for (const { name, argv, code, exit } of CASES) {
    it(`${name}: exit ${exit}, one error line and a hint`, async () => {
      expectError(await runInProcess(argv), code, exit);
    });
  }

  it("names the missing file and the realm binding problem", async () => {
    expect((await runInProcess(["inspect", "no-such-backup.json"])).stderr).toContain("no-such-backup.json");
    const realm = await runInProcess(["inspect", fixture("not-a-realm.realm")]);
    expect(realm.stderr).toMatch(/native binding|read-only/);
    expect(realm.stderr).toMatch(/dumpMemoryRealm|collectUnsyncedChanges/); // suggests a JSON input
  });

  it("names the model the fresh realm lacks, and --allow-drift", async () => {
    const run = await runInProcess(["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh-person-only.json"), "--since", SINCE, "--dry-run"]);
    expect(run.stderr).toContain('lacks model "Dog"');
    expect(run.stderr).toContain("--allow-drift");
  });
});

// Twelve tsx processes at once: generous on a loaded 2-core machine.
describe.concurrent("CLI errors, as a subprocess (tsx src/cli/main.ts)", { timeout: 90_000 }, () => {
  for (const { name, argv, code, exit } of CASES) {
    it(`${name}: exit ${exit}`, async () => {
      expectError(await runSubprocess(argv), code, exit);
    });
  }
});
