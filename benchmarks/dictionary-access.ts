// What one Dictionary access costs on real Realm, beside plain property reads: the wrapper
// (`object.fieldTimestamps`), its first key read, a second key read, two property reads.
// Medians of 7 rounds over 5,000 objects (`npx tsx --expose-gc benchmarks/dictionary-access.ts`).
import { performance } from "node:perf_hooks";
import type { RealmObjectLike } from "../src/realm-like.js";
import { printHeading } from "./support/args.js";
import { printTable } from "./support/measure.js";
import { benchStore } from "./support/store.js";

const OBJECTS = 5_000;
const ROUNDS = 7;

function main(): void {
  const store = benchStore();
  printHeading(`dictionary access: ${OBJECTS.toLocaleString("en")} objects, median of ${ROUNDS} rounds`, store.label);
  const realm = store.open([{ name: "I", primaryKey: "_id", properties: { _id: "int", stamps: "string{}", a: "string", b: "int" } }]);
  realm.write(() => {
    for (let id = 0; id < OBJECTS; id++) realm.create("I", { _id: id, a: "x", b: id, stamps: { "#created": "c", title: "t", status: "s", owner: "o" } });
  });
  const objects = [...realm.objects("I")] as RealmObjectLike[];
  const names = ["wrapper (object.stamps)", "first key read", "second key read", "two property reads"];
  const rounds: number[][] = names.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    let wrapper = 0;
    let first = 0;
    let second = 0;
    let props = 0;
    for (const object of objects) {
      let start = performance.now();
      const stamps = object.stamps as Record<string, unknown>;
      wrapper += performance.now() - start;
      start = performance.now();
      void stamps.title;
      first += performance.now() - start;
      start = performance.now();
      void stamps.status;
      second += performance.now() - start;
      start = performance.now();
      void object.a;
      void object.b;
      props += performance.now() - start;
    }
    [wrapper, first, second, props].forEach((sum, i) => rounds[i]?.push((sum * 1000) / OBJECTS));
  }
  const median = (values: number[]): number => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? Number.NaN;
  printTable([["access", "µs per object"], ...names.map((name, i) => [name, median(rounds[i] ?? []).toFixed(2)])]);
  console.log("(each figure includes one performance.now() pair)");
  store.shutdown();
}

main();
