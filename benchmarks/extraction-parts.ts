// What extraction spends per changed object on real Realm, part by part, on the recovery
// benchmark's data: the query and object wrappers alone, then the stamp Dictionary (wrapper,
// `entries()` or `keys()` + key reads), the changed values, every value and the primary key,
// and the whole `collectUnsyncedChanges`. Alternated rounds, medians, CPU time.
// `npx tsx --expose-gc benchmarks/extraction-parts.ts` (BENCH_RECOVERY_SIZE, default 20,000).
import { stampMillis } from "../src/clock/index.js";
import { collectChanges, collectUnsyncedChanges } from "../src/recovery/collect-unsynced-changes.js";
import type { RealmObjectLike } from "../src/realm-like.js";
import { printHeading } from "./support/args.js";
import { measureAlternately, printTable } from "./support/measure.js";
import type { Contender } from "./support/measure.js";
import { buildScenario } from "./support/recovery-scenario.js";
import { benchStore } from "./support/store.js";

const TOTAL = Number(process.env.BENCH_RECOVERY_SIZE ?? 20_000);
const CHANGED = TOTAL / 10;

type Dictionary = Record<string, string> & { entries(): Iterable<[string, string]>; keys(): Iterable<string> };
type Filterable = { filtered(query: string, ...args: unknown[]): Iterable<RealmObjectLike> };

function main(): void {
  const store = benchStore();
  printHeading(`extraction, part by part: ${TOTAL.toLocaleString("en")} objects, ${CHANGED.toLocaleString("en")} changed`, store.label);
  const { backup, since } = buildScenario(store, { total: TOTAL, changed: CHANGED });
  const fields = Object.keys(backup.schema.find((model) => model.name === "Item")?.properties ?? {}).filter((name) => !["_id", "fieldTimestamps", "newestStampMillis"].includes(name));
  const known = ["#created", "#gen", ...fields];
  const query = (): Iterable<RealmObjectLike> => (backup.objects("Item") as unknown as Filterable).filtered("newestStampMillis >= $0", stampMillis(since));
  let sink = 0;
  const parts: [string, () => void][] = [
    ["query + object wrappers", () => { for (const object of query()) sink += object === null ? 0 : 1; }],
    ["+ stamps wrapper (object.fieldTimestamps)", () => { for (const object of query()) sink += object.fieldTimestamps === null ? 0 : 1; }],
    ["+ entries() of the stamps", () => { for (const object of query()) for (const [key] of (object.fieldTimestamps as Dictionary).entries()) sink += key.length; }],
    ["+ keys() and one read per key", () => { for (const object of query()) { const stamps = object.fieldTimestamps as Dictionary; for (const key of stamps.keys()) sink += (stamps[key] as string).length; } }],
    ["+ the 12 known stamp keys read (#created, #gen, 10 fields)", () => { for (const object of query()) { const stamps = object.fieldTimestamps as Dictionary; for (const key of known) sink += stamps[key] === undefined ? 0 : 1; } }],
    ["+ known keys and the changed values (the floor's extraction)", () => {
      for (const object of query()) {
        const stamps = object.fieldTimestamps as Dictionary;
        for (const key of fields) {
          const stamp = stamps[key];
          if (stamp !== undefined && stamp > since) sink += object[key] === undefined ? 0 : 1;
        }
      }
    }],
    ["+ known keys, every value and the primary key", () => {
      for (const object of query()) {
        const stamps = object.fieldTimestamps as Dictionary;
        for (const key of known) sink += stamps[key] === undefined ? 0 : 1;
        sink += object._id as number;
        for (const name of fields) sink += object[name] === undefined ? 0 : 1;
      }
    }],
    ["collectUnsyncedChanges (every changed object's base)", () => { sink += collectUnsyncedChanges(backup, since).objects.length; }],
    ["the lazy collection of recoverUnsyncedChanges (no base)", () => { sink += collectChanges(backup, since, {}, true).changeset.objects.length; }],
  ];
  const contenders: Contender<undefined>[] = parts.map(([, run]) => ({ setup: () => undefined, run }));
  const results = measureAlternately(contenders as Contender<unknown>[], { operations: CHANGED, runs: 7, warmup: 1 });
  printTable([["part", "median ms", "µs per changed object", "CPU µs per changed object"], ...parts.map(([name], i) => {
    const result = results[i];
    return [name, result?.ms.toFixed(1) ?? "", ((1000 * (result?.ms ?? 0)) / CHANGED).toFixed(2), ((1000 * (result?.cpuMs ?? 0)) / CHANGED).toFixed(2)];
  })]);
  if (sink === -1) console.log(sink);
  store.shutdown();
}

main();
