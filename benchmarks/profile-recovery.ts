// Profiles one recovery on the benchmark's data (inspector CPU profiler around the timed call
// only, not the build): prints the top functions by self time and writes the .cpuprofile.
// BENCH_RECOVERY_SIZE (default 20,000), PROFILE_RUN=ours|collect|seed|floor (default ours),
// PROFILE_WARMUP (default 1): unprofiled runs first, each on its own fresh copy, so the profile
// shows optimized code as the benchmark's alternated runs do, not the first run's JIT warm-up.
// With BENCH_COUNT_REALM_CALLS=1: no profile, the calls into Realm's native binding per changed object.
// With PROFILE_KIND=heap: the inspector's sampling heap profiler instead (bytes allocated per
// function, garbage included: what the garbage collector then has to clear), top 30 printed.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { collectUnsyncedChanges } from "../src/recovery/collect-unsynced-changes.js";
import { recoverUnsyncedChanges } from "../src/recovery/recover-unsynced-changes.js";
import type { RealmLike } from "../src/realm-like.js";
import { printHeading } from "./support/args.js";
import { reportCpuProfile } from "./support/cpu-profile.js";
import { recoveryFloor } from "./support/recovery-floor.js";
import { buildScenario, seedRecipe } from "./support/recovery-scenario.js";
import { countByName, realmCalls } from "./support/realm-calls.js";
import { benchStore } from "./support/store.js";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const TOTAL = Number(process.env.BENCH_RECOVERY_SIZE ?? 20_000);
const RUN = process.env.PROFILE_RUN ?? "ours";
const WARMUP = Number(process.env.PROFILE_WARMUP ?? 1);

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error === null ? resolve(result as T) : reject(error))));
}

async function main(): Promise<void> {
  const store = benchStore();
  printHeading(`profile of ${RUN}: ${TOTAL.toLocaleString("en")} objects, ${(TOTAL / 10).toLocaleString("en")} changed per side`, store.label);
  const scenario = buildScenario(store, { total: TOTAL, changed: TOTAL / 10, withSeed: RUN === "seed" });
  const { backup, since } = scenario;
  const makeFresh = (): RealmLike => (RUN === "seed" ? scenario.makeSeedFresh() : scenario.makeFresh());
  let fresh = makeFresh();
  const run = (): unknown => {
    switch (RUN) {
      case "collect":
        return collectUnsyncedChanges(backup, since);
      case "seed":
        return seedRecipe(scenario.seedBackup as never, fresh, scenario.lastSynced);
      case "floor":
        return recoveryFloor(backup, fresh, since);
      default:
        return recoverUnsyncedChanges({ backup, fresh, since });
    }
  };
  for (let i = 0; i < WARMUP; i++) {
    run();
    fresh.close();
    fresh = makeFresh();
  }
  if (process.env.BENCH_COUNT_REALM_CALLS === "1") {
    const before = realmCalls();
    countByName(true);
    run();
    const byName = countByName(false);
    console.log(`${RUN}: ${((realmCalls() - before) / (TOTAL / 10)).toFixed(1)} calls into Realm per changed object`);
    // Per native function, per changed object (the largest first): where two contenders' calls differ.
    for (const [name, count] of [...byName].sort((a, b) => b[1] - a[1])) if (count >= TOTAL / 100) console.log(`  ${(count / (TOTAL / 10)).toFixed(2).padStart(6)}  ${name}`);
    store.shutdown();
    return;
  }
  const session = new Session();
  session.connect();
  if (process.env.PROFILE_KIND === "heap") {
    await post(session, "HeapProfiler.enable");
    await post(session, "HeapProfiler.startSampling", { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    run();
    const { profile } = await post<{ profile: { head: HeapNode } }>(session, "HeapProfiler.stopSampling");
    session.disconnect();
    const heapFile = path.join(os.tmpdir(), `recovery-${RUN}-${TOTAL}.heapprofile`);
    writeFileSync(heapFile, JSON.stringify(profile));
    const bytes = new Map<string, number>();
    let total = 0;
    const visit = (node: HeapNode): void => {
      const frame = node.callFrame;
      const name = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(src|node_modules|benchmarks)\//, "$1/")}:${frame.lineNumber + 1}`;
      bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize);
      total += node.selfSize;
      for (const child of node.children) visit(child);
    };
    visit(profile.head);
    console.log(`${(total / 1024 / 1024).toFixed(1)} MiB allocated (sampled), ${((total / (TOTAL / 10)) | 0).toLocaleString("en")} bytes per changed object; top allocating functions:`);
    for (const [name, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${((100 * size) / total).toFixed(1).padStart(5)}%  ${name}`);
    console.log(`profile: ${heapFile}`);
    store.shutdown();
    return;
  }
  await post(session, "Profiler.enable");
  await post(session, "Profiler.setSamplingInterval", { interval: 100 });
  await post(session, "Profiler.start");
  const started = performance.now();
  run();
  const ms = performance.now() - started;
  const { profile } = await post<{ profile: Profile }>(session, "Profiler.stop");
  session.disconnect();
  console.log(`${ms.toFixed(0)} ms`);
  reportCpuProfile(profile, path.join(os.tmpdir(), `recovery-${RUN}-${TOTAL}.cpuprofile`), 30);
  store.shutdown();
}

await main();
