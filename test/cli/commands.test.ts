import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseChangeset } from "../../src/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealmDump } from "../../src/testing/index.js";
import { SINCE, fixture, runInProcess, runSubprocess, tempDir } from "./helpers.js";

const dogs = (path: string): Record<string, { name: unknown; age: unknown }> => {
  const realm = openMemoryRealm({ dump: JSON.parse(readFileSync(path, "utf8")) as MemoryRealmDump });
  const out = Object.fromEntries([...realm.objects("Dog")].map((dog) => [dog._id as string, { name: dog.name, age: dog.age }]));
  realm.close();
  return out;
};
const bytes = (name: string): string => readFileSync(fixture(name), "utf8");

describe("inspect", () => {
  it("lists the backup's unsynced fields and deletes after --since", async () => {
    const run = await runInProcess(["inspect", fixture("backup.json"), "--since", SINCE]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dog "rex"\n  name = "Rexy"  ');
    expect(run.stdout).toContain('deleted Dog "spot"');
    expect(run.stdout).not.toContain("age = 3"); // synced before the checkpoint
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("3 objects with unsynced changes, 4 fields, 1 delete");
  });

  it("without --since lists every stamped field (full)", async () => {
    const run = await runInProcess(["inspect", fixture("backup.json")]);
    expect(run.stdout).toMatch(/^since: none \(full/);
    expect(run.stdout).toContain("age = 3");
  });

  it("--json prints the changeset collectUnsyncedChanges returns", async () => {
    const run = await runInProcess(["inspect", fixture("backup.json"), "--since", SINCE, "--json"]);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(bytes("changeset.json")));
    expect(() => parseChangeset(JSON.parse(run.stdout))).not.toThrow();
  });

  it("reads a changeset file, narrowed by a later --since", async () => {
    expect((await runInProcess(["inspect", fixture("changeset.json")])).stdout).toContain("3 objects with unsynced changes");
    const later = (JSON.parse(bytes("changeset.json")) as { tombstones: { stamp: string }[] }).tombstones[0]?.stamp as string;
    const run = await runInProcess(["inspect", fixture("changeset.json"), "--since", later]);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("0 objects with unsynced changes, 0 fields, 0 deletes");
  });
});

describe("recover", () => {
  it("writes the merged fresh realm and a JSON report; inputs stay byte for byte", async () => {
    const dir = tempDir();
    const before = [bytes("backup.json"), bytes("fresh.json")];
    const run = await runInProcess(["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json"), "--since", SINCE, "--out", join(dir, "merged.json"), "--report", join(dir, "report.json")]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("1 applied, 1 kept from the server, 1 created, 1 deleted, 0 skipped, 0 errors");
    expect(dogs(join(dir, "merged.json"))).toEqual({
      rex: { name: "Rexy", age: 4 }, // A's rename and B's age change both kept
      fido: { name: "Fido II", age: 5 }, // B's newer rename wins
      max: { name: "Max", age: 1 },
      bella: { name: "Bella", age: 2 },
    });
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as { since: string; report: { applied: { field: string; value: unknown }[]; kept: unknown[] } };
    expect(report.since).toBe(SINCE);
    expect(report.report.applied).toMatchObject([{ model: "Dog", key: "s:rex", field: "name", value: "Rexy" }]);
    expect(report.report.kept).toHaveLength(1);
    expect([bytes("backup.json"), bytes("fresh.json")]).toEqual(before);
    expect(run.stderr).toBe(""); // no progress bar when stderr is not a terminal
  });

  it("takes a changeset as the backup, with the same result", async () => {
    const dir = tempDir();
    const run = await runInProcess(["recover", "--backup", fixture("changeset.json"), "--fresh", fixture("fresh.json"), "--out", join(dir, "merged.json")]);
    expect(run.code).toBe(0);
    expect(dogs(join(dir, "merged.json")).rex).toEqual({ name: "Rexy", age: 4 });
  });

  it("--dry-run writes no merged realm, and says what it wrote", async () => {
    const dir = tempDir();
    const run = await runInProcess(["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json"), "--since", SINCE, "--dry-run", "--report", join(dir, "r.json")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dry run \(planned, the merged realm is not written\): 1 applied/);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(new RegExp(`^wrote report: ${join(dir, "r.json").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ kB\\)$`));
    const bare = await runInProcess(["recover", "-b", fixture("backup.json"), "-f", fixture("fresh.json"), "-s", SINCE, "-n"]);
    expect(bare.stdout.trimEnd().split("\n").at(-1)).toBe("wrote nothing (dry run without --report)");
    expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).report.dryRun).toBe(true);
    expect(existsSync(join(dir, "merged.json"))).toBe(false);
  });

  it("writes a self-contained HTML report, and the full lists as JSON beside it", async () => {
    const dir = tempDir();
    const run = await runInProcess(["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json"), "--since", SINCE, "--dry-run", "--report", join(dir, "r.html")]);
    expect(run.stdout).toContain(`wrote report (HTML): ${join(dir, "r.html")}`);
    expect(run.stdout).toContain(`wrote report (full, JSON): ${join(dir, "r.json")}`);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<details class="section attention" id="kept" open>');
    expect(html).toContain('<td class="name" title="s:fido">&quot;fido&quot;</td>');
    expect(html).toContain("&quot;Fido II&quot;");
    expect(html).toContain('<a href="r.json">r.json</a>');
    expect(html).not.toMatch(/<link|src=|https?:/); // nothing loaded from elsewhere
    expect(JSON.parse(readFileSync(join(dir, "r.json"), "utf8")).report.kept).toHaveLength(1);
  });

  it("--allow-drift recovers the rest and reports the missing model as skipped", async () => {
    const dir = tempDir();
    const run = await runInProcess(["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh-person-only.json"), "--since", SINCE, "--allow-drift", "--dry-run", "--report", join(dir, "r.json")]);
    expect(run.code).toBe(0);
    const { report } = JSON.parse(readFileSync(join(dir, "r.json"), "utf8")) as { report: { skipped: { code: string; model: string }[] } };
    expect(report.skipped.length).toBeGreaterThan(0);
    expect(report.skipped.every((entry) => entry.code === "MODEL_MISSING" && entry.model === "Dog")).toBe(true);
  });

  it("draws a bar per phase on a terminal's stderr, and erases it; --quiet and CI silence it", async () => {
    const dir = tempDir();
    const argv = ["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json"), "--since", SINCE, "--out", join(dir, "m.json")];
    const run = await runInProcess(argv, { tty: true });
    for (const phase of ["read backup backup.json", "parse backup", "check backup", "load backup", "read fresh fresh.json", "collect Dog (1/2)", "collect Person (2/2)", "plan the merge", "apply", "write"]) expect(run.stderr).toContain(phase);
    expect(run.stderr).toContain("100%");
    expect(run.stderr.endsWith("\r\x1b[2K")).toBe(true);
    expect((await runInProcess([...argv, "--quiet"], { tty: true })).stderr).toBe("");
    expect((await runInProcess(argv, { tty: true, env: { CI: "true" } })).stderr).toBe("");
  });
});

describe.concurrent("as a subprocess", { timeout: 90_000 }, () => {
  it("recover runs end to end through tsx src/cli/main.ts", async () => {
    const dir = tempDir();
    const run = await runSubprocess(["recover", "--backup", fixture("backup.json"), "--fresh", fixture("fresh.json"), "--since", SINCE, "--out", join(dir, "merged.json")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("1 applied, 1 kept from the server");
    expect(dogs(join(dir, "merged.json")).rex).toEqual({ name: "Rexy", age: 4 });
  });

  it("--help prints the usage and exits 0", async () => {
    const run = await runSubprocess(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("realm-field-recovery inspect <backup>");
    expect(run.stdout).toContain("realm-field-recovery serve --schema");
  });
});
