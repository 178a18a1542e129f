// What the newest-stamp counter's search index costs on real Realm: 1,000 counter increments in
// one transaction (the raises of a recovery's apply), and the two queries the engine runs on the
// counter, with and without `indexed: true`, when every object shares one counter value (a base
// written in one millisecond) and when the values are distinct. Raw Realm, no tracking.
// `npx tsx benchmarks/counter-index.ts`; BENCH_COUNTER_TOTALS (default 100000,1000000).
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type RealmType from "realm";
import type { RealmLike, RealmObjectLike } from "../src/realm-like.js";
import { printHeading } from "./support/args.js";
import { printTable } from "./support/measure.js";

const Realm = createRequire(import.meta.url)("realm") as typeof RealmType;
const TOTALS = (process.env.BENCH_COUNTER_TOTALS ?? "100000,1000000").split(",").map(Number);
const BATCH = 100_000;
const RAISES = 1_000;

interface Counter {
  increment(by: number): void;
}

printHeading("the newest-stamp counter's index: 1,000 raises and the engine's two queries", `real Realm ${(createRequire(import.meta.url)("realm/package.json") as { version: string }).version}`);
const rows: string[][] = [["objects", "index", "counter values", "1,000 raises ms", "counter >= x ms", "counter == 0 ms"]];
for (const total of TOTALS) {
  for (const indexed of [true, false]) {
    for (const shared of [true, false]) {
      const file = path.join(os.tmpdir(), `counter-index-${process.pid}-${total}-${indexed}-${shared}.realm`);
      const realm = new Realm({ path: file, schema: [{ name: "A", primaryKey: "_id", properties: { _id: "int", c: { type: "int", presentation: "counter", indexed, default: 0 } } }] }) as unknown as RealmLike;
      for (let from = 0; from < total; from += BATCH) {
        realm.write(() => {
          for (let id = from; id < Math.min(total, from + BATCH); id++) realm.create("A", { _id: id, c: shared ? 1_000 : 1_000 + id });
        });
      }
      const ids = Array.from({ length: RAISES }, (_, k) => Math.floor((k * total) / RAISES) + 7);
      let started = performance.now();
      realm.write(() => {
        for (const id of ids) ((realm.objectForPrimaryKey("A", id) as RealmObjectLike).c as Counter).increment(10 * total);
      });
      const raiseMs = performance.now() - started;
      started = performance.now();
      const reached = realm.objects("A").filtered("c >= $0", 5 * total).length;
      const rangeMs = performance.now() - started;
      started = performance.now();
      realm.objects("A").filtered("c == 0").length;
      const zeroMs = performance.now() - started;
      if (reached !== RAISES) throw new Error(`expected ${RAISES} raised objects, found ${reached}`);
      rows.push([total.toLocaleString("en"), indexed ? "indexed" : "none", shared ? "one shared" : "distinct", raiseMs.toFixed(0), rangeMs.toFixed(1), zeroMs.toFixed(1)]);
      realm.close();
      Realm.deleteFile({ path: file });
    }
  }
}
printTable(rows);
Realm.shutdown();
