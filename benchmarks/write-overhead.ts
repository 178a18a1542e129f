// Benchmark: tracked writes (trackedWrite) against raw realm.write and against the floor of the
// storage format, same store, same run, timed alternately (raw, tracked, floor, raw, …).
// (a) 10,000 inserts in one transaction; (b) one field on 10,000 objects in one transaction;
// (c) 1,000 transactions of one field each; (d) an immer recipe touching 3 of 12 fields on
// 10,000 objects. The floor is the same writes done by hand with the fewest calls the format
// needs: the value sets, one `fieldTimestamps` access per object, one key set per changed field
// and one counter raise per object (no clock, no checks). For (b) and (d) a fourth contender, the
// "law floor", adds by hand the reads the laws need and the floor skips: each assigned field's
// old value (law 3: an equal value is neither written nor stamped) and the overwritten stamps
// with `#created` (law 2: a write follows what it overwrites). Every run is timed in wall time
// and in the process's CPU time (on a shared machine the steadier of the two), and ratios are
// also taken per round (contenders of one round ran back to back). On real Realm a second
// process counts the calls into Realm's native binding per operation for each contender. Plus
// the bytes each stored stamp costs, and what the newest-stamp counter (storage format 2) adds.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { HybridClock, stampMillis } from "../src/clock/index.js";
import type { Stamp } from "../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../src/realm-like.js";
import { trackFields } from "../src/schema/track-fields.js";
import { trackedWrite } from "../src/tracking/index.js";
import { benchArgs, printHeading } from "./support/args.js";
import { itemValues, wideItemSchema, wideValues, itemSchema } from "./support/dataset.js";
import { formatOps, measureAlternatelyDrained, measurePairDrained, median, printTable, roundRatios } from "./support/measure.js";
import type { AlternatedMeasurement, Contender, Measurement } from "./support/measure.js";
import { realmCalls } from "./support/realm-calls.js";
import { writeResults } from "./support/results.js";
import { benchStore } from "./support/store.js";
import { stampBytes } from "./support/stamp-bytes.js";
import { counterIndexQuery, smallTransactionAnatomy } from "./support/small-transactions.js";
import type { CounterIndexFigures, SmallTransactionFigures } from "./support/small-transactions.js";

const { quick } = benchArgs();
/** The counting process: runs each contender once more after a warm-up and prints its native calls per operation. */
const countingChild = process.env.BENCH_COUNT_REALM_CALLS === "1";
const OBJECTS = 10_000;
// Each of these commits costs milliseconds on a disk-backed file: --quick runs fewer.
const TRANSACTIONS = quick ? 200 : 1_000;
const RUNS = quick ? 5 : 9;
/** Transactions per contender of the (c) anatomy; the query experiment's realm size. */
const ANATOMY_TRANSACTIONS = 200;
const INDEX_QUERY_OBJECTS = 100_000;
const WARMUP = 2;

const store = benchStore();
const clock = new HybridClock({ nodeId: "bench-writes" });
const trackedSchema = trackFields([itemSchema, wideItemSchema]);
const format1 = { newestStampProperty: false } as const;
const format1Schema = trackFields([itemSchema, wideItemSchema], format1);
const rawSchema = [itemSchema, wideItemSchema];
const items = Array.from({ length: OBJECTS }, (_, id) => ({ _id: id, ...itemValues(id) }));
const wides = Array.from({ length: OBJECTS }, (_, id) => ({ _id: id, ...wideValues(id) }));
const TIMESTAMPS = "fieldTimestamps";
const COUNTER = "newestStampMillis";
// The floor's stamps come from a clock of its own, read in the untimed setup.
const floorClock = new HybridClock({ nodeId: "bench-floor" });

/** The contenders of one case, in the order they run in each round. */
interface Contenders {
  readonly raw: Contender<unknown>;
  readonly tracked: Contender<unknown>;
  readonly floor: Contender<unknown>;
  /** The floor plus the reads laws 2 and 3 need (cases b and d). */
  readonly laws?: Contender<unknown>;
}

const KINDS = ["raw", "tracked", "floor", "laws"] as const;
type Kind = (typeof KINDS)[number];

/**
 * Raw, tracked, floor (and the law floor), timed alternately, the order rotated each round, the
 * event loop turned and the heap collected before each run (`measureAlternatelyDrained`); in
 * the counting process, native calls per operation instead.
 */
async function trio(contenders: Contenders, operations: number): Promise<{ raw: AlternatedMeasurement; tracked: AlternatedMeasurement; floor: AlternatedMeasurement; laws: AlternatedMeasurement | undefined; calls: Partial<Record<Kind, number>> | undefined }> {
  const kinds = KINDS.filter((kind) => contenders[kind] !== undefined);
  if (countingChild) {
    const calls: Partial<Record<Kind, number>> = {};
    for (const kind of kinds) {
      const contender = contenders[kind] as Contender<unknown>;
      contender.run(contender.setup()); // warm-up: first-use lookups are not per-operation costs
      const state = contender.setup();
      const before = realmCalls();
      contender.run(state);
      calls[kind] = (realmCalls() - before) / operations;
    }
    const none: AlternatedMeasurement = { ms: Number.NaN, opsPerSecond: Number.NaN, runs: 0, samples: [], cpuSamples: [], cpuMs: Number.NaN };
    return { raw: none, tracked: none, floor: none, laws: contenders.laws ? none : undefined, calls };
  }
  const measured = await measureAlternatelyDrained(
    kinds.map((kind) => contenders[kind] as Contender<unknown>),
    { operations, runs: RUNS, warmup: WARMUP },
  );
  const of = (kind: Kind): AlternatedMeasurement => measured[kinds.indexOf(kind)] as AlternatedMeasurement;
  return { raw: of("raw"), tracked: of("tracked"), floor: of("floor"), laws: contenders.laws ? of("laws") : undefined, calls: undefined };
}

/** A contender from a setup and a run (the run's state type inferred). */
function contender<S>(setup: () => S, run: (state: S) => void): Contender<unknown> {
  return { setup, run } as unknown as Contender<unknown>;
}

interface Case {
  readonly id: "a" | "b" | "c" | "d";
  readonly name: string;
  readonly operations: number;
  /** The target ratio, and against which contender it is set. */
  readonly target: number;
  readonly targetOver: "raw" | "floor";
  readonly raw: AlternatedMeasurement;
  readonly tracked: AlternatedMeasurement;
  readonly floor: AlternatedMeasurement;
  readonly laws: AlternatedMeasurement | undefined;
  readonly calls: Partial<Record<Kind, number>> | undefined;
}

/** The counter's raise as the floor does it: one read of its value, one increment. */
function raiseCounter(object: RealmObjectLike, millis: number): void {
  const counter = object[COUNTER] as { readonly value: number; increment(by: number): void };
  const value = counter.value;
  if (value < millis) counter.increment(millis - value);
}

/**
 * The law floor's stamp for one object: `state.stamp` when it is newer than every stamp in
 * `seen` (the overwritten keys' and `#created`, law 2), else a later one from the floor's clock
 * (kept for the rest of the run, as a tracked transaction keeps its advanced stamp).
 */
function stampFollowing(state: { stamp: Stamp; millis: number }, seen: readonly (string | undefined)[]): Stamp {
  let newest: string | undefined;
  for (const value of seen) if (value !== undefined && (newest === undefined || value > newest)) newest = value;
  if (newest !== undefined && newest >= state.stamp) {
    floorClock.receive(newest as Stamp);
    state.stamp = floorClock.now();
    state.millis = stampMillis(state.stamp);
  }
  return state.stamp;
}

/** A fresh stamp and its milliseconds for one floor run (untimed). */
function floorStamp(): { stamp: Stamp; millis: number } {
  const stamp = floorClock.now();
  return { stamp, millis: stampMillis(stamp) };
}

/** A realm of `model` holding the 10,000 objects, written raw or tracked, and its objects. */
function populated(tracked: boolean | "format 1", model: "Item" | "Wide"): { realm: RealmLike; objects: RealmObjectLike[] } {
  const realm = store.open(tracked === "format 1" ? format1Schema : tracked ? trackedSchema : rawSchema);
  const rows = model === "Item" ? items : wides;
  if (tracked === "format 1") trackedWrite(realm, (tx) => rows.forEach((row) => tx.create(model, row)), { clock, tracking: format1 });
  else if (tracked) trackedWrite(realm, (tx) => rows.forEach((row) => tx.create(model, row)), { clock });
  else realm.write(() => rows.forEach((row) => realm.create(model, row)));
  return { realm, objects: [...realm.objects(model)] };
}

/** Setup that hands out the same populated realm with a fresh version number (and a floor stamp) per run. */
function versions(state: { realm: RealmLike; objects: RealmObjectLike[] }): () => { realm: RealmLike; objects: RealmObjectLike[]; v: number; stamp: Stamp; millis: number } {
  let v = 0;
  return () => ({ ...state, v: ++v, ...floorStamp() });
}

async function main(): Promise<void> {
  printHeading("write overhead: trackedWrite vs raw realm.write", store.label);
  const cases: Case[] = [];

  // (a) inserts: a new empty realm per run. The floor creates each object with its one stamp
  // entry and its counter in the same create (what a tracked insert stores).
  cases.push({
    id: "a",
    name: "10,000 inserts, 1 transaction",
    operations: OBJECTS,
    target: 1.15,
    targetOver: "floor",
    ...(await trio(
      {
        raw: contender(() => store.open(rawSchema), (realm) => realm.write(() => items.forEach((row) => realm.create("Item", row)))),
        tracked: contender(() => store.open(trackedSchema), (realm) => trackedWrite(realm, (tx) => items.forEach((row) => tx.create("Item", row)), { clock })),
        floor: contender(
          () => ({ realm: store.open(trackedSchema), ...floorStamp() }),
          ({ realm, stamp, millis }) => realm.write(() => items.forEach((row) => realm.create("Item", { ...row, [TIMESTAMPS]: { "#created": stamp }, [COUNTER]: millis }))),
        ),
      },
      OBJECTS,
    )),
  });
  store.closeAll();

  // (b) one field on every object, one transaction.
  {
    const raw = versions(populated(false, "Item"));
    const tracked = versions(populated(true, "Item"));
    const floor = versions(populated(true, "Item"));
    const laws = versions(populated(true, "Item"));
    cases.push({
      id: "b",
      name: "1 field on 10,000 objects, 1 transaction",
      operations: OBJECTS,
      target: 1.15,
      targetOver: "floor",
      ...(await trio(
        {
          raw: contender(raw, ({ realm, objects, v }) => realm.write(() => objects.forEach((o) => void (o.status = `s${v}`)))),
          tracked: contender(tracked, ({ realm, objects, v }) => trackedWrite(realm, (tx) => objects.forEach((o) => tx.assign(o, { status: `s${v}` })), { clock })),
          floor: contender(floor, ({ realm, objects, v, stamp, millis }) =>
            realm.write(() =>
              objects.forEach((o) => {
                o.status = `s${v}`;
                (o[TIMESTAMPS] as Record<string, string>).status = stamp;
                raiseCounter(o, millis);
              }),
            ),
          ),
          laws: contender(laws, (state) =>
            state.realm.write(() =>
              state.objects.forEach((o) => {
                const next = `s${state.v}`;
                if (o.status === next) return; // law 3
                o.status = next;
                const stamps = o[TIMESTAMPS] as Record<string, string | undefined>;
                const stamp = stampFollowing(state, [stamps["#created"], stamps.status]); // law 2
                stamps.status = stamp;
                raiseCounter(o, state.millis);
              }),
            ),
          ),
        },
        OBJECTS,
      )),
    });
  }

  // (c) 1,000 small transactions of one field each.
  {
    const raw = versions(populated(false, "Item"));
    const tracked = versions(populated(true, "Item"));
    const floor = versions(populated(true, "Item"));
    const some = (objects: RealmObjectLike[]) => objects.slice(0, TRANSACTIONS);
    cases.push({
      id: "c",
      name: `${TRANSACTIONS.toLocaleString("en")} transactions of 1 field each`,
      operations: TRANSACTIONS,
      target: 1.05,
      targetOver: "raw",
      ...(await trio(
        {
          raw: contender(raw, ({ realm, objects, v }) => some(objects).forEach((o) => realm.write(() => void (o.quantity = v)))),
          tracked: contender(tracked, ({ realm, objects, v }) => some(objects).forEach((o) => trackedWrite(realm, (tx) => tx.assign(o, { quantity: v }), { clock }))),
          floor: contender(floor, ({ realm, objects, v, stamp, millis }) =>
            some(objects).forEach((o) =>
              realm.write(() => {
                o.quantity = v;
                (o[TIMESTAMPS] as Record<string, string>).quantity = stamp;
                raiseCounter(o, millis);
              }),
            ),
          ),
        },
        TRANSACTIONS,
      )),
    });
  }

  // (d) an immer recipe touching 3 of 12 fields; raw baseline assigns the same 3 fields.
  {
    const raw = versions(populated(false, "Wide"));
    const tracked = versions(populated(true, "Wide"));
    const floor = versions(populated(true, "Wide"));
    const laws = versions(populated(true, "Wide"));
    cases.push({
      id: "d",
      name: "immer recipe, 3 of 12 fields on 10,000 objects",
      operations: OBJECTS,
      target: 1.15,
      targetOver: "floor",
      ...(await trio(
        {
          raw: contender(raw, ({ realm, objects, v }) =>
            realm.write(() =>
              objects.forEach((o) => {
                o.status = `s${v}`;
                o.priority = v;
                o.estimate = v;
              }),
            ),
          ),
          tracked: contender(tracked, ({ realm, objects, v }) =>
            trackedWrite(
              realm,
              (tx) =>
                objects.forEach((o) =>
                  tx.update<{ status: string; priority: number; estimate: number }>(o, (draft) => {
                    draft.status = `s${v}`;
                    draft.priority = v;
                    draft.estimate = v;
                  }),
                ),
              { clock },
            ),
          ),
          floor: contender(floor, ({ realm, objects, v, stamp, millis }) =>
            realm.write(() =>
              objects.forEach((o) => {
                o.status = `s${v}`;
                o.priority = v;
                o.estimate = v;
                const stamps = o[TIMESTAMPS] as Record<string, string>;
                stamps.status = stamp;
                stamps.priority = stamp;
                stamps.estimate = stamp;
                raiseCounter(o, millis);
              }),
            ),
          ),
          laws: contender(laws, (state) =>
            state.realm.write(() =>
              state.objects.forEach((o) => {
                // Law 3: each assigned field's old value is read, and only a change is written and stamped.
                const status = `s${state.v}`;
                const changedStatus = o.status !== status;
                if (changedStatus) o.status = status;
                const changedPriority = o.priority !== state.v;
                if (changedPriority) o.priority = state.v;
                const changedEstimate = o.estimate !== state.v;
                if (changedEstimate) o.estimate = state.v;
                if (!changedStatus && !changedPriority && !changedEstimate) return;
                const stamps = o[TIMESTAMPS] as Record<string, string | undefined>;
                // Law 2: the stamp follows the overwritten keys' stamps and `#created`.
                const stamp = stampFollowing(state, [
                  stamps["#created"],
                  changedStatus ? stamps.status : undefined,
                  changedPriority ? stamps.priority : undefined,
                  changedEstimate ? stamps.estimate : undefined,
                ]);
                if (changedStatus) stamps.status = stamp;
                if (changedPriority) stamps.priority = stamp;
                if (changedEstimate) stamps.estimate = stamp;
                raiseCounter(o, state.millis);
              }),
            ),
          ),
        },
        OBJECTS,
      )),
    });
  }

  if (countingChild) {
    console.log(`CALLS ${JSON.stringify(Object.fromEntries(cases.map((c) => [c.id, c.calls])))}`);
    store.shutdown();
    return;
  }
  const counted = store.kind === "realm" ? countCalls() : undefined;

  // The counter's share: tracked writes on format 1 (no counter) against format 2, alternated.
  const counterCases: { id: "b" | "c"; format1: Measurement; format2: Measurement; operations: number }[] = [];
  {
    const without = versions(populated("format 1", "Item"));
    const withCounter = versions(populated(true, "Item"));
    const [f1, f2] = await measurePairDrained(
      { setup: without, run: ({ realm, objects, v }) => trackedWrite(realm, (tx) => objects.forEach((o) => tx.assign(o, { status: `c${v}` })), { clock, tracking: format1 }) },
      { setup: withCounter, run: ({ realm, objects, v }) => trackedWrite(realm, (tx) => objects.forEach((o) => tx.assign(o, { status: `c${v}` })), { clock }) },
      { operations: OBJECTS, runs: RUNS, warmup: WARMUP },
    );
    counterCases.push({ id: "b", format1: f1, format2: f2, operations: OBJECTS });
    const some = (objects: RealmObjectLike[]) => objects.slice(0, TRANSACTIONS);
    const [g1, g2] = await measurePairDrained(
      { setup: without, run: ({ realm, objects, v }) => some(objects).forEach((o) => trackedWrite(realm, (tx) => tx.assign(o, { quantity: -v }), { clock, tracking: format1 })) },
      { setup: withCounter, run: ({ realm, objects, v }) => some(objects).forEach((o) => trackedWrite(realm, (tx) => tx.assign(o, { quantity: -v }), { clock })) },
      { operations: TRANSACTIONS, runs: RUNS, warmup: WARMUP },
    );
    counterCases.push({ id: "c", format1: g1, format2: g2, operations: TRANSACTIONS });
  }
  const counterUs = (c: (typeof counterCases)[number]): number => ((c.format2.ms - c.format1.ms) * 1000) / c.operations;

  // (c) taken apart (real Realm only: its cost is the file and the commit): 200 transactions per contender in both sizes.
  const anatomy: SmallTransactionFigures | undefined = store.kind === "realm" ? smallTransactionAnatomy(store, clock, ANATOMY_TRANSACTIONS, RUNS) : undefined;
  // Does the extraction query need the counter's index? Same results and its time, with and without, at 100,000 objects.
  const counterIndex: CounterIndexFigures | undefined = store.kind === "realm" ? counterIndexQuery(store, INDEX_QUERY_OBJECTS, RUNS) : undefined;
  store.closeAll();

  // Bytes per stored stamp: on inserted objects, then after 3 of 10 fields were edited.
  const sample = populated(true, "Item");
  const bytes = stampBytes(sample.realm, "Item");
  trackedWrite(sample.realm, (tx) => sample.objects.forEach((o, id) => tx.assign(o, { status: `edited ${id}`, priority: -id, done: !o.done })), { clock });
  const edited = stampBytes(sample.realm, "Item");

  const comparable = store.kind === "realm";
  const addedUs = (c: Case): number => ((c.tracked.ms - c.raw.ms) * 1000) / c.operations;
  const overFloorUs = (c: Case): number => ((c.tracked.ms - c.floor.ms) * 1000) / c.operations;
  const targetRatio = (c: Case): number => c.tracked.ms / (c.targetOver === "floor" ? c.floor.ms : c.raw.ms);
  const callsOf = (c: Case): Partial<Record<Kind, number>> | undefined => counted?.[c.id];
  // The target's ratio per round (contenders of a round ran back to back), in wall and CPU time.
  const baseOf = (c: Case): AlternatedMeasurement => (c.targetOver === "floor" ? c.floor : c.raw);
  const wallRounds = (c: Case) => roundRatios(c.tracked.samples, baseOf(c).samples);
  const cpuRounds = (c: Case) => roundRatios(c.tracked.cpuSamples, baseOf(c).cpuSamples);
  const cpuRatio = (c: Case): number => c.tracked.cpuMs / baseOf(c).cpuMs;
  const usPerOp = (ms: number, c: Case): number => (ms * 1000) / c.operations;
  const table = [["case", "raw ops/s", "floor ops/s", "tracked ops/s", "tracked/raw", "tracked/floor", "floor/raw", "added µs/op (vs raw / vs floor)", "target", "verdict", "Realm calls/op raw, floor, tracked"]];
  for (const c of cases) {
    const calls = callsOf(c);
    table.push([
      `(${c.id}) ${c.name}`,
      formatOps(c.raw.opsPerSecond),
      formatOps(c.floor.opsPerSecond),
      formatOps(c.tracked.opsPerSecond),
      (c.tracked.ms / c.raw.ms).toFixed(2),
      (c.tracked.ms / c.floor.ms).toFixed(2),
      (c.floor.ms / c.raw.ms).toFixed(2),
      `${addedUs(c).toFixed(1)} / ${overFloorUs(c).toFixed(1)}`,
      `tracked/${c.targetOver} ≤ ${c.target}`,
      comparable ? (targetRatio(c) <= c.target ? "within" : "over") : "memory store: not comparable",
      calls ? `${fmtCalls(calls.raw)}, ${fmtCalls(calls.floor)}, ${fmtCalls(calls.tracked)}` : "(not counted)",
    ]);
  }
  console.log("");
  printTable(table);
  // Steadier views of the same runs: the target's ratio in CPU time and per round (with its spread), and the law floor.
  console.log(`\nthe target's ratio, wall time and CPU time (median of ${RUNS} runs; per round: median [lowest–highest]), and the law floor (the floor plus the reads laws 2 and 3 need):`);
  const steady = [["case", "target ratio", "wall: medians", "wall: per round", "CPU: medians", "CPU: per round", "tracked CPU µs/op (base)", "law floor ÷ floor (wall / CPU)", "tracked ÷ law floor (wall / CPU)", "Realm calls/op law floor"]];
  for (const c of cases) {
    const w = wallRounds(c);
    const u = cpuRounds(c);
    const laws = c.laws;
    steady.push([
      `(${c.id})`,
      `tracked/${c.targetOver}`,
      targetRatio(c).toFixed(2),
      `${w.median.toFixed(2)} [${w.min.toFixed(2)}–${w.max.toFixed(2)}]`,
      cpuRatio(c).toFixed(2),
      `${u.median.toFixed(2)} [${u.min.toFixed(2)}–${u.max.toFixed(2)}]`,
      `${usPerOp(c.tracked.cpuMs, c).toFixed(1)} (${usPerOp(baseOf(c).cpuMs, c).toFixed(1)})`,
      laws ? `${(laws.ms / c.floor.ms).toFixed(2)} / ${(laws.cpuMs / c.floor.cpuMs).toFixed(2)}` : "",
      laws ? `${(c.tracked.ms / laws.ms).toFixed(2)} / ${(c.tracked.cpuMs / laws.cpuMs).toFixed(2)}` : "",
      laws ? (callsOf(c) ? fmtCalls(callsOf(c)?.laws) : "(not counted)") : "",
    ]);
  }
  printTable(steady);
  {
    // (c) is commit-bound: what tracking adds per transaction, against raw's own time per transaction.
    const c = cases.find((x) => x.id === "c") as Case;
    const added = c.tracked.samples.map((t, i) => usPerOp(t - (c.raw.samples[i] as number), c));
    const addedCpu = c.tracked.cpuSamples.map((t, i) => usPerOp(t - (c.raw.cpuSamples[i] as number), c));
    const spread = (xs: number[]) => `${median(xs).toFixed(0)} [${Math.min(...xs).toFixed(0)} to ${Math.max(...xs).toFixed(0)}]`;
    console.log(
      `\n(c) per transaction: raw ${usPerOp(c.raw.ms, c).toFixed(0)} µs wall, ${usPerOp(c.raw.cpuMs, c).toFixed(0)} µs CPU; tracking adds ${spread(added)} µs wall, ${spread(addedCpu)} µs CPU (per round: median [lowest to highest])`,
    );
  }
  if (!comparable) {
    console.log(
      "\nNOTE: measured on the in-memory store. Its raw write is a few JS property sets, far cheaper than Realm's native write\n" +
        "(which crosses into C++ and writes to the file), so these ratios say little about real Realm, where the targets are set.",
    );
  }
  console.log("\nthe newest-stamp counter's share (tracked writes, format 2 vs format 1, alternated runs):");
  printTable([
    ["case", "format 1 ops/s", "format 2 ops/s", "format 2 ÷ format 1", "counter µs/op"],
    ...counterCases.map((c) => [`(${c.id})`, formatOps(c.format1.opsPerSecond), formatOps(c.format2.opsPerSecond), (c.format2.ms / c.format1.ms).toFixed(2), counterUs(c).toFixed(1)]),
  ]);
  if (anatomy) printAnatomy(anatomy);
  if (counterIndex) printCounterIndex(counterIndex);
  console.log(`\nstamp storage (UTF-8 key + value of fieldTimestamps entries, ${bytes.objects.toLocaleString("en")} objects):`);
  for (const [what, b] of [["after insert", bytes], ["after 3 of 10 fields edited", edited]] as const) {
    console.log(`  ${what}: ${b.perStamp.toFixed(1)} bytes per stamp (16-byte stamp + key), ${b.entriesPerObject.toFixed(1)} stamps per object, ${b.perObject.toFixed(1)} bytes per object (${(b.perObject / 8).toFixed(1)}× the seed's 8-byte lastUpdated)`);
  }

  const file = writeResults("write-overhead", store.label, {
    storeKind: store.kind,
    ratiosComparableToTargets: comparable,
    runs: RUNS,
    cases: cases.map((c) => ({
      id: c.id,
      name: c.name,
      operations: c.operations,
      rawOpsPerSecond: c.raw.opsPerSecond,
      trackedOpsPerSecond: c.tracked.opsPerSecond,
      rawMs: c.raw.ms,
      trackedMs: c.tracked.ms,
      floorOpsPerSecond: c.floor.opsPerSecond,
      floorMs: c.floor.ms,
      ratio: c.tracked.ms / c.raw.ms,
      ratioOverFloor: c.tracked.ms / c.floor.ms,
      floorOverRaw: c.floor.ms / c.raw.ms,
      addedMicrosecondsPerOperation: addedUs(c),
      microsecondsOverFloorPerOperation: overFloorUs(c),
      target: c.target,
      targetOver: c.targetOver,
      withinTarget: targetRatio(c) <= c.target,
      rawCpuMs: c.raw.cpuMs,
      trackedCpuMs: c.tracked.cpuMs,
      floorCpuMs: c.floor.cpuMs,
      cpuRatioOverTargetBase: cpuRatio(c),
      wallRoundRatios: wallRounds(c),
      cpuRoundRatios: cpuRounds(c),
      withinTargetCpu: cpuRatio(c) <= c.target,
      lawFloor: c.laws ? { ms: c.laws.ms, cpuMs: c.laws.cpuMs, overFloor: c.laws.ms / c.floor.ms, overFloorCpu: c.laws.cpuMs / c.floor.cpuMs, trackedOverLawFloor: c.tracked.ms / c.laws.ms, trackedOverLawFloorCpu: c.tracked.cpuMs / c.laws.cpuMs } : null,
      ...(c.id === "c"
        ? {
            addedMicrosecondsPerTransactionPerRound: c.tracked.samples.map((t, i) => usPerOp(t - (c.raw.samples[i] as number), c)),
            addedCpuMicrosecondsPerTransactionPerRound: c.tracked.cpuSamples.map((t, i) => usPerOp(t - (c.raw.cpuSamples[i] as number), c)),
            rawMicrosecondsPerTransaction: usPerOp(c.raw.ms, c),
          }
        : {}),
      realmCallsPerOperation: callsOf(c) ?? null,
    })),
    counterShare: counterCases.map((c) => ({ id: c.id, format1OpsPerSecond: c.format1.opsPerSecond, format2OpsPerSecond: c.format2.opsPerSecond, ratio: c.format2.ms / c.format1.ms, counterMicrosecondsPerOperation: counterUs(c) })),
    stampBytes: { afterInsert: bytes, afterThreeFieldEdits: edited },
    smallTransactionAnatomy: anatomy ?? null,
    counterIndexQuery: counterIndex ?? null,
  });
  console.log(`results: ${file}`);
  store.shutdown();
}

/** The (c) anatomy table: each contender's µs per transaction and its ratio to raw, per round. */
function printAnatomy(a: SmallTransactionFigures): void {
  console.log(`\n(c) taken apart: ${a.transactions} one-field transactions per contender, ${a.rounds} alternated rounds; ratios to raw per round (median [lowest–highest]); each contender on its own file:`);
  printTable([
    ["contender", "file", "file KiB", "wall µs/tx", "CPU µs/tx (system)", "CPU ÷ raw", "wall ÷ raw", "begin+commit share of wall"],
    ...a.variants.map((x) => [
      x.label,
      x.file,
      x.fileBytes === undefined ? "?" : (x.fileBytes / 1024).toFixed(0),
      x.wallMicrosecondsPerTransaction.toFixed(0),
      `${x.cpuMicrosecondsPerTransaction.toFixed(0)} (${x.systemCpuMicrosecondsPerTransaction.toFixed(0)})`,
      `${x.cpuOverRaw.median.toFixed(2)} [${x.cpuOverRaw.min.toFixed(2)}–${x.cpuOverRaw.max.toFixed(2)}]`,
      `${x.wallOverRaw.median.toFixed(2)} [${x.wallOverRaw.min.toFixed(2)}–${x.wallOverRaw.max.toFixed(2)}]`,
      x.commitShareOfWall === undefined ? "" : x.commitShareOfWall.toFixed(3),
    ]),
  ]);
}

function printCounterIndex(c: CounterIndexFigures): void {
  console.log(
    `\nextraction query "counter >= since OR counter == 0", ${c.objects.toLocaleString("en")} objects, ${c.candidates.toLocaleString("en")} candidates (median of ${c.runs} alternated runs): ` +
      `indexed ${c.indexedQueryMs.toFixed(1)} ms, not indexed ${c.unindexedQueryMs.toFixed(1)} ms (${(c.unindexedQueryMs / c.indexedQueryMs).toFixed(2)}×); same results: ${c.sameResults ? "yes" : "NO"}; ` +
      `file ${kib(c.indexedFileBytes)} vs ${kib(c.unindexedFileBytes)} KiB; one transaction raising 10,000 counters: ${c.indexedBulkRaiseCpuMs.toFixed(1)} ms CPU indexed, ${c.unindexedBulkRaiseCpuMs.toFixed(1)} not ` +
      `(not ÷ indexed per round ${c.bulkRaiseUnindexedOverIndexed.median.toFixed(2)} [${c.bulkRaiseUnindexedOverIndexed.min.toFixed(2)}–${c.bulkRaiseUnindexedOverIndexed.max.toFixed(2)}])`,
  );
}

function kib(bytes: number | undefined): string {
  return bytes === undefined ? "?" : (bytes / 1024).toFixed(0);
}

function fmtCalls(n: number | undefined): string {
  return n === undefined ? "?" : n.toFixed(1);
}

/** Runs this script again in a process whose native Realm calls are counted, and reads its counts. */
function countCalls(): Record<string, Partial<Record<Kind, number>>> | undefined {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    env: { ...process.env, BENCH_COUNT_REALM_CALLS: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  const line = child.stdout.split("\n").find((l) => l.startsWith("CALLS "));
  if (line === undefined) {
    console.log(`(counting Realm calls failed: exit ${String(child.status)}; ${child.stderr.trim().split("\n").slice(-3).join(" ")})`);
    return undefined;
  }
  return JSON.parse(line.slice("CALLS ".length)) as Record<string, Partial<Record<Kind, number>>>;
}

await main();
