// The shipped bin: dist/cli.js (built by `npm run build`) starts with a shebang and runs.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, fixture } from "./helpers.js";

const bin = join(ROOT, "dist/cli.js");

describe("package.json bin", () => {
  it("points realm-field-recovery at dist/cli.js", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { bin?: Record<string, string> };
    expect(pkg.bin).toEqual({ "realm-field-recovery": "./dist/cli.js" });
  });

  describe.skipIf(!existsSync(bin))("dist/cli.js (after npm run build)", () => {
    it("has a shebang and inspects a changeset", () => {
      expect(readFileSync(bin, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
      const out = execFileSync(process.execPath, [bin, "inspect", fixture("changeset.json")], { cwd: ROOT, encoding: "utf8" });
      expect(out.trimEnd().split("\n").at(-1)).toBe("3 objects with unsynced changes, 4 fields, 1 delete");
    });
  });
});
