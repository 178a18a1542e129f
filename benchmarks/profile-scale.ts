// Profiles one scale point on the benchmark's data: BENCH_SCALE_TOTAL objects (default 100,000),
// BENCH_SCALE_CHANGED of them changed per side (default 1,000). Times the build and each phase of
// a recovery (collect, plan + apply, the clock's catch-up) and records, per phase, the peak
// resident memory (the kernel's high-water mark, reset before each phase: JS heap, Realm's
// native allocations and its mapped file pages) and the JS heap after it.
// PROFILE=1: a CPU profile of the recovery (inspector, timed call only), top functions printed.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { HybridClock, stampMillis } from "../src/clock/index.js";
import { applyChanges } from "../src/recovery/apply-changes.js";
import { collectUnsyncedChanges } from "../src/recovery/collect-unsynced-changes.js";
import { receiveNewestStamp } from "../src/recovery/receive-newest-stamp.js";
import { printHeading } from "./support/args.js";
import { reportCpuProfile, startCpuProfile } from "./support/cpu-profile.js";
import { formatBytes } from "./support/measure.js";
import { peakRss } from "./support/peak-rss.js";
import { scaleScenario } from "./support/scale-files.js";
import { benchStore } from "./support/store.js";

const TOTAL = Number(process.env.BENCH_SCALE_TOTAL ?? 100_000);
const CHANGED = Number(process.env.BENCH_SCALE_CHANGED ?? 1_000);
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 2);

const mib = (bytes: number): string => formatBytes(bytes);

function phase<T>(name: string, run: () => T): T {
  const rss = peakRss();
  const started = performance.now();
  const result = run();
  const ms = performance.now() - started;
  const usage = process.memoryUsage();
  const status = readFileSync("/proc/self/status", "utf8");
  const kinds = ["RssAnon", "RssFile", "RssShmem"].map((kind) => `${kind} ${mib(Number(new RegExp(`${kind}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024)}`).join(", ");
  console.log(`  ${name.padEnd(18)} ${ms.toFixed(0).padStart(7)} ms   peak RSS ${mib(rss.peak()).padStart(10)} (+${mib(rss.peak() - rss.before)})   heap ${mib(usage.heapUsed)}; now ${kinds}`);
  return result;
}

async function main(): Promise<void> {
  const store = benchStore();
  printHeading(`scale profile: ${TOTAL.toLocaleString("en")} objects, ${CHANGED.toLocaleString("en")} changed per side`, store.label);
  const schemaless = process.env.BENCH_SCALE_SCHEMALESS === "1";
  const scenario = phase("build or open", () => scaleScenario(store, TOTAL, CHANGED, { schemalessBackup: schemaless }));
  if (schemaless) console.log("  backup opened without its schema (new Realm({ path }))");
  // The extraction query and its two halves, alone.
  const items = scenario.backup.objects("Item");
  const millis = stampMillis(scenario.since);
  for (const [label, query] of [["counter >= $0 OR counter == 0", "newestStampMillis >= $0 OR newestStampMillis == 0"], ["counter >= $0", "newestStampMillis >= $0"], ["counter == 0", "newestStampMillis == 0"]] as const) {
    const started = performance.now();
    const found = items.filtered(query, millis).length;
    console.log(`  query ${label.padEnd(30)} ${(performance.now() - started).toFixed(1).padStart(8)} ms, ${found} objects`);
  }
  const template = scenario.makeFresh();
  console.log(`  realms ${scenario.source} (build ${(scenario.buildMs / 1000).toFixed(1)} s); files: backup ${mib(store.fileSize(scenario.backup) ?? 0)}, fresh ${mib(store.fileSize(template) ?? 0)}`);
  template.close();
  const profiling = process.env.PROFILE === "1";
  for (let run = 0; run < RUNS; run++) {
    const fresh = phase("copy fresh", () => scenario.makeFresh());
    const stop = profiling && run === RUNS - 1 ? await startCpuProfile(200) : undefined;
    const started = performance.now();
    const changeset = phase("collect", () => collectUnsyncedChanges(scenario.backup, scenario.since));
    phase("plan + apply", () => applyChanges(fresh, changeset));
    phase("receive stamp", () => receiveNewestStamp(new HybridClock({ nodeId: "device-a" }), fresh, { changeset }));
    console.log(`  run ${run + 1}: ${(performance.now() - started).toFixed(0)} ms, ${changeset.objects.length} changed objects`);
    if (stop !== undefined) reportCpuProfile(await stop(), path.join(os.tmpdir(), `scale-${TOTAL}.cpuprofile`), 25);
    fresh.close();
  }
  store.shutdown();
}

await main();
