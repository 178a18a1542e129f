// `inspect` and `recover` on real `.realm` files (the Dog story written with tracked writes
// on real Realm), compared with the same story's JSON fixtures (in-memory store): same
// changes, same merge, same report. The inputs are opened read-only and stay byte for byte.
// Skipped with the global setup's one line when Realm's native binding does not load.
import { createHash } from "node:crypto";
import { chmodSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type RealmType from "realm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRealmFile } from "../../src/cli/realm-file.js";
import type { RealmLike } from "../../src/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealmDump } from "../../src/testing/index.js";
import { probeRealRealm } from "../support/real-realm.js";
import { writeStory } from "./fixtures/make-fixtures.js";
import { SINCE, fixture, runInProcess, runSubprocess, tempDir } from "./helpers.js";

const { Realm } = probeRealRealm();

const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const dogs = (path: string): Record<string, unknown> => {
  const realm = openMemoryRealm({ dump: JSON.parse(readFileSync(path, "utf8")) as MemoryRealmDump });
  const out = Object.fromEntries([...realm.objects("Dog")].map((dog) => [dog._id as string, { name: dog.name, age: dog.age }]));
  realm.close();
  return out;
};

describe.skipIf(!Realm)("the CLI on real .realm files [real Realm]", { timeout: 90_000 }, () => {
  const dir = tempDir();
  const file = (name: string): string => join(dir, `${name}.realm`);
  let hashes: Record<string, string> = {};

  beforeAll(() => {
    const R = Realm as typeof RealmType;
    type Schema = NonNullable<RealmType.Configuration["schema"]>;
    const opened: RealmType[] = [];
    const open = (path: string, schema: unknown): RealmLike => {
      const realm = new R({ path, schema: schema as Schema });
      opened.push(realm);
      return realm as unknown as RealmLike;
    };
    const story = writeStory({
      open: (name, schema) => open(file(name), schema),
      copy: (name, realm) => {
        (realm as unknown as RealmType).writeCopyTo({ path: file(name) });
        return open(file(name), realm.schema);
      },
    });
    expect(story.since).toBe(SINCE); // the same clocks as the JSON fixtures
    for (const realm of opened) realm.close();
    // The backup a user sent in: read-only on disk too.
    chmodSync(file("backup"), 0o444);
    hashes = Object.fromEntries(["backup", "fresh", "fresh-person-only"].map((name) => [name, sha(file(name))]));
  });

  afterAll(() => {
    // Nothing the CLI did changed an input, byte for byte.
    for (const [name, hash] of Object.entries(hashes)) expect(sha(file(name)), name).toBe(hash);
  });

  it("opens a .realm input read-only, with the schema stored in the file", async () => {
    const mtime = statSync(file("backup")).mtimeMs;
    const realm = (await openRealmFile(file("backup"))) as unknown as RealmType;
    try {
      expect(realm.isReadOnly).toBe(true);
      expect(realm.schema.map((model) => model.name).sort()).toEqual(["Dog", "FieldRecoveryTombstone", "Person"]);
      expect(() => realm.write(() => realm.delete(realm.objects("Dog")))).toThrow();
      // The file does not store the counter's presentation or default: the CLI puts them back,
      // so extraction queries the counter (format 2) and created objects get 0.
      expect(realm.schema.find((model) => model.name === "Dog")?.properties.newestStampMillis).toMatchObject({ type: "int", presentation: "counter", default: 0 });
    } finally {
      realm.close();
    }
    expect(statSync(file("backup")).mtimeMs).toBe(mtime);
  });

  it("inspect lists the same changes as on the dump", async () => {
    const real = await runInProcess(["inspect", file("backup"), "--since", SINCE]);
    const memory = await runInProcess(["inspect", fixture("backup.json"), "--since", SINCE]);
    expect(real.code).toBe(0);
    expect(real.stdout).toBe(memory.stdout);
    expect(real.stdout.trimEnd().split("\n").at(-1)).toBe("3 objects with unsynced changes, 4 fields, 1 delete");
    const json = await runInProcess(["inspect", file("backup"), "-s", SINCE, "--json"]);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(readFileSync(fixture("changeset.json"), "utf8")));
    const full = await runInProcess(["inspect", file("backup")]);
    expect(full.stdout).toBe((await runInProcess(["inspect", fixture("backup.json")])).stdout);
  });

  it("recover merges .realm files as it merges their dumps, and writes the same report", async () => {
    const out = tempDir();
    const real = await runInProcess(["recover", "-b", file("backup"), "-f", file("fresh"), "-s", SINCE, "-o", join(out, "real.json"), "-r", join(out, "real-report.json")]);
    const memory = await runInProcess(["recover", "-b", fixture("backup.json"), "-f", fixture("fresh.json"), "-s", SINCE, "-o", join(out, "memory.json"), "-r", join(out, "memory-report.json")]);
    expect(real.code).toBe(0);
    expect(real.stdout.split("\n")[0]).toBe("1 applied, 1 kept from the server, 1 created, 1 deleted, 0 skipped, 0 errors");
    expect(dogs(join(out, "real.json"))).toEqual({ rex: { name: "Rexy", age: 4 }, fido: { name: "Fido II", age: 5 }, max: { name: "Max", age: 1 }, bella: { name: "Bella", age: 2 } });
    const report = (name: string): unknown => (JSON.parse(readFileSync(join(out, name), "utf8")) as { report: unknown }).report;
    expect(report("real-report.json")).toEqual(report("memory-report.json"));
    expect(dogs(join(out, "real.json"))).toEqual(dogs(join(out, "memory.json")));
    expect(memory.stdout.split("\n").slice(0, 5)).toEqual(real.stdout.split("\n").slice(0, 5));
  });

  it("mixes a .realm backup with a dump fresh, and a full merge", async () => {
    const run = await runInProcess(["recover", "-b", file("backup"), "-f", fixture("fresh.json"), "-n"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe((await runInProcess(["recover", "-b", fixture("backup.json"), "-f", fixture("fresh.json"), "-n"])).stdout.split("\n")[0]);
  });

  it("refuses a fresh .realm that lacks a changed model (exit 4)", async () => {
    const run = await runInProcess(["recover", "-b", file("backup"), "-f", file("fresh-person-only"), "-s", SINCE, "-n"]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('lacks model "Dog"');
  });

  it("runs as a subprocess on .realm files and exits (Realm shut down)", async () => {
    const out = tempDir();
    const run = await runSubprocess(["recover", "--backup", file("backup"), "--fresh", file("fresh"), "--since", SINCE, "--out", join(out, "merged.json"), "--report", join(out, "r.html")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(dogs(join(out, "merged.json")).rex).toEqual({ name: "Rexy", age: 4 });
    expect(readFileSync(join(out, "r.html"), "utf8")).toContain('title="s:rex"');
  });

  it("a file that is not a realm fails with REALM_OPEN_FAILED, exit 3, also as a subprocess", async () => {
    const inProcess = await runInProcess(["inspect", fixture("not-a-realm.realm")]);
    expect(inProcess.code).toBe(3);
    expect(inProcess.stderr).toMatch(/^error REALM_OPEN_FAILED: cannot open .*not-a-realm\.realm read-only/);
    const sub = await runSubprocess(["inspect", fixture("not-a-realm.realm")]);
    expect(sub.code).toBe(3);
    expect(sub.stderr).toMatch(/^error REALM_OPEN_FAILED/);
  });
});
