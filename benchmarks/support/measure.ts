// Shared timing helpers: every figure is measured in the same run as its baseline and
// reported as a ratio, so machine speed cancels out.
import { performance } from "node:perf_hooks";

export interface Measurement {
  /** Median wall time of one run, in milliseconds. */
  readonly ms: number;
  /** Operations per second at the median. */
  readonly opsPerSecond: number;
  /** Runs measured after warm-up. */
  readonly runs: number;
}

export interface MeasureOptions {
  /** Operations one run performs (for ops/s). */
  readonly operations: number;
  /** Untimed runs first, so the JIT settles. @default 1 */
  readonly warmup?: number;
  /** Timed runs; the median is reported. @default 5 */
  readonly runs?: number;
}

/** A `measureAlternately` result: the wall-time median plus each run, and the process's CPU time per run. */
export interface AlternatedMeasurement extends Measurement {
  /** Wall time of each timed run, in round order (round i of every contender ran back to back). */
  readonly samples: readonly number[];
  /** CPU time (user + system, all threads of this process) of each timed run, in round order, ms. */
  readonly cpuSamples: readonly number[];
  /** Median of `cpuSamples`. */
  readonly cpuMs: number;
}

/** `measure` options plus an untimed teardown, e.g. closing the realm a run wrote to. */
export interface MeasureWithTeardownOptions<S> extends MeasureOptions {
  /** Runs after each run, untimed. */
  readonly teardown?: (state: S) => void;
}

/** Collects garbage before a timed run (when `--expose-gc`), so no run pays for another's garbage. */
function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Times `run` (after `setup`, which is not timed) and returns the median.
 * `setup` builds fresh state for each run so runs do not see each other's data.
 */
export function measure<S>(setup: () => S, run: (state: S) => void, options: MeasureWithTeardownOptions<S>): Measurement {
  const warmup = options.warmup ?? 1;
  const runs = options.runs ?? 5;
  const times: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const state = setup();
    settle();
    const start = performance.now();
    run(state);
    const elapsed = performance.now() - start;
    options.teardown?.(state);
    if (i >= warmup) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)] ?? Number.NaN;
  return { ms, opsPerSecond: (options.operations / ms) * 1000, runs };
}

/** Heap growth while `run` executes, sampled; needs `--expose-gc` for a clean start. */
export function peakHeapDuring(run: (sample: () => void) => void): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = (): void => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  run(sample);
  sample();
  return peak - base;
}

export function formatOps(ops: number): string {
  return ops >= 1000 ? `${(ops / 1000).toFixed(1)}k` : ops.toFixed(0);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Prints rows as an aligned table. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length))) ?? [];
  for (const row of rows) console.log(row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join("  "));
}

/** One contender of `measurePair`. */
export interface Contender<S> {
  readonly setup: () => S;
  readonly run: (state: S) => void;
  readonly teardown?: (state: S) => void;
}

/**
 * Times two contenders alternately (A, B, A, B, …) and returns both medians, so a change in
 * machine load during the run hits both alike; use it whenever a figure is a ratio of the two.
 */
export function measurePair<A, B>(a: Contender<A>, b: Contender<B>, options: MeasureOptions): [Measurement, Measurement] {
  const [ma, mb] = measureAlternately([a, b] as Contender<unknown>[], options);
  return [ma as Measurement, mb as Measurement];
}

/** `measurePair` for any number of contenders: each round runs every contender once, in order. */
export function measureAlternately(contenders: readonly Contender<unknown>[], options: MeasureOptions): AlternatedMeasurement[] {
  const warmup = options.warmup ?? 1;
  const runs = options.runs ?? 5;
  const samples = new Samples(contenders.length);
  for (let i = 0; i < warmup + runs; i++) {
    contenders.forEach((contender, c) => {
      const state = contender.setup();
      settle();
      const timed = timeRun(contender, state);
      if (i >= warmup) samples.add(c, timed);
    });
  }
  return samples.summarize(options.operations, runs);
}

/** One timed run of a set-up contender, then its teardown: [wall ms, CPU ms]. */
function timeRun<S>(contender: Contender<S>, state: S): [number, number] {
  // CPU time as well: on a shared machine, time spent waiting for a core is not the contender's.
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  contender.run(state);
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  contender.teardown?.(state);
  return [elapsed, (cpu.user + cpu.system) / 1000];
}

/** The timed runs of each contender, wall and CPU ms, in round order. */
class Samples {
  private readonly times: number[][];
  private readonly cpuTimes: number[][];

  constructor(contenders: number) {
    this.times = Array.from({ length: contenders }, () => []);
    this.cpuTimes = Array.from({ length: contenders }, () => []);
  }

  add(contender: number, [elapsed, cpu]: [number, number]): void {
    (this.times[contender] as number[]).push(elapsed);
    (this.cpuTimes[contender] as number[]).push(cpu);
  }

  /** Each contender's samples as an `AlternatedMeasurement` (medians of wall and CPU time). */
  summarize(operations: number, runs: number): AlternatedMeasurement[] {
    return this.times.map((list, c) => {
      const ms = median(list);
      const cpuSamples = this.cpuTimes[c] as number[];
      return { ms, opsPerSecond: (operations / ms) * 1000, runs, samples: list, cpuSamples, cpuMs: median(cpuSamples) };
    });
  }
}

/** `measureAlternately` options for `measureAlternatelyDrained`. */
export interface AlternateOptions extends MeasureOptions {
  /** Rotate the order by one contender each round, so each runs after every other as often. @default true */
  readonly rotate?: boolean;
}

/** Lets the event loop turn twice: native finalizers queued by the last collection run (Node-API defers them to the loop). */
export function drainFinalizers(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve)).then(() => new Promise<void>((resolve) => setImmediate(resolve)));
}

/**
 * `measureAlternately`, with the native memory of every run freed before the next, untimed, and
 * the order rotated each round. A synchronous loop never lets Node-API run the finalizers of the
 * wrappers it collected (Realm's objects, dictionaries, results: several KB of native memory
 * each), so in `measureAlternately` a process that makes many of them grows by that memory
 * run after run and every later run pays for it; here the event loop turns, then the heap is
 * collected, before each timed run.
 */
export async function measureAlternatelyDrained(contenders: readonly Contender<unknown>[], options: AlternateOptions): Promise<AlternatedMeasurement[]> {
  const warmup = options.warmup ?? 1;
  const runs = options.runs ?? 5;
  const rotate = options.rotate ?? true;
  const samples = new Samples(contenders.length);
  for (let i = 0; i < warmup + runs; i++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = rotate ? (k + i) % contenders.length : k;
      const contender = contenders[c] as Contender<unknown>;
      const state = contender.setup();
      // Twice: the finalizers of what the first collection found run on the loop, then what they released is collected.
      await drainFinalizers();
      settle();
      await drainFinalizers();
      settle();
      const timed = timeRun(contender, state);
      if (i >= warmup) samples.add(c, timed);
    }
  }
  return samples.summarize(options.operations, runs);
}

/** `measurePair` through `measureAlternatelyDrained`. */
export async function measurePairDrained<A, B>(a: Contender<A>, b: Contender<B>, options: AlternateOptions): Promise<[AlternatedMeasurement, AlternatedMeasurement]> {
  const [ma, mb] = await measureAlternatelyDrained([a, b] as Contender<unknown>[], options);
  return [ma as AlternatedMeasurement, mb as AlternatedMeasurement];
}

/** The median of `values` (NaN when empty); `values` is not reordered. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Per-round ratios `a[i] ÷ b[i]` of two alternated contenders: their median, lowest and highest. */
export function roundRatios(a: readonly number[], b: readonly number[]): { median: number; min: number; max: number } {
  const ratios = a.map((x, i) => x / (b[i] as number));
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}
