// The scale benchmark's realms, built once per size and kept as files under the system's temp
// directory (never in the repository), so that a re-run skips the build (at a million objects,
// minutes). Each pair is built in a child process: on real Realm 20.2.0 a process that created
// objects keeps several KB of native memory per object created (measured: about 7.5 KB per
// tracked object, still held after the realm is closed and Realm.shutdown()), which at a
// million objects is gigabytes held through every timed run and counted in its peak RSS. The
// child exits and returns them. The cache key is the size, the Realm version and a hash of the
// source that writes the files (the write path: src/clock, schema, tracking, utils; the dataset
// and the scenario), so a change of the storage format or of the data rebuilds them.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import type { Stamp } from "../../src/clock/index.js";
import type { RealmLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { chooseEdits, itemSchema } from "./dataset.js";
import { buildScenario } from "./recovery-scenario.js";
import type { Scenario } from "./recovery-scenario.js";
import type { BenchStore } from "./store.js";

/** What the scale benchmark needs of a scenario, and where its realms came from. */
export interface ScaleScenario extends Pick<Scenario, "total" | "localEdits" | "serverEdits" | "backup" | "since" | "makeFresh"> {
  readonly changed: number;
  /** How the realms were obtained: built here, built by a child process now, or found in the cache. */
  readonly source: "built in process" | "built by child" | "cached";
  /** Wall time of the build (ms), 0 when cached. */
  readonly buildMs: number;
}

interface FilesMeta {
  readonly total: number;
  readonly changed: number;
  readonly since: Stamp;
  readonly realm: string;
  readonly builtAt: string;
  readonly buildMs: number;
}

const trackedItemSchema = trackFields([itemSchema]);
const root = fileURLToPath(new URL("../../", import.meta.url));
const BACKUP = "backup.realm";
const FRESH = "fresh.realm";
const META = "meta.json";

/** The cache directory: `BENCH_SCALE_CACHE_DIR`, else `<tmp>/rfr-bench-cache`. */
export const cacheDir = (): string => process.env.BENCH_SCALE_CACHE_DIR ?? path.join(os.tmpdir(), "rfr-bench-cache");

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (entry.name.endsWith(".ts")) files.push(full);
  }
  return files.sort();
}

/** Hash of the source that decides the files' content. */
function contentHash(realmVersion: string): string {
  const hash = createHash("sha256").update(realmVersion);
  const writePath = ["clock", "schema", "tracking", "utils"].flatMap((dir) => sourceFiles(path.join(root, "src", dir)));
  for (const file of [...writePath, path.join(root, "benchmarks/support/dataset.ts"), path.join(root, "benchmarks/support/recovery-scenario.ts")]) {
    hash.update(path.relative(root, file)).update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

function realmVersion(): string {
  try {
    return (createRequire(import.meta.url)("realm/package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

const entryName = (total: number, changed: number): string => `scale-${total}-${changed}`;

/**
 * Writes the backup and the fresh template of a scenario into `dir` (compacted copies), with
 * the checkpoint in meta.json. Runs in the child process.
 */
export function writeScenarioFiles(store: BenchStore, total: number, changed: number, dir: string): void {
  const started = performance.now();
  const scenario = buildScenario(store, { total, changed });
  const fresh = scenario.makeFresh();
  (scenario.backup as unknown as { writeCopyTo(config: { path: string }): void }).writeCopyTo({ path: path.join(dir, BACKUP) });
  (fresh as unknown as { writeCopyTo(config: { path: string }): void }).writeCopyTo({ path: path.join(dir, FRESH) });
  const meta: FilesMeta = { total, changed, since: scenario.since, realm: realmVersion(), builtAt: new Date().toISOString(), buildMs: performance.now() - started };
  writeFileSync(path.join(dir, META), `${JSON.stringify(meta, null, 2)}\n`);
}

/** Builds the files of one size in a child process (its memory is returned when it exits). */
function buildInChild(total: number, changed: number, target: string): void {
  const work = `${target}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const child = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./build-scale-files.ts", import.meta.url)), String(total), String(changed), work], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, BENCH_COUNT_REALM_CALLS: "0" },
  });
  if (child.status !== 0 || !existsSync(path.join(work, META))) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`building the scale realms (${total} objects, ${changed} changed) failed in the child process (exit ${String(child.status)})`);
  }
  rmSync(target, { recursive: true, force: true });
  renameSync(work, target);
}

/** Deletes cached entries of the same size built from other source (stale). */
function dropStale(dir: string, name: string, keep: string): void {
  for (const entry of readdirSync(dir)) if (entry.startsWith(`${name}-`) && entry !== keep) rmSync(path.join(dir, entry), { recursive: true, force: true });
}

/**
 * The scenario of one scale point. On real Realm: from the cache, or built by a child process
 * into it; `BENCH_SCALE_CACHE=0` rebuilds (still in a child). On the memory store: built here.
 */
export function scaleScenario(store: BenchStore, total: number, changed: number, options: { readonly schemalessBackup?: boolean } = {}): ScaleScenario {
  const localEdits = chooseEdits(total, changed, 1);
  const serverEdits = chooseEdits(total, changed, 2);
  if (store.kind === "memory" || store.openCopyOfFile === undefined) {
    const started = performance.now();
    const scenario = buildScenario(store, { total, changed });
    scenario.makeFresh().close(); // builds the server's state now, so buildMs includes it
    return { total, changed, localEdits, serverEdits, backup: scenario.backup, since: scenario.since, makeFresh: scenario.makeFresh, source: "built in process", buildMs: performance.now() - started };
  }
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const name = entryName(total, changed);
  const keyed = `${name}-${contentHash(realmVersion())}`;
  const target = path.join(dir, keyed);
  const hit = process.env.BENCH_SCALE_CACHE !== "0" && existsSync(path.join(target, META));
  const started = performance.now();
  if (!hit) {
    dropStale(dir, name, keyed);
    buildInChild(total, changed, target);
  }
  const buildMs = hit ? 0 : performance.now() - started;
  const meta = JSON.parse(readFileSync(path.join(target, META), "utf8")) as FilesMeta;
  // Opened with the tracked schema, as the app opens the fresh realm; the backup also without
  // (`schemalessBackup`), as the README opens it (a Realm file stores no `presentation`).
  const openCopy = (file: string, schema: readonly unknown[] | undefined = trackedItemSchema): RealmLike => (store.openCopyOfFile as NonNullable<BenchStore["openCopyOfFile"]>)(path.join(target, file), schema);
  const backup = openCopy(BACKUP, options.schemalessBackup === true ? undefined : trackedItemSchema);
  return { total, changed, localEdits, serverEdits, backup, since: meta.since, makeFresh: () => openCopy(FRESH), source: hit ? "cached" : "built by child", buildMs };
}
