// Bad inputs end with one error line naming the file, the path inside it and what was
// expected, and exit 3 (docs/cli.md); bad pipes and typed stamps end cleanly.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, SINCE, fixture, runInProcess, tempDir } from "./helpers.js";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const backup = (): Json => JSON.parse(readFileSync(fixture("backup.json"), "utf8")) as Json;
const changeset = (): Json => JSON.parse(readFileSync(fixture("changeset.json"), "utf8")) as Json;

/** Writes an edited copy of a fixture and runs `inspect` on it. */
async function inspectEdited(base: Json, edit: (data: Json) => void): Promise<{ code: number; line: string; hint: string; path: string }> {
  const path = join(tempDir(), "input.json");
  edit(base);
  writeFileSync(path, JSON.stringify(base));
  const run = await runInProcess(["inspect", path]);
  expect(run.stdout).toBe("");
  const [line = "", hint = ""] = run.stderr.trimEnd().split("\n");
  return { code: run.code, line, hint, path };
}

const DUMP_CASES: readonly { readonly name: string; readonly edit: (data: Json) => void; readonly code: string; readonly message: string }[] = [
  { name: "a schema entry without properties", edit: (d) => delete d.schema[0].properties, code: "INVALID_DUMP", message: "at schema[0].properties: missing" },
  { name: "objects.Dog a number", edit: (d) => (d.objects.Dog = 5), code: "INVALID_DUMP", message: "at objects.Dog: expected an array of objects, got 5" },
  { name: "a wrongly typed value", edit: (d) => (d.objects.Dog[1].age = "four"), code: "INVALID_DUMP", message: 'at objects.Dog[1].age: expected an integer, got "four"' },
  { name: "a missing primary key", edit: (d) => delete d.objects.Dog[0]._id, code: "INVALID_DUMP", message: "at objects.Dog[0]._id: missing" },
  { name: "a field the model lacks", edit: (d) => (d.objects.Dog[0].colour = "red"), code: "INVALID_DUMP", message: 'at objects.Dog[0].colour: unexpected key "colour"' },
  { name: "a stamps dictionary with a number", edit: (d) => (d.objects.Dog[0].fieldTimestamps.name = 5), code: "INVALID_DUMP", message: "at objects.Dog[0].fieldTimestamps.name: expected a string, got 5" },
  { name: "an unknown model key", edit: (d) => (d.objects.Cat = [{ _id: "tom" }]), code: "INVALID_DUMP", message: "at objects.Cat: no model of that name in the dump's schema" },
  { name: "a property type Realm refuses", edit: (d) => (d.schema[0].properties.age.type = "integer"), code: "INVALID_SCHEMA", message: "Invalid type declaration for property 'age' on 'Dog'" },
  { name: "a duplicate primary key", edit: (d) => d.objects.Dog.push(d.objects.Dog[0]), code: "INVALID_DUMP", message: "s:rex" },
  { name: "another format", edit: (d) => (d.format = 2), code: "INVALID_DUMP", message: "at format: expected 1" },
];

describe("bad dumps", () => {
  for (const { name, edit, code, message } of DUMP_CASES) {
    it(`${name}: ${code}, exit 3, naming the file and the place`, async () => {
      const result = await inspectEdited(backup(), edit);
      expect(result.code).toBe(3);
      expect(result.line).toMatch(new RegExp(`^error ${code}: `));
      expect(result.line).toContain(result.path);
      expect(result.line).toContain(message);
      expect(result.hint).toMatch(/^hint: .*dumpMemoryRealm/);
    });
  }

  it("the fresh input is checked the same way", async () => {
    const path = join(tempDir(), "fresh.json");
    const data = JSON.parse(readFileSync(fixture("fresh.json"), "utf8")) as Json;
    data.objects.Dog[0].name = null;
    writeFileSync(path, JSON.stringify(data));
    const run = await runInProcess(["recover", "-b", fixture("backup.json"), "-f", path, "-s", SINCE, "-n"]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`error INVALID_DUMP: ${path} is not a valid dump: at objects.Dog[0].name: expected a string, got null`);
  });
});

describe("bad changesets", () => {
  it("names the file and the entry, exit 3", async () => {
    const result = await inspectEdited(changeset(), (c) => (c.objects[1].generation = 0));
    expect(result.code).toBe(3);
    expect(result.line).toMatch(/^error INVALID_CHANGESET: /);
    expect(result.line).toContain(`${result.path}: Invalid changeset at objects[1].generation: expected an integer >= 1, got 0`);
    expect(result.hint).toMatch(/collectUnsyncedChanges/);
  });

  it("a changeset whose objects is not an array is still recognised as one", async () => {
    const result = await inspectEdited(changeset(), (c) => (c.objects = {}));
    expect(result.line).toContain("Invalid changeset at objects: expected an array");
    expect(result.code).toBe(3);
  });
});

describe("typed stamps and pipes", { timeout: 90_000 }, () => {
  it("a typed --since gets a hint about the checkpoint, not about edited stamps", async () => {
    const run = await runInProcess(["inspect", fixture("backup.json"), "-s", "yesterday"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('error MALFORMED_STAMP: --since "yesterday" is not a stamp: expected 16 characters of -0-9A-Z_a-z, got 9 characters');
    expect(run.stderr).toContain("hint: pass the device's checkpoint");
    expect(run.stderr).not.toMatch(/edited by hand|other code/);
  });

  it("`--help | head -1` prints one line and no EPIPE crash", () => {
    const tsx = join(ROOT, "node_modules/tsx/dist/cli.mjs");
    const result = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${tsx}" src/cli/main.ts --help | head -1`], { cwd: ROOT, encoding: "utf8" });
    expect(result.stdout).toBe("realm-field-recovery: per-field recovery of unsynced Realm edits after a client reset\n");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    // A reader that closes before the first line is written: every write meets EPIPE.
    const closed = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" "${tsx}" src/cli/main.ts --help | true`], { cwd: ROOT, encoding: "utf8" });
    expect(closed.stderr).toBe("");
    expect(closed.status).toBe(0);
  });
});
