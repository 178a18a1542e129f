// Managed collections of the in-memory store (List, Set, Dictionary) and the Counter
// presentation of an int, with Realm's method names and errors.
import type { ErrorLocation } from "../errors.js";
import type { Engine, Transaction } from "./engine.js";
import { MemoryRealmError, typeError } from "./errors.js";
import { Kind as KINDS } from "./property-kind.js";
import type { PropertyPlan } from "./property-kind.js";
import { Row } from "./row.js";
import type { Container } from "./row.js";
import { canonicalKey } from "./values.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

const COLLECTION = Symbol("realm-field-recovery.memory.collection");

/** A Realm-style Counter over an `int` property declared `"counter"`. */
export class MemoryCounter {
  constructor(
    private readonly engine: Engine,
    private readonly row: Row,
    private readonly plan: PropertyPlan,
  ) {}

  get value(): number {
    this.engine.assertAlive(this.row);
    return Number(this.row.values[this.plan.name]);
  }

  set value(_: number) {
    throw new MemoryRealmError("INVALID_OPERATION", "To update the value, use the methods on the Counter.");
  }

  increment(by = 1): void {
    this.engine.assertWritable();
    if (!Number.isInteger(by)) throw typeError("an integer", by, {}, "by");
    this.add(by);
  }

  decrement(by = 1): void {
    this.engine.assertWritable();
    if (!Number.isInteger(by)) throw typeError("an integer", by, {}, "by");
    this.add(-by);
  }

  set(value: number): void {
    this.engine.assertWritable();
    if (!Number.isInteger(value)) throw typeError("an integer", value, {}, "value");
    this.put(value);
  }

  private add(delta: number): void {
    this.engine.assertAlive(this.row);
    this.put(Number(this.row.values[this.plan.name]) + delta);
  }

  private put(value: number): void {
    // The engine's counter rule only lets `write` reset; counters go through `writeCounter`.
    writeCounter(this.engine, this.row, this.plan, value);
  }
}

function writeCounter(engine: Engine, row: Row, plan: PropertyPlan, value: number): void {
  // A primitive-kind write of the same property: same guards, undo and change bookkeeping.
  engine.write(row, { ...plan, kind: Kind.Primitive }, value, false);
}

/** What the engine needs from every collection handle. */
export interface CollectionHandle {
  readonly [COLLECTION]: Container;
  /** Inserts one element (at the end, or under `key` for dictionaries). */
  insert(tx: Transaction, value: unknown, key?: string): void;
}

export function isCollectionHandle(value: unknown): value is CollectionHandle {
  return typeof value === "object" && value !== null && (value as { [COLLECTION]?: unknown })[COLLECTION] !== undefined;
}

export function createCollectionHandle(engine: Engine, container: Container): CollectionHandle {
  const plan = container.owner.model.planByName.get(container.property.name) as PropertyPlan;
  switch (plan.kind) {
    case Kind.List:
      return new MemoryList(engine, container, plan).proxy;
    case Kind.Set:
      return new MemorySet(engine, container, plan);
    default:
      return new MemoryDictionary(engine, container, plan).proxy;
  }
}

abstract class BaseCollection {
  readonly [COLLECTION]: Container;
  constructor(
    protected readonly engine: Engine,
    protected readonly container: Container,
    protected readonly plan: PropertyPlan,
  ) {
    this[COLLECTION] = container;
  }

  protected get location(): ErrorLocation {
    return { model: this.container.owner.model.name, field: this.plan.name };
  }

  protected assertReadable(): void {
    this.engine.assertAlive(this.container.owner);
  }

  /** Opens a mutation: guards, logs the container once per transaction, records the change. */
  protected beginWrite(): Transaction {
    const tx = this.engine.assertWritable();
    this.engine.assertAlive(this.container.owner);
    this.engine.logContainer(tx, this.container);
    this.engine.markModified(tx, this.container.owner, this.plan.name);
    return tx;
  }

  /** Realm drops links to deleted objects from lists and sets; done lazily here. */
  protected purge(): void {
    const container = this.container;
    if (this.plan.value.kind !== Kind.Link || container.purged === this.engine.deathEpoch) return;
    container.purged = this.engine.deathEpoch;
    const dead = (value: unknown): boolean => value instanceof Row && !value.alive;
    const hasDead = container.items.some(dead) || [...container.map.values()].some(dead);
    if (!hasDead) return;
    if (this.engine.tx) this.engine.logContainer(this.engine.tx, container);
    container.items = container.items.filter((value) => !dead(value));
    for (const [key, value] of container.map) if (dead(value)) container.map.delete(key);
  }

  protected read(stored: unknown): unknown {
    return this.engine.readValue(this.plan.value, stored);
  }

  protected kill(tx: Transaction, stored: unknown): void {
    if (this.plan.value.kind === Kind.Embedded && stored instanceof Row && stored.alive) this.engine.kill(tx, stored);
  }

  isValid(): boolean {
    return !this.engine.closed && this.container.owner.alive;
  }

  get type(): string {
    return this.plan.value.type;
  }

  get optional(): boolean {
    return this.plan.value.optional;
  }
}

/** A managed list: index access, Array-like reads, Realm's mutators. */
export class MemoryList extends BaseCollection implements CollectionHandle {
  readonly proxy: MemoryList;

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
    const tx = this.beginWrite();
    const stored = this.engine.toStoredElement(tx, this.container, this.plan, value, this.location);
    const old = this.container.items[index];
    this.container.items[index] = stored;
    this.kill(tx, old);
  }

  insert(tx: Transaction, value: unknown): void {
    this.engine.insertElement(tx, this.container, this.plan, value);
  }

  push(...values: unknown[]): number {
    this.items();
    const tx = this.beginWrite();
    for (const value of values) this.insert(tx, value);
    return this.container.items.length;
  }

  pop(): unknown {
    const items = this.items();
    if (items.length === 0) return undefined;
    const tx = this.beginWrite();
    const stored = this.container.items.pop();
    const value = this.read(stored);
    this.kill(tx, stored);
    return value;
  }

  shift(): unknown {
    const items = this.items();
    if (items.length === 0) return undefined;
    const tx = this.beginWrite();
    const stored = this.container.items.shift();
    const value = this.read(stored);
    this.kill(tx, stored);
    return value;
  }

  unshift(...values: unknown[]): number {
    this.items();
    const tx = this.beginWrite();
    const stored = values.map((value) => this.engine.toStoredElement(tx, this.container, this.plan, value, this.location));
    this.container.items.unshift(...stored);
    return this.container.items.length;
  }

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

  remove(index: number): void {
    const items = this.items();
    if (index < 0 || index >= items.length) {
      throw new MemoryRealmError("INDEX_OUT_OF_RANGE", `Index ${index} out of bounds for list of length ${items.length}`, this.location);
    }
    const tx = this.beginWrite();
    const [stored] = this.container.items.splice(index, 1);
    this.kill(tx, stored);
  }

  move(from: number, to: number): void {
    const items = this.items();
    if (from < 0 || from >= items.length || to < 0 || to >= items.length) {
      throw new MemoryRealmError("INDEX_OUT_OF_RANGE", `Index out of bounds: move(${from}, ${to}) on a list of length ${items.length}`, this.location);
    }
    this.beginWrite();
    const [stored] = this.container.items.splice(from, 1);
    this.container.items.splice(to, 0, stored);
  }

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

  toArray(): unknown[] {
    return this.items().map((item) => this.read(item));
  }

  *[Symbol.iterator](): IterableIterator<unknown> {
    yield* this.toArray();
  }

  values(): IterableIterator<unknown> {
    return this.toArray()[Symbol.iterator]();
  }

  keys(): IterableIterator<number> {
    return this.toArray().keys();
  }

  entries(): IterableIterator<[number, unknown]> {
    return this.toArray().entries();
  }

  isEmpty(): boolean {
    return this.items().length === 0;
  }

  indexOf(value: unknown): number {
    return this.toArray().findIndex((item) => sameElement(item, value));
  }

  includes(value: unknown): boolean {
    return this.indexOf(value) !== -1;
  }

  map<U>(callback: (value: unknown, index: number, list: unknown[]) => U): U[] {
    return this.toArray().map(callback);
  }

  forEach(callback: (value: unknown, index: number, list: unknown[]) => void): void {
    this.toArray().forEach(callback);
  }

  filter(callback: (value: unknown, index: number, list: unknown[]) => boolean): unknown[] {
    return this.toArray().filter(callback);
  }

  find(callback: (value: unknown, index: number, list: unknown[]) => boolean): unknown {
    return this.toArray().find(callback);
  }

  findIndex(callback: (value: unknown, index: number, list: unknown[]) => boolean): number {
    return this.toArray().findIndex(callback);
  }

  some(callback: (value: unknown, index: number, list: unknown[]) => boolean): boolean {
    return this.toArray().some(callback);
  }

  every(callback: (value: unknown, index: number, list: unknown[]) => boolean): boolean {
    return this.toArray().every(callback);
  }

  reduce<U>(callback: (acc: U, value: unknown, index: number, list: unknown[]) => U, initial: U): U {
    return this.toArray().reduce(callback, initial);
  }

  slice(start?: number, end?: number): unknown[] {
    return this.toArray().slice(start, end);
  }

  join(separator?: string): string {
    return this.toArray().join(separator);
  }

  toJSON(): unknown[] {
    return this.toArray().map(toJSONValue);
  }
}

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

function toJSONValue(value: unknown): unknown {
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function" && !(value instanceof Date)) {
    const json = (value as { toJSON(): unknown }).toJSON();
    return json;
  }
  return value;
}

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

  add(value: unknown): this {
    this.entriesMap();
    const tx = this.beginWrite();
    this.insert(tx, value);
    return this;
  }

  delete(value: unknown): boolean {
    const key = this.keyOf(value);
    if (!this.entriesMap().has(key)) {
      this.engine.assertWritable();
      return false;
    }
    this.beginWrite();
    return this.container.map.delete(key);
  }

  has(value: unknown): boolean {
    const map = this.entriesMap();
    if (this.plan.value.kind === Kind.Link) {
      const row = this.engine.rowOf(value);
      return row !== undefined && map.has(canonicalKey(row));
    }
    return map.has(this.keyOf(value));
  }

  clear(): void {
    this.entriesMap();
    this.beginWrite();
    this.container.map = new Map();
  }

  toArray(): unknown[] {
    return [...this.entriesMap().values()].map((stored) => this.read(stored));
  }

  *[Symbol.iterator](): IterableIterator<unknown> {
    yield* this.toArray();
  }

  values(): IterableIterator<unknown> {
    return this.toArray()[Symbol.iterator]();
  }

  entries(): IterableIterator<[unknown, unknown]> {
    return this.toArray()
      .map((value): [unknown, unknown] => [value, value])
      [Symbol.iterator]();
  }

  forEach(callback: (value: unknown, index: number, list: unknown[]) => void): void {
    this.toArray().forEach(callback);
  }

  map<U>(callback: (value: unknown, index: number, list: unknown[]) => U): U[] {
    return this.toArray().map(callback);
  }

  isEmpty(): boolean {
    return this.entriesMap().size === 0;
  }

  toJSON(): unknown[] {
    return this.toArray().map(toJSONValue);
  }
}

/** Realm core rejects these keys (they clash with MongoDB field paths). */
export function assertDictionaryKey(key: string, location: ErrorLocation): void {
  if (key.startsWith("$")) throw new MemoryRealmError("INVALID_DICTIONARY_KEY", "Dictionary::insert: key must not start with '$'", location);
  if (key.includes(".")) throw new MemoryRealmError("INVALID_DICTIONARY_KEY", "Dictionary::insert: key must not contain '.'", location);
}

const DICTIONARY_METHODS = new Set(["set", "remove", "toJSON", "isValid", "keys", "values", "entries", "addListener", "removeListener", "removeAllListeners", "type", "optional"]);

/** A managed dictionary: string keys read and written as properties through a Proxy. */
export class MemoryDictionary extends BaseCollection implements CollectionHandle {
  readonly proxy: MemoryDictionary;

  constructor(engine: Engine, container: Container, plan: PropertyPlan) {
    super(engine, container, plan);
    this.proxy = new Proxy(this, DICTIONARY_TRAPS);
  }

  entriesMap(): Map<string, unknown> {
    this.assertReadable();
    return this.container.map;
  }

  getKey(key: string): unknown {
    const map = this.entriesMap();
    return map.has(key) ? this.read(map.get(key)) : undefined;
  }

  insert(tx: Transaction, value: unknown, key?: string): void {
    this.engine.insertElement(tx, this.container, this.plan, value, key);
  }

  setKey(key: string, value: unknown): void {
    assertDictionaryKey(key, this.location);
    this.entriesMap();
    const tx = this.beginWrite();
    this.insert(tx, value, key);
  }

  /** `dict.set({ a: 1 })` (or `dict.set("a", 1)`): adds or replaces entries. */
  set(elementsOrKey: Record<string, unknown> | string, value?: unknown): this {
    if (typeof elementsOrKey === "string") this.setKey(elementsOrKey, value);
    else for (const [key, element] of Object.entries(elementsOrKey)) this.setKey(key, element);
    return this.proxy as this;
  }

  /** Removes one key or several; missing keys are ignored. */
  remove(key: string | readonly string[]): this {
    const keys = typeof key === "string" ? [key] : key;
    this.entriesMap();
    const tx = this.beginWrite();
    for (const k of keys) {
      assertDictionaryKey(k, this.location);
      const old = this.container.map.get(k);
      this.container.map.delete(k);
      this.kill(tx, old);
    }
    return this.proxy as this;
  }

  keys(): IterableIterator<string> {
    return [...this.entriesMap().keys()][Symbol.iterator]();
  }

  values(): IterableIterator<unknown> {
    return [...this.entriesMap().values()].map((stored) => this.read(stored))[Symbol.iterator]();
  }

  entries(): IterableIterator<[string, unknown]> {
    return [...this.entriesMap()].map(([key, stored]): [string, unknown] => [key, this.read(stored)])[Symbol.iterator]();
  }

  *[Symbol.iterator](): IterableIterator<[string, unknown]> {
    yield* this.entries();
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.entries()) out[key] = toJSONValue(value);
    return out;
  }
}

const DICTIONARY_TRAPS: ProxyHandler<MemoryDictionary> = {
  get(target, prop, receiver) {
    if (typeof prop !== "string" || DICTIONARY_METHODS.has(prop) || prop in target) return Reflect.get(target, prop, receiver);
    return target.getKey(prop);
  },
  set(target, prop, value) {
    if (typeof prop === "symbol") throw new MemoryRealmError("INVALID_DICTIONARY_KEY", "Symbols cannot be used as keys of a dictionary");
    target.setKey(prop, value);
    return true;
  },
  deleteProperty(target, prop) {
    if (typeof prop !== "string") return false;
    target.remove(prop);
    return true;
  },
  has(target, prop) {
    if (typeof prop === "string" && target.entriesMap().has(prop)) return true;
    return Reflect.has(target, prop);
  },
  ownKeys(target) {
    return [...target.entriesMap().keys()];
  },
  getOwnPropertyDescriptor(target, prop) {
    if (typeof prop === "string" && target.entriesMap().has(prop)) {
      return { value: target.getKey(prop), enumerable: true, configurable: true, writable: true };
    }
    return undefined;
  },
};
