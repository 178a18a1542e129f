// What List, Set and Dictionary share (guards, the once-per-transaction undo entry, change
// bookkeeping, lazy removal of links to deleted objects), and the Array-like reads List and Results share.
import type { ErrorLocation } from "../errors.js";
import type { Engine } from "./engine.js";
import { logContainer } from "./undo-log.js";
import type { Transaction } from "./undo-log.js";
import { Kind as KINDS } from "./property-kind.js";
import type { PropertyPlan } from "./property-kind.js";
import { MemoryRealmError } from "./errors.js";
import { Row, isAttached } from "./row.js";
import type { Container } from "./row.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

export const COLLECTION = Symbol("realm-field-recovery.memory.collection");

/** What the engine needs from every collection handle. */
export interface CollectionHandle {
  readonly [COLLECTION]: Container;
  /** Inserts one element (at the end, or under `key` for dictionaries). */
  insert(tx: Transaction, value: unknown, key?: string): void;
}

export function isCollectionHandle(value: unknown): value is CollectionHandle {
  return typeof value === "object" && value !== null && (value as { [COLLECTION]?: unknown })[COLLECTION] !== undefined;
}

export abstract class BaseCollection {
  /** @internal */
  readonly [COLLECTION]: Container;
  /** @internal the store creates these; apps get them from objects. */
  constructor(
    protected readonly engine: Engine,
    protected readonly container: Container,
    protected readonly plan: PropertyPlan,
  ) {
    this[COLLECTION] = container;
  }

  protected get location(): ErrorLocation {
    // The plan's location names the same owner model and property, allocated once.
    return this.plan.location;
  }

  protected assertReadable(): void {
    this.engine.assertAlive(this.container.owner);
    if (!isAttached(this.container)) throw this.detachedError();
  }

  /** Realm's wording for a collection inside a mixed value that was replaced. */
  private detachedError(): MemoryRealmError {
    const name = this.plan.kind === Kind.Dictionary ? "Dictionary" : this.plan.kind === Kind.Set ? "Set" : "List";
    return new MemoryRealmError(
      "OBJECT_INVALIDATED",
      `${name} is no longer valid. Either the parent object was deleted or the containing Realm has been invalidated or closed.`,
      this.location,
    );
  }

  /**
   * Opens a mutation: guards, records the change and, for edits element entries cannot undo
   * (`copy`), logs a copy of the container once per transaction. Appends, adds and key or index
   * sets pass `copy = false`: `insertElement` / `logListSet` log just the element.
   */
  protected beginWrite(copy = true): Transaction {
    const tx = this.engine.assertWritable();
    this.assertReadable();
    if (copy) logContainer(tx, this.container);
    this.engine.markModified(tx, this.container.owner, this.plan.name);
    return tx;
  }

  /**
   * Realm drops links to deleted objects from lists and sets, of links or of mixed (also lists
   * nested in a mixed value); done lazily here. Dictionaries keep the key with null.
   */
  protected purge(): void {
    const container = this.container;
    const kind = this.plan.value.kind;
    if ((kind !== Kind.Link && kind !== Kind.Mixed) || container.purged === this.engine.deathEpoch) return;
    container.purged = this.engine.deathEpoch;
    const dead = (value: unknown): boolean => value instanceof Row && !value.alive;
    const hasDead = container.items.some(dead) || [...container.map.values()].some(dead);
    if (!hasDead) return;
    if (this.engine.tx) logContainer(this.engine.tx, container);
    container.items = container.items.filter((value) => !dead(value));
    for (const [key, value] of container.map) if (dead(value)) container.map.delete(key);
  }

  protected read(stored: unknown): unknown {
    return this.engine.readValue(this.plan.value, stored);
  }

  protected kill(tx: Transaction, stored: unknown): void {
    if (this.plan.value.kind === Kind.Embedded && stored instanceof Row && stored.alive) this.engine.kill(tx, stored);
  }

  /** Whether the collection is usable: `false` once its object is deleted or the realm closed. */
  isValid(): boolean {
    return !this.engine.closed && this.container.owner.alive && isAttached(this.container);
  }

  get type(): string {
    return this.plan.value.type;
  }

  get optional(): boolean {
    return this.plan.value.optional;
  }
}

/**
 * Realm's `toJSON` of an element: an object is inlined; anything else stays as it is (a collection
 * nested in a mixed value stays a live collection, BSON values stay BSON instances).
 */
export function toJSONValue(engine: Engine, value: unknown): unknown {
  return engine.rowOf(value) ? (value as { toJSON(): unknown }).toJSON() : value;
}

/** The Array-like reads List and Results both answer from a fresh `toArray()` copy. */
export interface ArrayReads<T> {
  /** The indices, as `Array.prototype.keys`. */
  keys(): IterableIterator<number>;
  /** `[index, value]` pairs, as `Array.prototype.entries`. */
  entries(): IterableIterator<[number, T]>;
  /** Whether the collection holds `value`. */
  includes(value: unknown): boolean;
  /** As `Array.prototype.map`, over a snapshot of the elements. */
  map<U>(callback: (value: T, index: number, array: T[]) => U): U[];
  /** As `Array.prototype.forEach`, over a snapshot of the elements. */
  forEach(callback: (value: T, index: number, array: T[]) => void): void;
  /** As `Array.prototype.filter` (a plain array; `filtered` queries). */
  filter(callback: (value: T, index: number, array: T[]) => boolean): T[];
  /** As `Array.prototype.find`. */
  find(callback: (value: T, index: number, array: T[]) => boolean): T | undefined;
  /** As `Array.prototype.findIndex`. */
  findIndex(callback: (value: T, index: number, array: T[]) => boolean): number;
  /** As `Array.prototype.some`. */
  some(callback: (value: T, index: number, array: T[]) => boolean): boolean;
  /** As `Array.prototype.every`. */
  every(callback: (value: T, index: number, array: T[]) => boolean): boolean;
  /** As `Array.prototype.reduce`. */
  reduce<U>(callback: (acc: U, value: T, index: number, array: T[]) => U, initial: U): U;
  /** A plain array of the elements from `start` to `end`. */
  slice(start?: number, end?: number): T[];
}

/** What a class needs to get `ArrayReads`: its contents as a new array, and its own `indexOf`. */
interface ArraySource {
  toArray(): unknown[];
  indexOf(value: unknown): number;
}

type Callback<R> = (value: unknown, index: number, array: unknown[]) => R;

const ARRAY_READS = {
  keys(this: ArraySource): IterableIterator<number> {
    return this.toArray().keys();
  },
  entries(this: ArraySource): IterableIterator<[number, unknown]> {
    return this.toArray().entries();
  },
  includes(this: ArraySource, value: unknown): boolean {
    return this.indexOf(value) !== -1;
  },
  map(this: ArraySource, callback: Callback<unknown>): unknown[] {
    return this.toArray().map(callback);
  },
  forEach(this: ArraySource, callback: Callback<void>): void {
    this.toArray().forEach(callback);
  },
  filter(this: ArraySource, callback: Callback<boolean>): unknown[] {
    return this.toArray().filter(callback);
  },
  find(this: ArraySource, callback: Callback<boolean>): unknown {
    return this.toArray().find(callback);
  },
  findIndex(this: ArraySource, callback: Callback<boolean>): number {
    return this.toArray().findIndex(callback);
  },
  some(this: ArraySource, callback: Callback<boolean>): boolean {
    return this.toArray().some(callback);
  },
  every(this: ArraySource, callback: Callback<boolean>): boolean {
    return this.toArray().every(callback);
  },
  reduce(this: ArraySource, callback: (acc: unknown, value: unknown, index: number, array: unknown[]) => unknown, initial: unknown): unknown {
    return this.toArray().reduce(callback, initial);
  },
  slice(this: ArraySource, start?: number, end?: number): unknown[] {
    return this.toArray().slice(start, end);
  },
};

/**
 * Puts the `ArrayReads` methods on a class's prototype (non-enumerable, like class methods);
 * the class declares them with `interface X extends ArrayReads<T> {}`.
 */
export function installArrayReads(target: abstract new (...args: never[]) => ArraySource): void {
  for (const [name, method] of Object.entries(ARRAY_READS)) {
    Object.defineProperty(target.prototype, name, { value: method, writable: true, configurable: true });
  }
}
