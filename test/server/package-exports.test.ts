// The built `realm-field-recovery/server` entry loads as ESM and CJS, and the client ships in the
// main entry; the server's packages are loaded only when a server starts (optional peers).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const built = existsSync(`${root}/dist/server/index.js`);
const run = (code: string, type: "module" | "commonjs"): string => execFileSync(process.execPath, type === "module" ? ["--input-type=module", "-e", code] : ["-e", code], { cwd: root, encoding: "utf8" }).trim();

describe.skipIf(!built)("package exports: ./server", () => {
  it("loads as ESM, sharing the core with the main entry", () => {
    const out = run(
      `import * as main from "realm-field-recovery"; import * as server from "realm-field-recovery/server";
       console.log(typeof server.createSyncServer, typeof main.createSyncClient, new server.SyncServerError("INVALID_TOKEN", "x") instanceof main.FieldRecoveryError);`,
      "module",
    );
    expect(out).toBe("function function true");
  });

  it("loads as CJS, sharing the core with the main entry", () => {
    expect(run(`const main = require("realm-field-recovery"); const server = require("realm-field-recovery/server"); console.log(typeof server.createSyncServer, server.COMPENSATING_WRITE_CODE, new server.SyncServerError("INVALID_TOKEN", "x") instanceof main.FieldRecoveryError);`, "commonjs")).toBe("function 231 true");
  });

  it("imports no server package at load time (they are optional peers)", () => {
    const peers = ["fastify", "@fastify/websocket", "@fastify/rate-limit", "@electric-sql/pglite", "pg", "jose", "ws"];
    for (const file of ["dist/server/index.js", "dist/server/index.cjs", "dist/index.js", "dist/index.cjs"]) {
      const code = readFileSync(`${root}/${file}`, "utf8");
      for (const peer of peers) {
        expect(code, `${file} imports ${peer} statically`).not.toMatch(new RegExp(`(from\\s*|require\\()["']${peer.replace("/", "\\/")}["']`));
      }
    }
  });
});
