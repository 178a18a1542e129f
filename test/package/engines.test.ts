// package.json claims the Node versions the suite runs on: `engines.node` is `>=20.16.0`, the
// first 20.x with `process.getBuiltinModule` (fileStateStorage loads node:fs through it), and
// CI runs this suite on Node 20, the floor's major.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fileStateStorage } from "../../src/index.js";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { engines: { node: string } };
const parse = (version: string): number[] => version.split(".").map(Number);
const atLeast = (version: number[], floor: number[]): boolean => {
  for (let i = 0; i < 3; i++) if ((version[i] ?? 0) !== (floor[i] ?? 0)) return (version[i] ?? 0) > (floor[i] ?? 0);
  return true;
};

describe("engines.node", () => {
  const floor = parse(/^>=(\d+\.\d+\.\d+)$/.exec(manifest.engines.node)?.[1] ?? "");

  it("is a plain >= floor on Node 20, which this run satisfies", () => {
    expect(floor).toHaveLength(3);
    expect(floor[0]).toBe(20);
    expect(atLeast(parse(process.versions.node), floor)).toBe(true);
  });

  it("is the first 20.x with what the library needs at run time (process.getBuiltinModule)", () => {
    expect(atLeast([20, 16, 0], floor)).toBe(true);
    expect(typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule).toBe("function");
    const dir = mkdtempSync(join(tmpdir(), "rfr-engines-"));
    try {
      const storage = fileStateStorage(join(dir, "state.json"));
      storage.set("probe", "1");
      expect(storage.get("probe")).toBe("1");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
