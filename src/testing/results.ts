// Live Results of the in-memory store: a model's objects (or a filtered / sorted / linking
// view of them), re-read on every access, with Realm's Array-like reads and listeners.
import type { RealmObjectLike } from "../realm-like.js";
import { installArrayReads } from "./collection-base.js";
import { MemoryCounter } from "./counter.js";
import type { ArrayReads } from "./collection-base.js";
import type { Engine } from "./engine.js";
import { MemoryRealmError } from "./errors.js";
import type { CollectionChangeCallback } from "./notifications.js";
import { planIndexedQuery, readRanges } from "./index-plan.js";
import { compileQuery } from "./query.js";
import type { ModelState, Row } from "./row.js";

/** A sort key: a property name, or `[name, reverse]`. */
export type SortDescriptor = string | readonly [string, boolean];

/** A live, ordered collection of objects (`realm.objects(name)`), like Realm's `Results`. */
export class MemoryResults implements Iterable<RealmObjectLike> {
  readonly [index: number]: RealmObjectLike;
  private readonly proxy: MemoryResults;
  private cache: readonly Row[] | undefined;
  private cacheStamp = -1;

  /**
   * @internal the store creates these (`realm.objects(name)`).
   * @param isModelOrder true for `realm.objects(name)`: the whole model in insertion order.
   */
  constructor(
    private readonly engine: Engine,
    readonly model: ModelState,
    private readonly source: () => readonly Row[],
    readonly isModelOrder: boolean,
  ) {
    this.proxy = new Proxy(this, RESULTS_TRAPS);
    return this.proxy;
  }

  /** The rows currently in this collection (cached until the next mutation). */
  view(): readonly Row[] {
    this.engine.assertOpen();
    if (this.isModelOrder && this.model.deadCount === 0) return this.model.rows;
    const stamp = this.engine.mutations * 4096 + this.model.version;
    if (this.cache && this.cacheStamp === stamp) return this.cache;
    this.cache = this.source();
    this.cacheStamp = stamp;
    return this.cache;
  }

  get length(): number {
    if (this.isModelOrder) {
      this.engine.assertOpen();
      return this.model.liveCount;
    }
    return this.view().length;
  }

  set length(_: number) {
    throw new MemoryRealmError("INVALID_OPERATION", "Cannot assign to read only property 'length'");
  }

  get type(): string {
    return "object";
  }

  /** The object at `index`, or `undefined`. */
  get(index: number): RealmObjectLike | undefined {
    const row = this.view()[index];
    return row ? this.engine.handle(row) : undefined;
  }

  /** The object at `index` (negative counts from the end). */
  at(index: number): RealmObjectLike | undefined {
    const rows = this.view();
    return this.get(index < 0 ? rows.length + index : index);
  }

  /** Whether the results are usable: `false` once the realm closed. */
  isValid(): boolean {
    return !this.engine.closed;
  }

  /** Whether there is no object. */
  isEmpty(): boolean {
    return this.length === 0;
  }

  /** A plain array of the objects. */
  toArray(): RealmObjectLike[] {
    return this.view().map((row) => this.engine.handle(row));
  }

  /** The objects in order. */
  *[Symbol.iterator](): IterableIterator<RealmObjectLike> {
    // Iterate a snapshot, like Realm: deleting while iterating does not skip objects.
    for (const row of [...this.view()]) if (row.alive) yield this.engine.handle(row);
  }

  /** The objects in order. */
  values(): IterableIterator<RealmObjectLike> {
    return this[Symbol.iterator]();
  }

  /** A frozen copy of the current contents (Realm's `snapshot()`). */
  snapshot(): MemoryResults {
    const rows = [...this.view()];
    return new MemoryResults(this.engine, this.model, () => rows.filter((row) => row.alive), false);
  }

  /** A subset of Realm Query Language: comparisons, AND/OR/NOT, parentheses, `$0` arguments. */
  filtered(query: string, ...args: unknown[]): MemoryResults {
    const predicate = compileQuery(this.engine, this.model, query, args);
    // A disjunction of comparisons on indexed int properties or counters reads the index, not every row;
    // the predicate still decides each candidate, and the order stays the table's.
    const ranges = this.isModelOrder ? planIndexedQuery(this.model, query, args) : undefined;
    if (ranges) {
      const engine = this.engine;
      return new MemoryResults(
        engine,
        this.model,
        () => {
          const { rows, touched } = readRanges(ranges);
          engine.indexStats.queries++;
          engine.indexStats.entries += touched;
          return rows.filter((row) => predicate(row));
        },
        false,
      );
    }
    return new MemoryResults(this.engine, this.model, () => this.view().filter((row) => predicate(row)), false);
  }

  /** Sorts by one property path, or by several descriptors `[path, reverse]`. */
  sorted(descriptor: string | readonly SortDescriptor[], reverse = false): MemoryResults {
    const descriptors: (readonly [string, boolean])[] =
      typeof descriptor === "string" ? [[descriptor, reverse]] : descriptor.map((d) => (typeof d === "string" ? [d, false] as const : d));
    const engine = this.engine;
    const read = (row: Row, path: string): unknown => {
      let value: unknown = engine.handle(row);
      for (const part of path.split(".")) value = value === null || value === undefined ? value : (value as Record<string, unknown>)[part];
      // A counter sorts by its number, as on Realm.
      return value instanceof Date ? value.getTime() : value instanceof MemoryCounter ? value.value : value;
    };
    return new MemoryResults(
      this.engine,
      this.model,
      () =>
        [...this.view()].sort((a, b) => {
          for (const [path, desc] of descriptors) {
            const order = compareValues(read(a, path), read(b, path));
            if (order !== 0) return desc ? -order : order;
          }
          return 0;
        }),
      false,
    );
  }

  /** The index of `object`, or -1. */
  indexOf(object: unknown): number {
    const row = this.engine.rowOf(object);
    return row ? this.view().indexOf(row) : -1;
  }

  /** Plain copies of the objects. */
  toJSON(): unknown[] {
    return this.toArray().map((object) => (object as unknown as { toJSON(): unknown }).toJSON());
  }

  /** Calls `callback` with the results and their changes after commits, as Realm's `Results.addListener`. */
  addListener(callback: CollectionChangeCallback): void {
    this.engine.assertOpen();
    if (typeof callback !== "function") throw new MemoryRealmError("TYPE_MISMATCH", "Expected 'callback' to be a function");
    this.engine.notifier.addResultsListener(this.proxy, callback);
  }

  /** Removes a listener. */
  removeListener(callback: CollectionChangeCallback): void {
    this.engine.notifier.removeResultsListener(this.proxy, callback);
  }

  /** Removes every listener. */
  removeAllListeners(): void {
    this.engine.notifier.removeResultsListener(this.proxy);
  }
}

// Array-like reads (map, filter, slice, ...) shared with List.
export interface MemoryResults extends ArrayReads<RealmObjectLike> {}
installArrayReads(MemoryResults);

/** Realm's sort order: null first, then by value. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const RESULTS_TRAPS: ProxyHandler<MemoryResults> = {
  get(target, prop, receiver) {
    if (typeof prop === "string") {
      const code = prop.charCodeAt(0);
      if (code >= 48 && code <= 57) return target.get(Number(prop));
    }
    return Reflect.get(target, prop, receiver);
  },
  set(target, prop, value, receiver) {
    if (typeof prop === "string" && /^\d+$/.test(prop)) {
      throw new MemoryRealmError("INVALID_OPERATION", "Modifying a Results collection is not supported.");
    }
    return Reflect.set(target, prop, value, receiver);
  },
  has(target, prop) {
    if (typeof prop === "string" && /^\d+$/.test(prop)) return Number(prop) < target.length;
    return Reflect.has(target, prop);
  },
  ownKeys(target) {
    return Array.from({ length: target.length }, (_, i) => String(i));
  },
  getOwnPropertyDescriptor(target, prop) {
    if (typeof prop === "string" && /^\d+$/.test(prop) && Number(prop) < target.length) {
      return { value: target.get(Number(prop)), enumerable: true, configurable: true, writable: false };
    }
    return undefined;
  },
};
