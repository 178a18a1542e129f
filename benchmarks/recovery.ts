// Benchmark: recovery of N objects × 10 fields with 10% changed (default 100,000), this engine
// (recoverUnsyncedChanges) against the seed's per-object recipe and the format's floor (the same
// merge by hand with the fewest Realm calls) on the same data, alternated in the same run:
// changed objects per second, peak heap, and how many edits each one loses.
import { collectChanges, collectUnsyncedChanges } from "../src/recovery/collect-unsynced-changes.js";
import { HybridClock } from "../src/clock/index.js";
import { receiveNewestStamp } from "../src/recovery/receive-newest-stamp.js";
import { recoverUnsyncedChanges } from "../src/recovery/recover-unsynced-changes.js";
import type { RealmLike } from "../src/realm-like.js";
import type { AlternatedMeasurement, Contender, Measurement } from "./support/measure.js";
import { benchArgs, printHeading } from "./support/args.js";
import { sampledRealm } from "./support/heap-sampler.js";
import { formatBytes, formatOps, measure, measureAlternately, peakHeapDuring, printTable } from "./support/measure.js";
import { recoveryFloor } from "./support/recovery-floor.js";
import { buildScenario, lostEdits, seedRecipe } from "./support/recovery-scenario.js";
import { writeResults } from "./support/results.js";
import { benchStore } from "./support/store.js";

const { quick } = benchArgs();
const TOTAL = Number(process.env.BENCH_RECOVERY_SIZE ?? 100_000);
const CHANGED = Math.round(TOTAL / 10);
const RUNS = quick ? 3 : 5;
const hasGc = typeof (globalThis as { gc?: unknown }).gc === "function";

function main(): void {
  const store = benchStore();
  printHeading(`recovery: ${TOTAL.toLocaleString("en")} objects × 10 fields, ${CHANGED.toLocaleString("en")} changed locally (3 fields each), ${CHANGED.toLocaleString("en")} changed by another device`, store.label);
  const scenario = buildScenario(store, { total: TOTAL, changed: CHANGED, withSeed: true });
  const { backup, since, seedBackup, lastSynced } = scenario;
  if (seedBackup === undefined) throw new Error("seed backup missing");
  const close = (realm: RealmLike): void => realm.close();
  // Ours, the seed recipe and the floor alternate, each on a new fresh realm (copied untimed).
  const contenders: Contender<RealmLike>[] = [
    { setup: scenario.makeFresh, run: (fresh) => void recoverUnsyncedChanges({ backup, fresh, since }), teardown: close },
    { setup: scenario.makeSeedFresh, run: (fresh) => void seedRecipe(seedBackup, fresh, lastSynced), teardown: close },
    { setup: scenario.makeFresh, run: (fresh) => void recoveryFloor(backup, fresh, since), teardown: close },
  ];
  const [ours, seed, floor] = measureAlternately(contenders as Contender<unknown>[], { operations: CHANGED, runs: RUNS, warmup: 1 }) as [AlternatedMeasurement, AlternatedMeasurement, AlternatedMeasurement];
  // Extraction timed apart, alternated: as recoverUnsyncedChanges does it (the base left out,
  // read later only for objects the fresh realm lacks), and the public collectUnsyncedChanges
  // (every changed object's base: a changeset that can be stored and applied without the backup).
  const [lazyCollect, collect] = measureAlternately(
    [
      { setup: () => undefined, run: () => void collectChanges(backup, since, {}, true) },
      { setup: () => undefined, run: () => void collectUnsyncedChanges(backup, since) },
    ] as Contender<unknown>[],
    { operations: CHANGED, runs: RUNS, warmup: 1 },
  ) as [AlternatedMeasurement, AlternatedMeasurement];
  // The device clock's catch-up after the merge (law 2), worst case: a new clock that has seen nothing.
  const received = scenario.makeFresh();
  const changeset = collectUnsyncedChanges(backup, since);
  const receive = measure(() => new HybridClock({ nodeId: "bench" }), (clock) => void receiveNewestStamp(clock, received, { changeset }), { operations: CHANGED, runs: RUNS, warmup: 1 });
  received.close();

  // Peak heap: one more run of each, sampled every 1,000 objects read or written.
  let oursFresh = scenario.makeFresh();
  const oursPeak = peakHeapDuring((sample) => {
    recoverUnsyncedChanges({ backup: sampledRealm(backup, sample), fresh: sampledRealm(oursFresh, sample), since, onProgress: sample });
  });
  let seedFresh = scenario.makeSeedFresh();
  const seedPeak = peakHeapDuring((sample) => {
    seedRecipe(sampledRealm(seedBackup, sample), sampledRealm(seedFresh, sample), lastSynced);
  });
  let floorFresh = scenario.makeFresh();
  const floorPeak = peakHeapDuring((sample) => {
    recoveryFloor(sampledRealm(backup, sample), sampledRealm(floorFresh, sample), since);
  });

  // Correctness on the same data: which edits each approach keeps.
  const oursLost = lostEdits(scenario, oursFresh);
  const seedLost = lostEdits(scenario, seedFresh);
  const floorLost = lostEdits(scenario, floorFresh);
  oursFresh.close();
  seedFresh.close();
  floorFresh.close();
  oursFresh = seedFresh = floorFresh = undefined as unknown as RealmLike;

  const table = [
    ["approach", "median ms", "changed obj/s", "time ÷ recipe", "time ÷ floor", "peak heap", "other device's edits lost", "local edits lost"],
    ["realm-field-recovery recoverUnsyncedChanges", ours.ms.toFixed(0), formatOps(ours.opsPerSecond), (ours.ms / seed.ms).toFixed(2), (ours.ms / floor.ms).toFixed(2), formatBytes(oursPeak), String(oursLost.server), String(oursLost.local)],
    ["  of which extraction (lazy base, timed apart)", lazyCollect.ms.toFixed(0), formatOps(lazyCollect.opsPerSecond), (lazyCollect.ms / seed.ms).toFixed(2), (lazyCollect.ms / floor.ms).toFixed(2), "-", "-", "-"],
    ["  collectUnsyncedChanges (public: every base read)", collect.ms.toFixed(0), formatOps(collect.opsPerSecond), (collect.ms / seed.ms).toFixed(2), (collect.ms / floor.ms).toFixed(2), "-", "-", "-"],
    ["  of which receiveNewestStamp (the clock's catch-up)", receive.ms.toFixed(1), formatOps(receive.opsPerSecond), (receive.ms / seed.ms).toFixed(3), (receive.ms / floor.ms).toFixed(3), "-", "-", "-"],
    ["seed per-object recipe (lastUpdated)", seed.ms.toFixed(0), formatOps(seed.opsPerSecond), "1.00", (seed.ms / floor.ms).toFixed(2), formatBytes(seedPeak), String(seedLost.server), String(seedLost.local)],
    ["floor: the same merge by hand, fewest Realm calls", floor.ms.toFixed(0), formatOps(floor.opsPerSecond), (floor.ms / seed.ms).toFixed(2), "1.00", formatBytes(floorPeak), String(floorLost.server), String(floorLost.local)],
  ];
  console.log("");
  printTable(table);
  if (!hasGc) console.log("\nNOTE: run with --expose-gc (npm run bench:recovery does) for a clean heap baseline.");
  // CPU time (all threads: the collector's included) and each round's ratios, as the machine is shared.
  const perRound = (a: readonly number[], b: readonly number[]): string => {
    const ratios = a.map((value, i) => value / (b[i] as number)).sort((x, y) => x - y);
    return `${(ratios[0] as number).toFixed(2)}–${(ratios[ratios.length - 1] as number).toFixed(2)}`;
  };
  console.log(
    `\nCPU ms (median): ours ${ours.cpuMs.toFixed(0)}, recipe ${seed.cpuMs.toFixed(0)}, floor ${floor.cpuMs.toFixed(0)}; ours ÷ floor ${(ours.cpuMs / floor.cpuMs).toFixed(2)} CPU (per round ${perRound(ours.cpuSamples, floor.cpuSamples)}), wall per round ${perRound(ours.samples, floor.samples)}; ours ÷ recipe ${(ours.cpuMs / seed.cpuMs).toFixed(2)} CPU (per round ${perRound(ours.cpuSamples, seed.cpuSamples)})`,
  );
  console.log(`\npeak heap: growth above the post-GC baseline, sampled every 1,000 objects read or written (includes garbage not yet collected).`);

  const file = writeResults("recovery", store.label, {
    storeKind: store.kind,
    objects: TOTAL,
    fields: 10,
    changedLocal: CHANGED,
    changedServer: CHANGED,
    runs: RUNS,
    exposeGc: hasGc,
    ours: { ms: ours.ms, cpuMs: ours.cpuMs, samplesMs: ours.samples, cpuSamplesMs: ours.cpuSamples, changedPerSecond: ours.opsPerSecond, peakHeapBytes: oursPeak, collectMs: collect.ms, lazyCollectMs: lazyCollect.ms, receiveNewestStampMs: receive.ms, lost: oursLost },
    seed: { ms: seed.ms, cpuMs: seed.cpuMs, samplesMs: seed.samples, cpuSamplesMs: seed.cpuSamples, changedPerSecond: seed.opsPerSecond, peakHeapBytes: seedPeak, lost: seedLost },
    floor: { ms: floor.ms, cpuMs: floor.cpuMs, samplesMs: floor.samples, cpuSamplesMs: floor.cpuSamples, changedPerSecond: floor.opsPerSecond, peakHeapBytes: floorPeak, lost: floorLost },
    timeRatioOursToSeed: ours.ms / seed.ms,
    timeRatioOursToFloor: ours.ms / floor.ms,
    timeRatioFloorToSeed: floor.ms / seed.ms,
    cpuRatioOursToFloor: ours.cpuMs / floor.cpuMs,
    cpuRatioOursToSeed: ours.cpuMs / seed.cpuMs,
    heapRatioOursToSeed: oursPeak / seedPeak,
    heapRatioOursToFloor: oursPeak / floorPeak,
  });
  console.log(`results: ${file}`);
  store.shutdown();
}

main();
