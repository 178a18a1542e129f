// A managed set of the in-memory store: insertion-ordered, unique by value (objects by identity).
import type { Transaction } from "./undo-log.js";
import { typeError } from "./errors.js";
import { Kind as KINDS } from "./property-kind.js";
import { canonicalKey } from "./values.js";
import { BaseCollection, toJSONValue } from "./collection-base.js";
import type { CollectionHandle } from "./collection-base.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** A managed set: insertion-ordered, unique by value (objects by identity). */
export class MemorySet extends BaseCollection implements CollectionHandle {
  private entriesMap(): Map<string, unknown> {
    this.assertReadable();
    this.purge();
    return this.container.map;
  }

  private keyOf(value: unknown): string {
    if (this.plan.value.kind === Kind.Link) {
      const row = this.engine.rowOf(value);
      if (!row) throw typeError("an object", value, this.location);
      return canonicalKey(row);
    }
    return canonicalKey(this.engine.toStoredValue(this.plan.value, value, this.location));
  }

  get size(): number {
    return this.entriesMap().size;
  }

  get length(): number {
    return this.entriesMap().size;
  }

  insert(tx: Transaction, value: unknown): void {
    this.engine.insertElement(tx, this.container, this.plan, value);
  }

  /** Adds `value` (in a write transaction). */
  add(value: unknown): this {
    this.entriesMap();
    const tx = this.beginWrite(false);
    this.insert(tx, value);
    return this;
  }

  /** Removes `value` (in a write transaction); whether it was there. */
  delete(value: unknown): boolean {
    const key = this.keyOf(value);
    if (!this.entriesMap().has(key)) {
      this.engine.assertWritable();
      return false;
    }
    this.beginWrite();
    return this.container.map.delete(key);
  }

  /** Whether the set holds `value`. */
  has(value: unknown): boolean {
    const map = this.entriesMap();
    if (this.plan.value.kind === Kind.Link) {
      const row = this.engine.rowOf(value);
      return row !== undefined && map.has(canonicalKey(row));
    }
    return map.has(this.keyOf(value));
  }

  /** Removes every element (in a write transaction). */
  clear(): void {
    this.entriesMap();
    this.beginWrite();
    this.container.map = new Map();
  }

  /** A plain array of the elements. */
  toArray(): unknown[] {
    return [...this.entriesMap().values()].map((stored) => this.read(stored));
  }

  /** The elements. */
  *[Symbol.iterator](): IterableIterator<unknown> {
    yield* this.toArray();
  }

  /** The elements. */
  values(): IterableIterator<unknown> {
    return this.toArray()[Symbol.iterator]();
  }

  /** `[value, value]` pairs, as `Set.prototype.entries`. */
  entries(): IterableIterator<[unknown, unknown]> {
    return this.toArray()
      .map((value): [unknown, unknown] => [value, value])
      [Symbol.iterator]();
  }

  /** As `Array.prototype.forEach`, over a snapshot. */
  forEach(callback: (value: unknown, index: number, list: unknown[]) => void): void {
    this.toArray().forEach(callback);
  }

  /** As `Array.prototype.map`, over a snapshot. */
  map<U>(callback: (value: unknown, index: number, list: unknown[]) => U): U[] {
    return this.toArray().map(callback);
  }

  /** Whether the set has no element. */
  isEmpty(): boolean {
    return this.entriesMap().size === 0;
  }

  /** A plain array of the elements. */
  toJSON(): unknown[] {
    return this.toArray().map((value) => toJSONValue(this.engine, value));
  }
}
