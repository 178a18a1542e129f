import { rmSync } from "node:fs";
import { defineConfig } from "tsup";
import type { Options } from "tsup";

// The two builds below run in parallel, so neither may `clean` (one could delete the other's
// output): dist/ is emptied once, here, when tsup loads this file.
rmSync("dist", { recursive: true, force: true });

// One copy of every module across entry points, in both formats.
//
// All library entries are built in ONE esbuild run per format with code splitting on, so
// whatever two entries share (the whole core: clock, errors, tracking, …) lands in one shared
// chunk (`dist/chunk-*.js` / `dist/chunk-*.cjs`) that every entry imports: `setDefaultClock`
// through `.` is the clock `useTrackedWrite` uses, and `instanceof FieldRecoveryError` holds for
// errors thrown through `/react` or `/testing`. The declaration files are split the same way
// (`dist/*.d.ts` / `*.d.cts` chunks), so a class is declared once and stays one type.
// test/package/one-copy.test.ts checks both, for ESM and CJS.
//
// To add an entry (e.g. `./server`): add it to `libraryEntries` below (and to `external` if it
// imports a peer), to `exports` and `typesVersions` in package.json, to `entryPoints` in
// typedoc.json, and to the entry list test/package/tarball.test.ts expects from attw.
// Never give an entry its own tsup config: a separate build inlines its own copy of the core.
const libraryEntries = {
  index: "src/index.ts",
  "testing/index": "src/testing/index.ts",
  "react/index": "src/react/index.ts",
  "react/create": "src/react/create.ts",
  // the self-hosted sync server (its packages are optional peers, imported when it starts)
  "server/index": "src/server/index.ts",
};

const shared: Options = {
  dts: true,
  splitting: true,
  sourcemap: false, // unminified output reads as is; maps would be most of the tarball
  target: "es2022",
  // realm, @realm/react and react are peers, and so are the sync server's packages: never bundle them.
  external: ["realm", "@realm/react", "react", "fastify", "@fastify/websocket", "@fastify/rate-limit", "@electric-sql/pglite", "pg", "jose", "ws"],
};

export default defineConfig([
  // ESM: the library entries plus the `realm-field-recovery` bin (src/cli/main.ts starts with a
  // shebang), sharing chunks with the library.
  { ...shared, format: ["esm"], entry: { ...libraryEntries, cli: "src/cli/main.ts" } },
  // CJS: the library entries only (the bin is ESM; no dist/cli.cjs).
  { ...shared, format: ["cjs"], entry: libraryEntries },
]);
