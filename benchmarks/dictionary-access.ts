// What reading a stamp Dictionary costs on real Realm, beside plain property reads, per object:
// the wrapper (`object.stamps`), its first key read, a second key read, `entries()`, `keys()`
// with one read per key, reads of keys known in advance (present or not), and property reads.
// Each access pattern is one loop over 5,000 objects (timed whole: no timer call per object),
// the patterns alternated round by round; medians of 9 rounds, wall and CPU time.
// `npx tsx --expose-gc benchmarks/dictionary-access.ts`
import type { RealmObjectLike } from "../src/realm-like.js";
import { printHeading } from "./support/args.js";
import { measureAlternately, printTable } from "./support/measure.js";
import type { Contender } from "./support/measure.js";
import { writeResults } from "./support/results.js";
import { benchStore } from "./support/store.js";

const OBJECTS = 5_000;
const ROUNDS = 9;
/** Ten top-level fields, as the recovery benchmark's model has; each object's dictionary stamps three of them and `#created`. */
const FIELDS = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"];

type Dictionary = Record<string, unknown> & { entries(): Iterable<[string, unknown]>; keys(): Iterable<string> };

function main(): void {
  const store = benchStore();
  printHeading(`dictionary access: ${OBJECTS.toLocaleString("en")} objects (a 4-entry string{} dictionary, 10 string fields), median of ${ROUNDS} alternated rounds`, store.label);
  const properties: Record<string, string> = { _id: "int", stamps: "string{}" };
  for (const field of FIELDS) properties[field] = "string";
  const realm = store.open([{ name: "I", primaryKey: "_id", properties }]);
  realm.write(() => {
    for (let id = 0; id < OBJECTS; id++) {
      const values: Record<string, unknown> = { _id: id, stamps: { "#created": "c", f1: "t", f4: "s", f7: "o" } };
      for (const field of FIELDS) values[field] = `${field}-${id}`;
      realm.create("I", values);
    }
  });
  const objects = [...realm.objects("I")] as RealmObjectLike[];
  let sink = 0;
  const loop = (body: (object: RealmObjectLike) => void) => (): void => {
    for (const object of objects) body(object);
  };
  const known = ["#created", "#gen", ...FIELDS];
  const patterns: [string, () => void][] = [
    ["two property reads", loop((o) => void (sink += (o.f0 as string).length + (o.f1 as string).length))],
    ["eleven property reads (10 fields + primary key)", loop((o) => { sink += o._id as number; for (const field of FIELDS) sink += (o[field] as string).length; })],
    ["stamps wrapper (object.stamps)", loop((o) => void (sink += o.stamps === null ? 0 : 1))],
    ["wrapper + one key read", loop((o) => void (sink += ((o.stamps as Dictionary).f1 as string).length))],
    ["wrapper + two key reads", loop((o) => { const d = o.stamps as Dictionary; sink += (d.f1 as string).length + (d["#created"] as string).length; })],
    ["wrapper + entries() (4 entries)", loop((o) => { for (const [key] of (o.stamps as Dictionary).entries()) sink += key.length; })],
    ["wrapper + keys() + one read per key", loop((o) => { const d = o.stamps as Dictionary; for (const key of d.keys()) sink += (d[key] as string).length; })],
    ["wrapper + 12 known keys read (4 present, 8 absent)", loop((o) => { const d = o.stamps as Dictionary; for (const key of known) sink += d[key] === undefined ? 0 : 1; })],
  ];
  const contenders: Contender<undefined>[] = patterns.map(([, run]) => ({ setup: () => undefined, run }));
  const results = measureAlternately(contenders as Contender<unknown>[], { operations: OBJECTS, runs: ROUNDS, warmup: 1 });
  const perObject = (ms: number | undefined): number => (1000 * (ms ?? Number.NaN)) / OBJECTS;
  const base = perObject(results[0]?.cpuMs);
  printTable([
    ["access", "µs per object", "CPU µs per object", "CPU ÷ two property reads"],
    ...patterns.map(([name], i) => [name, perObject(results[i]?.ms).toFixed(2), perObject(results[i]?.cpuMs).toFixed(2), (perObject(results[i]?.cpuMs) / base).toFixed(1)]),
  ]);
  const file = writeResults("dictionary-access", store.label, {
    storeKind: store.kind,
    objects: OBJECTS,
    rounds: ROUNDS,
    patterns: patterns.map(([name], i) => ({ name, microsPerObject: perObject(results[i]?.ms), cpuMicrosPerObject: perObject(results[i]?.cpuMs) })),
  });
  console.log(`results: ${file}`);
  if (sink === -1) console.log(sink);
  store.shutdown();
}

main();
