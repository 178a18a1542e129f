// Where the time of a small tracked transaction goes (case c of the write-overhead benchmark),
// by experiment on real Realm: contenders that each run the same number of one-field
// transactions, timed alternately in CPU and wall time, each adding one piece of what a tracked
// transaction stores (a dictionary key set, the counter raise, both, the laws' reads) or changing
// the file it runs on (a raw file padded to a tracked file's size, the counter without its index,
// a plain int instead of the counter). Plus the share of the wall time spent outside the
// transaction's body (Realm's begin and commit), and, at 100,000 objects, whether the extraction
// query needs the counter's index: the same results and its time with and without it.
import { performance } from "node:perf_hooks";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { stampMillis } from "../../src/clock/index.js";
import type { HybridClock } from "../../src/clock/index.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { itemValues, itemSchema } from "./dataset.js";
import { median, roundRatios } from "./measure.js";
import type { BenchStore } from "./store.js";

const TIMESTAMPS = "fieldTimestamps";
const COUNTER = "newestStampMillis";
const STAMP_FIELDS = { [TIMESTAMPS]: "string{}" } as const;
const INDEXED_COUNTER = { [COUNTER]: { type: "int", presentation: "counter", indexed: true, default: 0 } } as const;
const UNINDEXED_COUNTER = { [COUNTER]: { type: "int", presentation: "counter", default: 0 } } as const;
const PLAIN_INT = { [COUNTER]: { type: "int", default: 0 } } as const;
/** A format that is not ours, for comparison: the creation stamp in a string property, the dictionary left empty on insert. */
const CREATED_PROPERTY = { createdStamp: "string?" } as const;
/** Padding for a raw file: blobs in a model of their own, never touched by the transactions. */
const PAD_SCHEMA = { name: "Pad", properties: { blob: "data" } } as const;
const PAD_BLOB = 60_000;

/** What one contender's file holds. */
type FileKind = "raw" | "raw, padded" | "format 2" | "format 2, counter not indexed" | "format 2, plain int" | "#created in a property";

/** One contender: a realm file of some kind and the body of each of its transactions. */
interface Variant {
  readonly id: string;
  readonly label: string;
  readonly file: FileKind;
  /** Realm calls this body makes beyond raw's, as written (for the table). */
  readonly adds: string;
  /** One transaction's body on `object`; `v` is a fresh value, `stamp` and `millis` the floor's stamp. */
  readonly body?: (object: RealmObjectLike, v: number, stamp: string, millis: number) => void;
  /** Runs whole transactions itself (the tracked contender). */
  readonly transaction?: (realm: RealmLike, object: RealmObjectLike, v: number) => void;
}

export interface SmallTransactionFigures {
  readonly transactions: number;
  readonly rounds: number;
  readonly variants: readonly {
    readonly id: string;
    readonly label: string;
    readonly file: FileKind;
    readonly adds: string;
    readonly fileBytes: number | undefined;
    readonly wallMicrosecondsPerTransaction: number;
    readonly cpuMicrosecondsPerTransaction: number;
    readonly systemCpuMicrosecondsPerTransaction: number;
    /** CPU time ÷ raw's, per round: median, lowest, highest. */
    readonly cpuOverRaw: { median: number; min: number; max: number };
    readonly wallOverRaw: { median: number; min: number; max: number };
    /** Share of the wall time outside the transaction's body: Realm's begin and commit. */
    readonly commitShareOfWall: number | undefined;
  }[];
}

/** The transactions of case (c), taken apart: see the file's header. Real Realm only. */
export function smallTransactionAnatomy(store: BenchStore, clock: HybridClock, transactions: number, rounds: number): SmallTransactionFigures {
  const raiseCounter = (object: RealmObjectLike, millis: number): void => {
    const counter = object[COUNTER] as { readonly value: number; increment(by: number): void };
    const value = counter.value;
    if (value < millis) counter.increment(millis - value);
  };
  const setKey = (object: RealmObjectLike, stamp: string): void => {
    (object[TIMESTAMPS] as Record<string, string>).quantity = stamp;
  };
  const variants: Variant[] = [
    { id: "raw", label: "raw: the value set, raw file", file: "raw", adds: "", body: (o, v) => void (o.quantity = v) },
    { id: "raw-padded", label: "raw: the value set, raw file padded to format 2's size", file: "raw, padded", adds: "", body: (o, v) => void (o.quantity = v) },
    { id: "value-on-format-2", label: "the value set alone, format 2 file", file: "format 2", adds: "", body: (o, v) => void (o.quantity = v) },
    {
      id: "value-created-property",
      label: "the value set alone, file with #created in a property (empty dictionaries)",
      file: "#created in a property",
      adds: "",
      body: (o, v) => void (o.quantity = v),
    },
    { id: "key-set", label: "+ one dictionary key set", file: "format 2", adds: "dictionary access, key set", body: (o, v, stamp) => ((o.quantity = v), setKey(o, stamp)) },
    { id: "counter", label: "+ the counter raise", file: "format 2", adds: "counter read, increment", body: (o, v, _s, millis) => ((o.quantity = v), raiseCounter(o, millis)) },
    { id: "floor", label: "+ both (the floor)", file: "format 2", adds: "both", body: (o, v, stamp, millis) => ((o.quantity = v), setKey(o, stamp), raiseCounter(o, millis)) },
    { id: "floor-unindexed", label: "the floor, counter without its index", file: "format 2, counter not indexed", adds: "both", body: (o, v, stamp, millis) => ((o.quantity = v), setKey(o, stamp), raiseCounter(o, millis)) },
    {
      id: "floor-plain-int",
      label: "the floor, a plain int set instead of the counter",
      file: "format 2, plain int",
      adds: "dictionary key set, int read and set",
      body: (o, v, stamp, millis) => {
        o.quantity = v;
        setKey(o, stamp);
        if ((o[COUNTER] as number) < millis) o[COUNTER] = millis;
      },
    },
    {
      id: "law-floor",
      label: "the floor + the laws' reads (old value, #created, overwritten key)",
      file: "format 2",
      adds: "both + 3 reads",
      body: (o, v, stamp, millis) => {
        if (o.quantity === v) return; // law 3
        o.quantity = v;
        const stamps = o[TIMESTAMPS] as Record<string, string | undefined>;
        stamps.quantity = following(stamp, stamps["#created"], stamps.quantity); // law 2
        raiseCounter(o, millis);
      },
    },
    { id: "tracked", label: "trackedWrite", file: "format 2", adds: "as tracked", transaction: (realm, o, v) => trackedWrite(realm, (tx) => tx.assign(o, { quantity: v }), { clock }) },
  ];

  const fileFor = (kind: FileKind): { realm: RealmLike; objects: RealmObjectLike[] } => {
    // One file per contender, so no contender's commits change another's file.
    const counter = kind === "format 2, counter not indexed" ? UNINDEXED_COUNTER : kind === "format 2, plain int" ? PLAIN_INT : INDEXED_COUNTER;
    const format2 = kind.startsWith("format 2");
    const createdProperty = kind === "#created in a property";
    const schema = format2 ? [{ ...itemSchema, properties: { ...itemSchema.properties, ...STAMP_FIELDS, ...counter } }] : createdProperty ? [{ ...itemSchema, properties: { ...itemSchema.properties, ...STAMP_FIELDS, ...counter, ...CREATED_PROPERTY } }] : [itemSchema, PAD_SCHEMA];
    const realm = store.open(schema);
    const created = clock.now();
    const createdMillis = stampMillis(created);
    realm.write(() => {
      for (let id = 0; id < 10_000; id++) {
        // What a tracked insert stores: `#created` and the counter at its milliseconds.
        const values = format2 ? { [TIMESTAMPS]: { "#created": created }, [COUNTER]: createdMillis } : createdProperty ? { createdStamp: created, [COUNTER]: createdMillis } : {};
        realm.create("Item", { _id: id, ...itemValues(id), ...values });
      }
    });
    return { realm, objects: [...realm.objects("Item")].slice(0, transactions) };
  };
  const formatTwoSizes: number[] = [];
  const opened = variants.map((variant) => {
    const state = fileFor(variant.file);
    if (variant.file === "format 2" && formatTwoSizes.length === 0) formatTwoSizes.push(store.fileSize(state.realm) ?? 0);
    return state;
  });
  // The padded raw file is built before the first format 2 file is measured: pad it now.
  const paddedIndex = variants.findIndex((variant) => variant.file === "raw, padded");
  padTo(store, (opened[paddedIndex] as { realm: RealmLike }).realm, formatTwoSizes[0] ?? 0);

  const wall: number[][] = variants.map(() => []);
  const cpu: number[][] = variants.map(() => []);
  const system: number[][] = variants.map(() => []);
  const bodies: number[][] = variants.map(() => []);
  let v = 1_000_000;
  for (let round = 0; round < rounds + 1; round++) {
    variants.forEach((variant, i) => {
      const { realm, objects } = opened[i] as { realm: RealmLike; objects: RealmObjectLike[] };
      v++;
      const stamp = clock.now();
      const millis = 1_800_000_000_000 + v;
      (globalThis as { gc?: () => void }).gc?.();
      let inBody = 0;
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      if (variant.transaction) {
        for (const object of objects) variant.transaction(realm, object, v);
      } else {
        const body = variant.body as NonNullable<Variant["body"]>;
        for (const object of objects) {
          realm.write(() => {
            const t = performance.now();
            body(object, v, stamp, millis);
            inBody += performance.now() - t;
          });
        }
      }
      const elapsed = performance.now() - start;
      const used = process.cpuUsage(cpuStart);
      if (round === 0) return; // warm-up
      (wall[i] as number[]).push(elapsed);
      (cpu[i] as number[]).push((used.user + used.system) / 1000);
      (system[i] as number[]).push(used.system / 1000);
      (bodies[i] as number[]).push(inBody);
    });
  }
  const perTx = (ms: number): number => (ms * 1000) / transactions;
  const figures: SmallTransactionFigures = {
    transactions,
    rounds,
    variants: variants.map((variant, i) => ({
      id: variant.id,
      label: variant.label,
      file: variant.file,
      adds: variant.adds,
      fileBytes: store.fileSize((opened[i] as { realm: RealmLike }).realm),
      wallMicrosecondsPerTransaction: perTx(median(wall[i] as number[])),
      cpuMicrosecondsPerTransaction: perTx(median(cpu[i] as number[])),
      systemCpuMicrosecondsPerTransaction: perTx(median(system[i] as number[])),
      cpuOverRaw: roundRatios(cpu[i] as number[], cpu[0] as number[]),
      wallOverRaw: roundRatios(wall[i] as number[], wall[0] as number[]),
      commitShareOfWall: variant.transaction ? undefined : median((wall[i] as number[]).map((w, r) => 1 - ((bodies[i] as number[])[r] as number) / w)),
    })),
  };
  for (const { realm } of opened) realm.close();
  return figures;
}

/** `stamp` when it is newer than the stamps it overwrites (always so here: the floor's clock runs ahead), else an error. */
function following(stamp: string, ...seen: (string | undefined)[]): string {
  for (const other of seen) if (other !== undefined && other >= stamp) throw new Error(`the floor's stamp ${stamp} is not newer than ${other}`);
  return stamp;
}

/** Adds blobs to a raw realm (in a model its transactions never touch) until its file reaches `bytes`. */
function padTo(store: BenchStore, realm: RealmLike, bytes: number): void {
  for (let i = 0; i < 1000 && (store.fileSize(realm) ?? bytes) < bytes; i++) {
    realm.write(() => {
      for (let j = 0; j < 4; j++) realm.create("Pad", { blob: new Uint8Array(PAD_BLOB).fill((i + j) % 251) });
    });
  }
}

export interface CounterIndexFigures {
  readonly objects: number;
  readonly candidates: number;
  readonly runs: number;
  readonly sameResults: boolean;
  readonly indexedQueryMs: number;
  readonly unindexedQueryMs: number;
  readonly indexedFileBytes: number | undefined;
  readonly unindexedFileBytes: number | undefined;
  /** CPU ms of one transaction raising the counter of 10,000 objects (a read and an increment each), with and without the index. */
  readonly indexedBulkRaiseCpuMs: number;
  readonly unindexedBulkRaiseCpuMs: number;
  /** The same, per round: unindexed ÷ indexed. */
  readonly bulkRaiseUnindexedOverIndexed: { median: number; min: number; max: number };
}

/**
 * The extraction query `counter >= $0 OR counter == 0` on `objects` objects, with and without
 * the counter's index (same values, alternated runs): whether both return the same objects and
 * how long the query with reading every candidate's primary key takes. Real Realm only.
 */
export function counterIndexQuery(store: BenchStore, objects: number, runs: number): CounterIndexFigures {
  const since = 1_800_000_000_000;
  // 1% of the objects edited after the checkpoint, 1% never maintained (0), the rest before it.
  const counterOf = (id: number): number => (id % 100 === 0 ? since + id : id % 100 === 1 ? 0 : since - 1 - id);
  const build = (counter: typeof INDEXED_COUNTER | typeof UNINDEXED_COUNTER): RealmLike => {
    const realm = store.open([{ ...itemSchema, properties: { ...itemSchema.properties, ...STAMP_FIELDS, ...counter } }]);
    for (let from = 0; from < objects; from += 20_000) {
      realm.write(() => {
        for (let id = from; id < Math.min(objects, from + 20_000); id++) realm.create("Item", { _id: id, ...itemValues(id), [COUNTER]: counterOf(id) });
      });
    }
    return realm;
  };
  const indexed = build(INDEXED_COUNTER);
  const unindexed = build(UNINDEXED_COUNTER);
  const query = (realm: RealmLike): number[] => {
    const ids: number[] = [];
    for (const object of realm.objects("Item").filtered(`${COUNTER} >= $0 OR ${COUNTER} == 0`, since)) ids.push(object._id as number);
    return ids.sort((a, b) => a - b);
  };
  const expected = Array.from({ length: objects }, (_, id) => id).filter((id) => counterOf(id) >= since || counterOf(id) === 0);
  const a = query(indexed);
  const b = query(unindexed);
  const same = (x: number[]): boolean => x.length === expected.length && x.every((id, i) => id === expected[i]);
  const times: [number[], number[]] = [[], []];
  for (let round = 0; round < runs + 1; round++) {
    [indexed, unindexed].forEach((realm, i) => {
      const start = performance.now();
      query(realm);
      if (round > 0) times[i]?.push(performance.now() - start);
    });
  }
  // A bulk write's share of the index: one transaction raising 10,000 counters, alternated.
  const raised: [number[], number[]] = [[], []];
  const some = [indexed, unindexed].map((realm) => [...realm.objects("Item").filtered("_id < 10000")]);
  for (let round = 0; round < runs + 1; round++) {
    [indexed, unindexed].forEach((realm, i) => {
      const target = since + 1_000_000 * (round + 1);
      (globalThis as { gc?: () => void }).gc?.();
      const start = process.cpuUsage();
      realm.write(() => {
        for (const object of some[i] as RealmObjectLike[]) {
          const counter = object[COUNTER] as { readonly value: number; increment(by: number): void };
          const value = counter.value;
          if (value < target) counter.increment(target - value);
        }
      });
      const used = process.cpuUsage(start);
      if (round > 0) raised[i]?.push((used.user + used.system) / 1000);
    });
  }
  const figures: CounterIndexFigures = {
    objects,
    candidates: expected.length,
    runs,
    sameResults: same(a) && same(b),
    indexedQueryMs: median(times[0]),
    unindexedQueryMs: median(times[1]),
    indexedFileBytes: store.fileSize(indexed),
    unindexedFileBytes: store.fileSize(unindexed),
    indexedBulkRaiseCpuMs: median(raised[0]),
    unindexedBulkRaiseCpuMs: median(raised[1]),
    bulkRaiseUnindexedOverIndexed: roundRatios(raised[1], raised[0]),
  };
  indexed.close();
  unindexed.close();
  return figures;
}
