// Benchmark: how recovery scales. (i) total objects grows, changed objects fixed: the cost
// should stay flat; (ii) changed objects grows, total fixed: the cost should grow linearly.
// Time and peak heap per point; the verdicts are computed from the numbers.
import { PerformanceObserver, performance } from "node:perf_hooks";
import type { RealmLike } from "../src/realm-like.js";
import { recoverUnsyncedChanges } from "../src/recovery/recover-unsynced-changes.js";
import { benchArgs, printHeading } from "./support/args.js";
import { sampledRealm } from "./support/heap-sampler.js";
import { formatBytes, peakHeapDuring, printTable } from "./support/measure.js";
import { peakRss, peakRssAvailable, residentKinds } from "./support/peak-rss.js";
import { scaleScenario } from "./support/scale-files.js";
import type { ScaleScenario } from "./support/scale-files.js";
import { writeResults } from "./support/results.js";
import { benchStore } from "./support/store.js";
import type { BenchStore } from "./support/store.js";

const { quick } = benchArgs();
const sizesFrom = (text: string | undefined, fallback: number[]): number[] => (text ? text.split(",").map(Number) : fallback);
const TOTALS = sizesFrom(process.env.BENCH_SCALE_TOTALS, quick ? [1_000, 10_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000]);
const FIXED_CHANGED = 1_000;
const FIXED_TOTAL = Number(process.env.BENCH_SCALE_FIXED_TOTAL ?? (quick ? 20_000 : 100_000));
const CHANGED = sizesFrom(process.env.BENCH_SCALE_CHANGED, [FIXED_TOTAL / 100, FIXED_TOTAL / 10, FIXED_TOTAL / 4, FIXED_TOTAL / 2, FIXED_TOTAL]);

interface Point {
  readonly total: number;
  readonly changed: number;
  /** Median wall time of the whole recovery. */
  readonly ms: number;
  /** Of which extraction (the collect phase). */
  readonly collectMs: number;
  readonly peakHeapBytes: number;
  readonly runs: number;
  /** Of `ms`, the garbage-collection pauses (median run). The memory store holds whole realms in the JS heap, so its pauses grow with the realms' size; real Realm keeps them in its file. */
  readonly gcMs: number;
  /** Peak resident memory above the resident size at the start of the run (highest of the timed runs): JS heap, Realm's native memory, mapped file pages touched. */
  readonly peakRssBytes: number;
  /** Resident size of the process when the timed runs began. */
  readonly baseRssBytes: number;
  /** Of the resident size, the growth over a run (end minus start, highest of the timed runs): private memory (JS heap, Realm's native allocations) and mapped file pages (the realms' pages the run touched). */
  readonly anonGrowthBytes: number;
  readonly fileGrowthBytes: number;
  /** How the point's realms were obtained, and the build's wall time (0 when cached). */
  readonly realms: ScaleScenario["source"];
  readonly buildMs: number;
}

// Garbage-collection pauses, as Node reports them (start time and duration, ms).
const gcPauses: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauses.push({ start: entry.startTime, duration: entry.duration });
}).observe({ entryTypes: ["gc"] });

/** Sum of the GC pauses that began within [from, to]. */
async function gcWithin(from: number, to: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 0)); // the observer reports asynchronously, after timers
  let total = 0;
  for (const pause of gcPauses) if (pause.start >= from && pause.start <= to) total += pause.duration;
  gcPauses.length = 0;
  return total;
}

/** Times one recovery; the collect phase ends at its last progress event. */
function timeOnce(scenario: ScaleScenario, fresh: RealmLike): { ms: number; collectMs: number; start: number; end: number; rssBytes: number; baseRssBytes: number; anonBytes: number; fileBytes: number } {
  let collectEnd = 0;
  const kinds = residentKinds();
  const rss = peakRss();
  const start = performance.now();
  recoverUnsyncedChanges({
    backup: scenario.backup,
    fresh,
    since: scenario.since,
    onProgress: (progress) => {
      if (progress.phase === "collect") collectEnd = performance.now();
    },
  });
  const end = performance.now();
  const after = residentKinds();
  return { ms: end - start, collectMs: (collectEnd || end) - start, start, end, rssBytes: rss.peak() - rss.before, baseRssBytes: rss.before, anonBytes: after.anon - kinds.anon, fileBytes: after.file - kinds.file };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function measurePoint(store: BenchStore, total: number, changed: number): Promise<Point> {
  // Real Realm: the realms come from the file cache or a child process (scale-files.ts), so this
  // process's memory holds no build.
  const scenario = scaleScenario(store, total, changed);
  // Large points are slow to build: fewer runs, and no warm-up (earlier points warmed the JIT).
  const runs = total >= 100_000 ? 3 : 5;
  const warmup = total >= 100_000 ? 0 : 1;
  const times: { ms: number; collectMs: number; gcMs: number; rssBytes: number; baseRssBytes: number; anonBytes: number; fileBytes: number }[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const fresh = scenario.makeFresh();
    // No forced collection here, unlike measure.ts: on this machine a full collection of a heap
    // holding million-object realms made the next timed run 2.5x slower at every size (measured;
    // the cause was not pinned down). GC pauses inside the run are recorded instead (gcMs).
    await gcWithin(0, Number.POSITIVE_INFINITY); // forget the pauses before the run
    const time = timeOnce(scenario, fresh);
    const gcMs = await gcWithin(time.start, time.end);
    fresh.close();
    if (i >= warmup) times.push({ ms: time.ms, collectMs: time.collectMs, gcMs, rssBytes: time.rssBytes, baseRssBytes: time.baseRssBytes, anonBytes: time.anonBytes, fileBytes: time.fileBytes });
  }
  const fresh = scenario.makeFresh();
  const peakHeapBytes = peakHeapDuring((sample) => {
    recoverUnsyncedChanges({ backup: sampledRealm(scenario.backup, sample), fresh: sampledRealm(fresh, sample), since: scenario.since, onProgress: sample });
  });
  store.closeAll();
  const middle = [...times].sort((a, b) => a.ms - b.ms)[Math.floor(times.length / 2)];
  const point: Point = {
    total,
    changed,
    ms: median(times.map((t) => t.ms)),
    collectMs: median(times.map((t) => t.collectMs)),
    gcMs: middle?.gcMs ?? Number.NaN,
    peakHeapBytes,
    peakRssBytes: Math.max(...times.map((t) => t.rssBytes)),
    baseRssBytes: times[0]?.baseRssBytes ?? Number.NaN,
    anonGrowthBytes: Math.max(...times.map((t) => t.anonBytes)),
    fileGrowthBytes: Math.max(...times.map((t) => t.fileBytes)),
    runs,
    realms: scenario.source,
    buildMs: scenario.buildMs,
  };
  console.log(
    `  measured total=${total.toLocaleString("en")} changed=${changed.toLocaleString("en")}: ${point.ms.toFixed(0)} ms (collect ${point.collectMs.toFixed(0)} ms, GC pauses ${point.gcMs.toFixed(0)} ms), ` +
      `peak heap ${formatBytes(peakHeapBytes)}, peak RSS +${formatBytes(point.peakRssBytes)} over ${formatBytes(point.baseRssBytes)} (growth: private ${formatBytes(point.anonGrowthBytes)}, file pages ${formatBytes(point.fileGrowthBytes)}); realms ${scenario.source}${scenario.buildMs > 0 ? ` in ${(scenario.buildMs / 1000).toFixed(1)} s` : ""}`,
  );
  return point;
}

/** Least-squares line y = a + b·x and its R². */
function fit(xs: number[], ys: number[]): { a: number; b: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  return { a: my - b * mx, b, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

async function main(): Promise<void> {
  const store = benchStore();
  printHeading("scale: recovery time and peak heap", store.label);

  console.log(`(i) total objects grows, ${FIXED_CHANGED.toLocaleString("en")} changed (the other device changed as many):`);
  const byTotal: Point[] = [];
  for (const total of TOTALS) byTotal.push(await measurePoint(store, total, Math.min(FIXED_CHANGED, total)));
  console.log(`(ii) changed objects grows, ${FIXED_TOTAL.toLocaleString("en")} objects in total:`);
  const byChanged: Point[] = [];
  for (const changed of CHANGED) byChanged.push(await measurePoint(store, FIXED_TOTAL, changed));

  const us = (ms: number, n: number): string => ((ms * 1000) / n).toFixed(2);
  console.log("\n(i) total grows, changed fixed");
  printTable([
    ["total", "changed", "recovery ms", "collect ms", "merge+apply ms", "GC pauses ms", "µs / total obj", "µs / changed obj", "peak heap", "peak RSS", "RSS growth: private", "file pages"],
    ...byTotal.map((p) => [p.total.toLocaleString("en"), p.changed.toLocaleString("en"), p.ms.toFixed(1), p.collectMs.toFixed(1), (p.ms - p.collectMs).toFixed(1), p.gcMs.toFixed(1), us(p.ms, p.total), us(p.ms, p.changed), formatBytes(p.peakHeapBytes), formatBytes(p.peakRssBytes), formatBytes(p.anonGrowthBytes), formatBytes(p.fileGrowthBytes)]),
  ]);
  console.log("\n(ii) changed grows, total fixed");
  printTable([
    ["total", "changed", "recovery ms", "collect ms", "merge+apply ms", "GC pauses ms", "µs / changed obj", "peak heap", "heap / changed obj", "peak RSS", "RSS / changed obj"],
    ...byChanged.map((p) => [p.total.toLocaleString("en"), p.changed.toLocaleString("en"), p.ms.toFixed(1), p.collectMs.toFixed(1), (p.ms - p.collectMs).toFixed(1), p.gcMs.toFixed(1), us(p.ms, p.changed), formatBytes(p.peakHeapBytes), formatBytes(Math.round(p.peakHeapBytes / p.changed)), formatBytes(p.peakRssBytes), formatBytes(Math.round(p.peakRssBytes / p.changed))]),
  ]);

  // Verdicts. (i): over the sizes where changed is fixed (total ≥ FIXED_CHANGED), compare the
  // largest point with the smallest; "flat" if within 2× over a ≥ 100× range of totals.
  const fixed = byTotal.filter((p) => p.changed === FIXED_CHANGED);
  const first = fixed[0];
  const last = fixed[fixed.length - 1];
  const growth = (f: (p: Point) => number): number => (first && last ? f(last) / f(first) : Number.NaN);
  const totalGrowth = first && last ? last.total / first.total : Number.NaN;
  const totalFit = fit(fixed.map((p) => p.total), fixed.map((p) => p.ms));
  const mergeGrowth = growth((p) => p.ms - p.collectMs);
  const timeGrowth = growth((p) => p.ms);
  const collectGrowth = growth((p) => p.collectMs);
  const workGrowth = growth((p) => p.ms - p.gcMs);
  const heapGrowth = growth((p) => p.peakHeapBytes);
  const rssGrowth = growth((p) => p.peakRssBytes);
  const flat = (g: number): boolean => g <= 2;
  const verdictI =
    `total ×${totalGrowth.toFixed(0)} with ${FIXED_CHANGED} changed: recovery time ×${timeGrowth.toFixed(1)} (${flat(timeGrowth) ? "FLAT" : "NOT flat"}; ` +
    `slope ${(totalFit.b * 1000).toFixed(2)} µs per unchanged object), without GC pauses ×${workGrowth.toFixed(1)} (${flat(workGrowth) ? "FLAT" : "NOT flat"}), collect ×${collectGrowth.toFixed(1)} (${flat(collectGrowth) ? "FLAT" : "NOT flat"}), merge+apply ×${mergeGrowth.toFixed(1)} (${flat(mergeGrowth) ? "FLAT" : "NOT flat"}), peak heap ×${heapGrowth.toFixed(1)} (${flat(heapGrowth) ? "FLAT" : "NOT flat"}), peak RSS ×${rssGrowth.toFixed(1)} (${flat(rssGrowth) ? "FLAT" : "NOT flat"})`;

  // (ii): linear if a straight line explains the times (R² ≥ 0.98) and the per-changed cost of
  // the largest point is within 1.5× of the slope (no super-linear term).
  const changedFit = fit(byChanged.map((p) => p.changed), byChanged.map((p) => p.ms));
  const mergeFit = fit(byChanged.map((p) => p.changed), byChanged.map((p) => p.ms - p.collectMs));
  const heapFit = fit(byChanged.map((p) => p.changed), byChanged.map((p) => p.peakHeapBytes));
  const rssFit = fit(byChanged.map((p) => p.changed), byChanged.map((p) => p.peakRssBytes));
  const top = byChanged[byChanged.length - 1];
  const topMarginal = top ? (top.ms - changedFit.a) / top.changed : Number.NaN;
  const linear = changedFit.r2 >= 0.98 && topMarginal <= 1.5 * changedFit.b;
  const verdictII =
    `time = ${changedFit.a.toFixed(0)} ms + ${(changedFit.b * 1000).toFixed(1)} µs × changed (R² ${changedFit.r2.toFixed(3)}): ${linear ? "LINEAR" : "NOT linear"}; ` +
    `merge+apply ${(mergeFit.b * 1000).toFixed(1)} µs per changed object (R² ${mergeFit.r2.toFixed(3)}); peak heap ${(heapFit.b).toFixed(0)} bytes per changed object (R² ${heapFit.r2.toFixed(3)}); peak RSS ${rssFit.b.toFixed(0)} bytes per changed object (R² ${rssFit.r2.toFixed(3)})`;
  console.log(`\nverdict (i) flat in unchanged objects: ${verdictI}`);
  console.log(`verdict (ii) linear in changed objects: ${verdictII}`);

  // The --quick sizes (`npm run bench`) and the full ones (`npm run bench:scale`, up to a million) are kept apart.
  const file = writeResults(quick ? "scale" : "scale-full", store.label, {
    storeKind: store.kind,
    quick,
    fixedChanged: FIXED_CHANGED,
    fixedTotal: FIXED_TOTAL,
    peakRss: peakRssAvailable ? "kernel high-water mark (VmHWM), reset before each timed run" : "resident size at the end of each run (no /proc)",
    byTotal,
    byChanged,
    verdicts: {
      flatInUnchanged: { timeGrowth, timeWithoutGcGrowth: workGrowth, timeWithoutGcFlat: flat(workGrowth), collectGrowth, collectFlat: flat(collectGrowth), mergeApplyGrowth: mergeGrowth, heapGrowth, totalGrowth, usPerUnchangedObject: totalFit.b * 1000, timeFlat: flat(timeGrowth), mergeApplyFlat: flat(mergeGrowth), heapFlat: flat(heapGrowth), rssGrowth, rssFlat: flat(rssGrowth), text: verdictI },
      linearInChanged: { interceptMs: changedFit.a, usPerChangedObject: changedFit.b * 1000, r2: changedFit.r2, mergeApplyUsPerChanged: mergeFit.b * 1000, heapBytesPerChanged: heapFit.b, rssBytesPerChanged: rssFit.b, rssR2: rssFit.r2, linear, text: verdictII },
    },
  });
  console.log(`results: ${file}`);
  store.shutdown();
}

await main();
