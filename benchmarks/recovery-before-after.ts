// Before / after on the recovery benchmark's data: this tree's recoverUnsyncedChanges against the
// one of another checkout of the project (RECOVERY_BASE_SRC: its `src` directory, e.g. an export
// of the commit before a change), alternated in the same run, each on its own fresh copy, with
// the floor beside them. Real Realm; BENCH_RECOVERY_SIZE (default 100,000), 5 timed rounds.
// PHASE=collect: extraction only (the other checkout's collectUnsyncedChanges against this
// tree's, eager and lazy). PHASE=apply: applyChanges only, both on one changeset (this tree's
// collectUnsyncedChanges: every base).
// `RECOVERY_BASE_SRC=/tmp/base/src npx tsx --expose-gc benchmarks/recovery-before-after.ts`
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Stamp } from "../src/clock/index.js";
import type { RealmLike } from "../src/realm-like.js";
import { collectChanges, collectUnsyncedChanges } from "../src/recovery/collect-unsynced-changes.js";
import { applyChanges } from "../src/recovery/apply-changes.js";
import { recoverUnsyncedChanges } from "../src/recovery/recover-unsynced-changes.js";
import { printHeading } from "./support/args.js";
import type { AlternatedMeasurement, Contender } from "./support/measure.js";
import { measureAlternately, printTable } from "./support/measure.js";
import { recoveryFloor } from "./support/recovery-floor.js";
import { buildScenario } from "./support/recovery-scenario.js";
import { benchStore } from "./support/store.js";

type Recover = (options: { backup: RealmLike; fresh: RealmLike; since: Stamp }) => unknown;

const TOTAL = Number(process.env.BENCH_RECOVERY_SIZE ?? 100_000);
const CHANGED = Math.round(TOTAL / 10);
const BASE = process.env.RECOVERY_BASE_SRC;

async function main(): Promise<void> {
  if (BASE === undefined) throw new Error("set RECOVERY_BASE_SRC to the src directory of the checkout to compare with");
  const before = (await import(pathToFileURL(path.join(BASE, "recovery", "recover-unsynced-changes.ts")).href)) as { recoverUnsyncedChanges: Recover };
  const store = benchStore();
  printHeading(`recovery before / after: ${TOTAL.toLocaleString("en")} objects, ${CHANGED.toLocaleString("en")} changed per side; before = ${BASE}`, store.label);
  const scenario = buildScenario(store, { total: TOTAL, changed: CHANGED });
  const { backup, since } = scenario;
  const close = (realm: RealmLike): void => realm.close();
  if (process.env.PHASE === "collect") {
    const old = (await import(pathToFileURL(path.join(BASE, "recovery", "collect-unsynced-changes.ts")).href)) as { collectUnsyncedChanges: (backup: RealmLike, since: Stamp) => unknown };
    const phases: [string, () => unknown][] = [
      ["before: collectUnsyncedChanges", () => old.collectUnsyncedChanges(backup, since)],
      ["after: collectUnsyncedChanges", () => collectUnsyncedChanges(backup, since)],
      ["after: the lazy collection", () => collectChanges(backup, since, {}, true)],
    ];
    const results = measureAlternately(phases.map(([, run]) => ({ setup: () => undefined, run })) as Contender<unknown>[], { operations: CHANGED, runs: 5, warmup: 1 });
    printTable([["extraction", "median ms", "median CPU ms"], ...phases.map(([name], i) => [name, results[i]?.ms.toFixed(0) ?? "", results[i]?.cpuMs.toFixed(0) ?? ""])]);
    store.shutdown();
    return;
  }
  if (process.env.PHASE === "apply") {
    const oldApply = (await import(pathToFileURL(path.join(BASE, "recovery", "apply-changes.ts")).href)) as { applyChanges: (fresh: RealmLike, changeset: unknown) => unknown };
    const changeset = collectUnsyncedChanges(backup, since);
    const results = measureAlternately(
      [
        { setup: scenario.makeFresh, run: (fresh: RealmLike) => void oldApply.applyChanges(fresh, changeset), teardown: close },
        { setup: scenario.makeFresh, run: (fresh: RealmLike) => void applyChanges(fresh, changeset), teardown: close },
      ] as Contender<unknown>[],
      { operations: CHANGED, runs: 5, warmup: 1 },
    );
    printTable([["applyChanges", "median ms", "median CPU ms"], ...["before", "after"].map((name, i) => [name, results[i]?.ms.toFixed(0) ?? "", results[i]?.cpuMs.toFixed(0) ?? ""])]);
    store.shutdown();
    return;
  }
  const wasContender: Contender<RealmLike> = { setup: scenario.makeFresh, run: (fresh) => void before.recoverUnsyncedChanges({ backup, fresh, since }), teardown: close };
  const nowContender: Contender<RealmLike> = { setup: scenario.makeFresh, run: (fresh) => void recoverUnsyncedChanges({ backup, fresh, since }), teardown: close };
  const floorContender: Contender<RealmLike> = { setup: scenario.makeFresh, run: (fresh) => void recoveryFloor(backup, fresh, since), teardown: close };
  // ORDER=after-first runs this tree first in every round (to see an order effect).
  const afterFirst = process.env.ORDER === "after-first";
  const measured = measureAlternately((afterFirst ? [nowContender, wasContender, floorContender] : [wasContender, nowContender, floorContender]) as Contender<unknown>[], { operations: CHANGED, runs: 5, warmup: 1 }) as [AlternatedMeasurement, AlternatedMeasurement, AlternatedMeasurement];
  const [was, now, floor] = afterFirst ? [measured[1], measured[0], measured[2]] : measured;
  printTable([
    ["contender", "median ms", "median CPU ms", "÷ floor (wall)", "÷ floor (CPU)"],
    ["before", was.ms.toFixed(0), was.cpuMs.toFixed(0), (was.ms / floor.ms).toFixed(2), (was.cpuMs / floor.cpuMs).toFixed(2)],
    ["after (this tree)", now.ms.toFixed(0), now.cpuMs.toFixed(0), (now.ms / floor.ms).toFixed(2), (now.cpuMs / floor.cpuMs).toFixed(2)],
    ["floor", floor.ms.toFixed(0), floor.cpuMs.toFixed(0), "1.00", "1.00"],
  ]);
  console.log(`after ÷ before: ${(now.ms / was.ms).toFixed(2)} wall, ${(now.cpuMs / was.cpuMs).toFixed(2)} CPU`);
  store.shutdown();
}

await main();
