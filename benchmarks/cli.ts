// `npm run bench:cli`: time and peak memory of `realm-field-recovery recover` (merged dump
// and HTML + JSON report written) on 10k, 100k and 1M objects, on dumps (JSON) and on real
// `.realm` files when Realm's native binding loads, each run in its own process. Beside each
// run, the floor in the same process kind: reading and parsing both dumps (JSON.parse), or
// opening both `.realm` files and reading every object once, printed as a ratio. Then the
// 200k report's size and its load time in headless chromium (when /usr/bin/chromium exists).
// Flags: --sizes 10000,100000 (default 10000,100000,1000000), --quick (10000 only).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import { join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import type RealmType from "realm";
import { benchArgs } from "./support/args.js";
import { writeCliInputs } from "./support/cli-inputs.js";
import type { CliInputs } from "./support/cli-inputs.js";
import { formatBytes, printTable } from "./support/measure.js";
import { writeResults } from "./support/results.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const argv = process.argv.slice(2);
const sizesArg = argv[argv.indexOf("--sizes") + 1];
const sizes = argv.includes("--sizes") && sizesArg ? sizesArg.split(",").map(Number) : benchArgs(argv).quick ? [10_000] : [10_000, 100_000, 1_000_000];

let Realm: typeof RealmType | undefined;
try {
  Realm = createRequire(import.meta.url)("realm") as typeof RealmType;
} catch {
  Realm = undefined;
}

interface Run {
  readonly ms: number;
  /** CPU time (user + system) of the process: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly maxRssBytes: number;
}

/** Runs `script args` in a fresh node (tsx) process; returns what it wrote to CLI_BENCH_OUT. */
function child(script: string, args: readonly string[]): Run & { code: number } {
  const out = join(os.tmpdir(), `rfr-cli-bench-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { env: { ...process.env, CLI_BENCH_OUT: out }, stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 20 });
  if (!existsSync(out)) throw new Error(`${script} ${args.join(" ")} wrote no figures (exit ${String(result.status)})`);
  const figures = JSON.parse(readFileSync(out, "utf8")) as Run & { code: number };
  rmSync(out);
  return figures;
}

const fileSize = (path: string): number => statSync(path).size;

interface Row {
  readonly objects: number;
  readonly input: "dump" | "realm";
  readonly inputBytes: number;
  readonly cli: Run;
  readonly floor: Run;
  readonly outputs: { readonly merged: number; readonly html: number; readonly json: number };
}

const rows: Row[] = [];
const work = mkdtempSync(join(os.tmpdir(), "rfr-cli-bench-"));
let reportFor200k: string | undefined;
try {
  for (const objects of [...sizes, ...(sizes.includes(200_000) ? [] : [200_000])].sort((a, b) => a - b)) {
    const onlyForReport = !sizes.includes(objects);
    for (const input of ["dump", "realm"] as const) {
      if (input === "realm" && (Realm === undefined || onlyForReport)) continue;
      const dir = mkdtempSync(join(work, `${input}-${objects}-`));
      const inputs: CliInputs = writeCliInputs({ objects, dir, format: input, ...(Realm === undefined ? {} : { Realm }) });
      const merged = join(dir, "merged.json");
      const html = join(dir, "report.html");
      const run = child(here("./support/cli-child.ts"), ["recover", "-b", inputs.backup, "-f", inputs.fresh, "-s", inputs.since, "-o", merged, "-r", html, "-q"]);
      if (run.code !== 0) throw new Error(`recover exited ${run.code} on ${objects} objects (${input})`);
      const floor = child(here("./support/cli-floor.ts"), [input, inputs.backup, inputs.fresh]);
      const row: Row = { objects, input, inputBytes: fileSize(inputs.backup) + fileSize(inputs.fresh), cli: run, floor, outputs: { merged: fileSize(merged), html: fileSize(html), json: fileSize(html.replace(/\.html$/, ".json")) } };
      if (objects === 200_000 && input === "dump") reportFor200k = html;
      if (!onlyForReport) rows.push(row);
      console.error(`  ${objects} objects, ${input}: ${(run.ms / 1000).toFixed(1)} s wall, ${(run.cpuMs / 1000).toFixed(1)} s CPU, peak ${formatBytes(run.maxRssBytes)}`);
      if (!(objects === 200_000 && input === "dump")) rmSync(dir, { recursive: true, force: true });
    }
  }

  console.log("\n== realm-field-recovery recover (CLI), one process per run ==");
  console.log(`store: inputs as JSON dumps (the CLI loads them into the in-memory store) and as real Realm 20.2.0 .realm files${Realm === undefined ? " (skipped: the native binding did not load)" : ""}`);
  printTable([
    ["objects", "input", "input size", "wall time", "CPU time", "peak RSS", "floor CPU", "floor RSS", "CPU ÷ floor", "merged dump", "HTML report", "JSON report"],
    ...rows.map((row) => [
      row.objects.toLocaleString("en-US"),
      row.input === "dump" ? "JSON dumps" : ".realm files",
      formatBytes(row.inputBytes),
      `${(row.cli.ms / 1000).toFixed(2)} s`,
      `${(row.cli.cpuMs / 1000).toFixed(2)} s`,
      formatBytes(row.cli.maxRssBytes),
      `${(row.floor.cpuMs / 1000).toFixed(2)} s`,
      formatBytes(row.floor.maxRssBytes),
      (row.cli.cpuMs / row.floor.cpuMs).toFixed(2),
      formatBytes(row.outputs.merged),
      formatBytes(row.outputs.html),
      formatBytes(row.outputs.json),
    ]),
  ]);

  let render: { readonly bytes: number; readonly loadMs: readonly number[] } | undefined;
  if (reportFor200k !== undefined && existsSync("/usr/bin/chromium")) {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"] });
    const loadMs: number[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const started = performance.now();
        await page.goto(pathToFileURL(reportFor200k).href, { waitUntil: "load" });
        // Until the first paint of the laid-out page: a frame after load.
        await page.evaluate("new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))");
        loadMs.push(performance.now() - started);
        await page.close();
      }
    } finally {
      await browser.close();
    }
    render = { bytes: fileSize(reportFor200k), loadMs };
    const sorted = [...loadMs].sort((a, b) => a - b);
    console.log(`\nHTML report of a 200,000-object recovery: ${formatBytes(render.bytes)}; load to first frame in headless chromium, median of 5: ${(sorted[2] as number).toFixed(0)} ms (min ${(sorted[0] as number).toFixed(0)}, max ${(sorted[4] as number).toFixed(0)})`);
  }
  const file = writeResults("cli", `JSON dumps (in-memory store) and real Realm 20.2.0 .realm files${Realm === undefined ? " (real Realm skipped)" : ""}`, { rows, render200k: render });
  console.log(`\nresults: ${file}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
