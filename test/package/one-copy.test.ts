// One copy of every module across entry points, in both formats (tsup.config.ts explains the
// bundling): the clock set through `.` is the one `/react/create`'s hook and `/testing` use,
// and errors thrown through any entry are `instanceof` the main entry's `FieldRecoveryError`.
// Runs the built dist/ through the package's `exports` map, as ESM and as CJS.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { probeRealRealm } from "../support/real-realm.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const built = existsSync(join(root, "dist/index.js"));

// The body shared by both formats; `load(name)` is `require` or a dynamic `import`.
const BODY = `
  const main = await load("realm-field-recovery");
  const testing = await load("realm-field-recovery/testing");
  const hooks = await load("realm-field-recovery/react/create");
  const React = await load("react");
  const { renderToString } = await load("react-dom/server");
  const clock = new main.HybridClock({ nodeId: "shared", now: () => Date.UTC(2024, 0, 1) });
  main.setDefaultClock(clock);
  const realm = testing.openMemoryRealm({ schema: main.trackFields([{ name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string" } }]) });
  const useTrackedWrite = hooks.createUseTrackedWrite(() => realm);
  let write;
  renderToString(React.createElement(() => { write = useTrackedWrite(); return null; }));
  write((tx) => tx.create("Dog", { _id: "rex", name: "Rex" }));
  const stamp = realm.objectForPrimaryKey("Dog", "rex").fieldTimestamps["#created"];
  let hookError, testingError;
  try { write((tx) => tx.assign(realm.objectForPrimaryKey("Dog", "rex"), { nmae: "Rexy" })); } catch (error) { hookError = error; }
  try { realm.create("Dog", { _id: "spot", name: "Spot" }); } catch (error) { testingError = error; } // outside a write
  console.log(JSON.stringify({
    sameClock: main.getDefaultClock() === clock && stamp === clock.last(),
    hookError: hookError instanceof main.FieldRecoveryError && hookError instanceof main.TrackedWriteError,
    testingError: testingError instanceof main.FieldRecoveryError && testingError instanceof testing.MemoryRealmError,
  }));
`;

function run(format: "esm" | "cjs"): unknown {
  const code =
    format === "esm"
      ? `const load = (name) => import(name).then((m) => m.default && Object.keys(m).length === 1 ? m.default : m);\n${BODY}`
      : `(async () => { const load = (name) => require(name);\n${BODY}\n})().catch((error) => { console.error(error); process.exit(1); });`;
  const args = format === "esm" ? ["--input-type=module", "-e", code] : ["-e", code];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }).trim());
}

describe.skipIf(!built)("one copy of the core across entry points (dist/)", () => {
  for (const format of ["esm", "cjs"] as const) {
    it(`${format}: setDefaultClock through "." reaches /react/create's hook; errors from /react/create and /testing are the main entry's classes`, () => {
      expect(run(format)).toEqual({ sameClock: true, hookError: true, testingError: true });
    });
  }

  it.skipIf(probeRealRealm().Realm === undefined)("cjs: /react and /react/create share one createUseTrackedWrite (needs Realm's native binding: @realm/react loads realm)", () => {
    const out = execFileSync(
      process.execPath,
      ["-e", `const a = require("realm-field-recovery/react"), b = require("realm-field-recovery/react/create"); console.log(a.createUseTrackedWrite === b.createUseTrackedWrite && typeof a.useTrackedWrite === "function"); require("realm").shutdown();`],
      { cwd: root, encoding: "utf8" },
    ).trim();
    expect(out).toBe("true");
  });

  it("declares each class once across the .d.ts files, and once across the .d.cts files", () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const all = files(join(root, "dist"));
    for (const extension of [".d.ts", ".d.cts"]) {
      const declarations = all.filter((file) => file.endsWith(extension)).flatMap((file) => [...readFileSync(file, "utf8").matchAll(/declare class (\w+)/g)].map((match) => match[1]));
      expect(declarations).toContain("FieldRecoveryError");
      expect(declarations.filter((name, index) => declarations.indexOf(name) !== index)).toEqual([]);
    }
  });

  it("ships no CJS bin and no source maps", () => {
    expect(existsSync(join(root, "dist/cli.cjs"))).toBe(false);
    expect(readdirSync(join(root, "dist"), { recursive: true }).filter((file) => String(file).endsWith(".map"))).toEqual([]);
  });
});
