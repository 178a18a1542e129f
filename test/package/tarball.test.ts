// The published package, as a user gets it: the packed tarball passes `publint --strict` and
// `attw` (every entry resolves with types under node10, node16 CJS/ESM and bundler), and
// installed into a scratch project it runs the README's first example as ESM and as CJS and
// compiles it as strict TypeScript. The example is extracted from README.md, not copied.
// Needs dist/ (CI builds first). The install uses npm's cache (--prefer-offline): the package's
// dependencies are those the repository installed. realm (with its native binding) and
// @types/node are linked from this repository's node_modules; without Realm's binding the
// runs skip and the rest still checks.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeRealRealm } from "../support/real-realm.js";
import { collectSnippets, root } from "../docs/snippets.js";

const built = existsSync(join(root, "dist/index.js"));
const realRealm = probeRealRealm().Realm !== undefined;
const bin = (name: string): string => join(root, "node_modules/.bin", name);

/** The README's first example, as written. */
function readmeExample(): string {
  const first = collectSnippets().find((snippet) => snippet.page === "README.md");
  if (!first) throw new Error("README.md has no TypeScript example");
  return first.code;
}

/** An ESM example as CJS: imports become requires, the body an async function. */
function asCommonJs(code: string): string {
  const body = code
    .replace(/^import (\w+) from "([^"]+)";$/gm, 'const $1 = require("$2");')
    .replace(/^import \{ ([^}]+) \} from "([^"]+)";$/gm, 'const { $1 } = require("$2");');
  return `(async () => {\n${body}\n})().then(() => require("realm").shutdown(), (error) => { console.error(error); process.exit(1); });\n`;
}

// What the README leaves to the app: an empty backup (made by setup.mjs) and a no-op upload.
const APP_VALUES = `const backupPath = "backup.realm";\nconst upload = async () => {};\n`;
const APP_DECLARATIONS = `declare const backupPath: string;\ndeclare const upload: () => Promise<void>;\n`;
const SETUP = `import Realm from "realm";
import { trackFields } from "realm-field-recovery";
new Realm({ path: "backup.realm", schema: trackFields([{ name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", age: "int?" } }]) }).close();
Realm.shutdown();
`;

describe.skipIf(!built)("the packed tarball", () => {
  let work: string;
  let tarball: string;
  let project: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "rfr-tarball-"));
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", work], { cwd: root, encoding: "utf8" })) as { filename: string }[];
    tarball = join(work, (packed[0] as { filename: string }).filename);
    project = join(work, "app");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module" }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], { cwd: project, encoding: "utf8" });
    mkdirSync(join(project, "node_modules/@types"), { recursive: true });
    symlinkSync(join(root, "node_modules/realm"), join(project, "node_modules/realm"), "dir");
    symlinkSync(join(root, "node_modules/@types/node"), join(project, "node_modules/@types/node"), "dir");
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("passes publint --strict", () => {
    const out = execFileSync(bin("publint"), ["--strict", tarball], { encoding: "utf8" });
    expect(out).toContain("All good!");
  }, 60_000);

  it("passes @arethetypeswrong/cli (strict profile: node10, node16 CJS and ESM, bundler)", () => {
    // attw exits non-zero on any problem; its JSON names them.
    const out = execFileSync(bin("attw"), [tarball, "--format", "json"], { encoding: "utf8" });
    const analysis = JSON.parse(out) as { analysis: { problems: unknown[]; entrypoints: Record<string, unknown> } };
    expect(analysis.analysis.problems).toEqual([]);
    expect(Object.keys(analysis.analysis.entrypoints).sort()).toEqual([".", "./package.json", "./react", "./react/create", "./server", "./testing"]);
  }, 60_000);

  it("ships what it says: LICENSE, no CJS bin, no source maps, no sources", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(files).toContain("package/LICENSE");
    expect(files.filter((file) => file.endsWith(".map") || file.endsWith("cli.cjs") || file.startsWith("package/src/"))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(project, "node_modules/realm-field-recovery/package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ license: "MIT", engines: { node: expect.stringMatching(/^>=20\./) } });
    // Every peer is optional: realm, @realm/react and react, and the sync server's packages.
    expect(Object.keys(manifest.peerDependencies as object).sort()).toEqual(["@electric-sql/pglite", "@fastify/rate-limit", "@fastify/websocket", "@realm/react", "fastify", "jose", "pg", "react", "realm"]);
  });

  it("compiles the README's first example as strict TypeScript (nodenext, ESM)", () => {
    writeFileSync(join(project, "example.ts"), APP_DECLARATIONS + readmeExample());
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", types: ["node"], noEmit: true, skipLibCheck: false }, files: ["example.ts"] }),
    );
    execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: project, encoding: "utf8" });
  }, 60_000);

  describe.skipIf(!realRealm)("runs the README's first example on real Realm (needs Realm's native binding)", () => {
    const expected = /^0 fields recovered; 0 kept from the server$/m;

    it("as ESM", () => {
      writeFileSync(join(project, "setup.mjs"), SETUP);
      execFileSync(process.execPath, ["setup.mjs"], { cwd: project });
      writeFileSync(join(project, "example.mjs"), `${APP_VALUES}${readmeExample()}\nRealm.shutdown();\n`);
      expect(execFileSync(process.execPath, ["example.mjs"], { cwd: project, encoding: "utf8" })).toMatch(expected);
    }, 60_000);

    it("as CJS", () => {
      rmSync(join(project, "default.realm"), { force: true });
      rmSync(join(project, "default.realm.lock"), { force: true });
      writeFileSync(join(project, "example.cjs"), asCommonJs(APP_VALUES + readmeExample()));
      expect(execFileSync(process.execPath, ["example.cjs"], { cwd: project, encoding: "utf8" })).toMatch(expected);
    }, 60_000);
  });
});
