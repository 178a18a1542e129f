// Tests what we ship: the built `dist/` loads as ESM and as CJS through the package's
// `exports` map, for `.` and `./testing`. CI builds before testing, so dist/ must exist there.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const built = existsSync(`${root}/dist/index.js`);

function run(code: string, type: "module" | "commonjs"): string {
  const args = type === "module" ? ["--input-type=module", "-e", code] : ["-e", code];
  return execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }).trim();
}

describe("package exports", () => {
  it("has a build whenever CI runs the tests", () => {
    if (process.env.CI) expect(built, "run `npm run build` before `npm test` in CI").toBe(true);
    else expect(typeof built).toBe("boolean");
  });

  describe.skipIf(!built)("dist/", () => {
    it("loads `.` and `./testing` as ESM", () => {
      const out = run(
        `import * as main from "realm-field-recovery"; import * as testing from "realm-field-recovery/testing";
         console.log(typeof main.FieldRecoveryError, typeof testing.openMemoryRealm);`,
        "module",
      );
      expect(out).toBe("function function");
    });

    it("loads `.` and `./testing` as CJS", () => {
      const out = run(
        `const main = require("realm-field-recovery"); const testing = require("realm-field-recovery/testing");
         console.log(typeof main.FieldRecoveryError, typeof testing.openMemoryRealm);`,
        "commonjs",
      );
      expect(out).toBe("function function");
    });

    it("never loads realm at runtime from the core", () => {
      const out = run(
        `require("realm-field-recovery"); console.log(Object.keys(require.cache).some((k) => k.includes("/node_modules/realm/")));`,
        "commonjs",
      );
      expect(out).toBe("false");
    });
  });
});
