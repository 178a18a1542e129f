// A managed list of the in-memory store: index access through a Proxy, Array-like reads,
// Realm's mutators (push, pop, shift, unshift, splice, remove, move, swap).
import type { Engine } from "./engine.js";
import { logListSet } from "./undo-log.js";
import type { Transaction } from "./undo-log.js";
import { MemoryRealmError } from "./errors.js";
import type { PropertyPlan } from "./property-kind.js";
import type { Container } from "./row.js";
import { BaseCollection, installArrayReads, toJSONValue } from "./collection-base.js";
import type { ArrayReads, CollectionHandle } from "./collection-base.js";

/** A managed list: index access, Array-like reads, Realm's mutators. */
export class MemoryList extends BaseCollection implements CollectionHandle {
  readonly proxy: MemoryList;

  /** @internal the store creates these; apps get them from objects. */
  constructor(engine: Engine, container: Container, plan: PropertyPlan) {
    super(engine, container, plan);
    this.proxy = new Proxy(this, LIST_TRAPS);
  }

  private items(): unknown[] {
    this.assertReadable();
    this.purge();
    return this.container.items;
  }

  get length(): number {
    return this.items().length;
  }

  set length(_: number) {
    throw new MemoryRealmError("INVALID_OPERATION", "Cannot assign to read only property 'length'");
  }

  /** The element at `index` (negative counts from the end), as `Array.prototype.at`. */
  at(index: number): unknown {
    const items = this.items();
    const i = index < 0 ? items.length + index : index;
    return i >= 0 && i < items.length ? this.read(items[i]) : undefined;
  }

  /** Index read: `list[i]`. */
  get(index: number): unknown {
    const items = this.items();
    return index >= 0 && index < items.length ? this.read(items[index]) : undefined;
  }

  /** Index write: `list[i] = value` (like Realm, only on an existing index). */
  set(index: number, value: unknown): void {
    if (index < 0) throw new MemoryRealmError("INDEX_OUT_OF_RANGE", `Cannot set item at negative index ${index}.`, this.location);
    const items = this.items();
    if (index >= items.length) {
      throw new MemoryRealmError(
        "INDEX_OUT_OF_RANGE",
        `Requested index ${index} calling set() on list '${this.container.owner.model.name}.${this.plan.name}' when max is ${items.length - 1}`,
        this.location,
      );
    }
    const tx = this.beginWrite(false);
    const stored = this.engine.toStoredElement(tx, this.container, this.plan, value, this.location);
    const old = this.container.items[index];
    logListSet(tx, this.container, index);
    this.container.items[index] = stored;
    this.kill(tx, old);
  }

  insert(tx: Transaction, value: unknown): void {
    this.engine.insertElement(tx, this.container, this.plan, value);
  }

  /** Appends values (in a write transaction); the new length. */
  push(...values: unknown[]): number {
    this.items();
    const tx = this.beginWrite(false);
    for (const value of values) this.insert(tx, value);
    return this.container.items.length;
  }

  /** Removes and returns the last element (in a write transaction). */
  pop(): unknown {
    const items = this.items();
    if (items.length === 0) return undefined;
    const tx = this.beginWrite();
    const stored = this.container.items.pop();
    const value = this.read(stored);
    this.kill(tx, stored);
    return value;
  }

  /** Removes and returns the first element (in a write transaction). */
  shift(): unknown {
    const items = this.items();
    if (items.length === 0) return undefined;
    const tx = this.beginWrite();
    const stored = this.container.items.shift();
    const value = this.read(stored);
    this.kill(tx, stored);
    return value;
  }

  /** Prepends values (in a write transaction); the new length. */
  unshift(...values: unknown[]): number {
    this.items();
    const tx = this.beginWrite();
    const stored = values.map((value) => this.engine.toStoredElement(tx, this.container, this.plan, value, this.location));
    this.container.items.unshift(...stored);
    return this.container.items.length;
  }

  /** As `Array.prototype.splice` (in a write transaction); the removed elements. */
  splice(start: number, deleteCount?: number, ...values: unknown[]): unknown[] {
    const length = this.items().length;
    let begin = start < 0 ? Math.max(length + start, 0) : Math.min(start, length);
    if (Number.isNaN(begin)) begin = 0;
    const count = deleteCount === undefined ? length - begin : Math.max(0, Math.min(deleteCount, length - begin));
    const tx = this.beginWrite();
    const stored = values.map((value) => this.engine.toStoredElement(tx, this.container, this.plan, value, this.location));
    const removed = this.container.items.splice(begin, count, ...stored);
    const out = removed.map((item) => this.read(item));
    for (const item of removed) this.kill(tx, item);
    return out;
  }

  /** Removes the element at `index` (in a write transaction). */
  remove(index: number): void {
    const items = this.items();
    if (index < 0 || index >= items.length) {
      throw new MemoryRealmError("INDEX_OUT_OF_RANGE", `Index ${index} out of bounds for list of length ${items.length}`, this.location);
    }
    const tx = this.beginWrite();
    const [stored] = this.container.items.splice(index, 1);
    this.kill(tx, stored);
  }

  /** Moves the element at `from` to `to` (in a write transaction). */
  move(from: number, to: number): void {
    const items = this.items();
    if (from < 0 || from >= items.length || to < 0 || to >= items.length) {
      throw new MemoryRealmError("INDEX_OUT_OF_RANGE", `Index out of bounds: move(${from}, ${to}) on a list of length ${items.length}`, this.location);
    }
    this.beginWrite();
    const [stored] = this.container.items.splice(from, 1);
    this.container.items.splice(to, 0, stored);
  }

  /** Swaps two elements (in a write transaction). */
  swap(index1: number, index2: number): void {
    const items = this.items();
    if (index1 < 0 || index1 >= items.length || index2 < 0 || index2 >= items.length) {
      throw new MemoryRealmError("INDEX_OUT_OF_RANGE", `Index out of bounds: swap(${index1}, ${index2}) on a list of length ${items.length}`, this.location);
    }
    this.beginWrite();
    const list = this.container.items;
    const first = list[index1];
    list[index1] = list[index2];
    list[index2] = first;
  }

  /** A plain array of the elements. */
  toArray(): unknown[] {
    return this.items().map((item) => this.read(item));
  }

  /** The elements in order. */
  *[Symbol.iterator](): IterableIterator<unknown> {
    yield* this.toArray();
  }

  /** The elements in order. */
  values(): IterableIterator<unknown> {
    return this.toArray()[Symbol.iterator]();
  }

  /** Whether the list has no element. */
  isEmpty(): boolean {
    return this.items().length === 0;
  }

  /** The first index of `value`, or -1. */
  indexOf(value: unknown): number {
    return this.toArray().findIndex((item) => sameElement(item, value));
  }

  /** As `Array.prototype.join`. */
  join(separator?: string): string {
    return this.toArray().join(separator);
  }

  /** A plain array of the elements. */
  toJSON(): unknown[] {
    return this.toArray().map((value) => toJSONValue(this.engine, value));
  }
}

// Array-like reads (map, filter, slice, ...) shared with Results.
export interface MemoryList extends ArrayReads<unknown> {}
installArrayReads(MemoryList);

const LIST_TRAPS: ProxyHandler<MemoryList> = {
  get(target, prop, receiver) {
    if (typeof prop === "string" && isIndex(prop)) return target.get(Number(prop));
    return Reflect.get(target, prop, receiver);
  },
  set(target, prop, value, receiver) {
    if (typeof prop === "string" && isIndex(prop)) {
      target.set(Number(prop), value);
      return true;
    }
    if (typeof prop === "string" && prop.startsWith("-") && isIndex(prop.slice(1))) {
      target.set(Number(prop), value);
      return true;
    }
    return Reflect.set(target, prop, value, receiver);
  },
  has(target, prop) {
    if (typeof prop === "string" && isIndex(prop)) return Number(prop) < target.length;
    return Reflect.has(target, prop);
  },
  ownKeys(target) {
    return [...Array.from({ length: target.length }, (_, i) => String(i))];
  },
  getOwnPropertyDescriptor(target, prop) {
    if (typeof prop === "string" && isIndex(prop) && Number(prop) < target.length) {
      return { value: target.get(Number(prop)), enumerable: true, configurable: true, writable: true };
    }
    return undefined;
  },
};

function isIndex(prop: string): boolean {
  const code = prop.charCodeAt(0);
  return code >= 48 && code <= 57 && /^\d+$/.test(prop);
}

function sameElement(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a === "object" && a !== null && typeof (a as { equals?: unknown }).equals === "function") {
    try {
      return (a as { equals(other: unknown): boolean }).equals(b);
    } catch {
      return false;
    }
  }
  return false;
}
