// A managed dictionary of the in-memory store: string keys read and written as properties
// through a Proxy, `set` / `remove`, and Realm core's key rules.
import type { ErrorLocation } from "../errors.js";
import type { Engine } from "./engine.js";
import type { Transaction } from "./undo-log.js";
import { MemoryRealmError } from "./errors.js";
import type { PropertyPlan } from "./property-kind.js";
import type { Container } from "./row.js";
import { BaseCollection, toJSONValue } from "./collection-base.js";
import type { CollectionHandle } from "./collection-base.js";
import { setOwn } from "../utils/dictionary.js";

/** Realm core rejects these keys (they clash with MongoDB field paths). */
export function assertDictionaryKey(key: string, location: ErrorLocation): void {
  if (key.startsWith("$")) throw new MemoryRealmError("INVALID_DICTIONARY_KEY", "Dictionary::insert: key must not start with '$'", location);
  if (key.includes(".")) throw new MemoryRealmError("INVALID_DICTIONARY_KEY", "Dictionary::insert: key must not contain '.'", location);
}

const DICTIONARY_METHODS = new Set(["set", "remove", "toJSON", "isValid", "keys", "values", "entries", "addListener", "removeListener", "removeAllListeners", "type", "optional"]);

/** A managed dictionary: string keys read and written as properties through a Proxy. */
export class MemoryDictionary extends BaseCollection implements CollectionHandle {
  readonly proxy: MemoryDictionary;
  /** Public methods bound to this target, handed out by the proxy (stable identity per dictionary). */
  #bound: Map<string, unknown> | undefined;

  /** @internal the store creates these; apps get them from objects. */
  constructor(engine: Engine, container: Container, plan: PropertyPlan) {
    super(engine, container, plan);
    this.proxy = new Proxy(this, DICTIONARY_TRAPS);
  }

  /**
   * `method` bound to this target: called through the proxy, a method would otherwise run with
   * `this` = the proxy and pay a trap on each of its own member reads.
   */
  boundMethod(name: string, method: (...args: never[]) => unknown): unknown {
    this.#bound ??= new Map();
    let bound = this.#bound.get(name);
    if (bound === undefined) {
      bound = method.bind(this);
      this.#bound.set(name, bound);
    }
    return bound;
  }

  /** @internal the stored entries. */
  entriesMap(): Map<string, unknown> {
    this.assertReadable();
    return this.container.map;
  }

  /** @internal one entry, as read through the proxy. */
  getKey(key: string): unknown {
    const map = this.entriesMap();
    const stored = map.get(key);
    // Stored values are never undefined (null stands for null): one lookup decides.
    return stored === undefined ? undefined : this.read(stored);
  }

  insert(tx: Transaction, value: unknown, key?: string): void {
    this.engine.insertElement(tx, this.container, this.plan, value, key);
  }

  /** @internal one entry, as written through the proxy. */
  setKey(key: string, value: unknown): void {
    assertDictionaryKey(key, this.location);
    this.entriesMap();
    const tx = this.beginWrite(false);
    this.insert(tx, value, key);
    refuseUnwritableKey(key);
  }

  /** `dict.set({ a: 1 })` (or `dict.set("a", 1)`): adds or replaces entries, one key after the other. */
  set(elementsOrKey: Record<string, unknown> | string, value?: unknown): this {
    if (typeof elementsOrKey === "string") {
      this.setKey(elementsOrKey, value);
      return this.proxy as this;
    }
    // One guard and change record for the batch; each key is still checked just before its write.
    let tx: Transaction | undefined;
    for (const [key, element] of Object.entries(elementsOrKey)) {
      assertDictionaryKey(key, this.location);
      if (tx === undefined) {
        this.entriesMap();
        tx = this.beginWrite(false);
      }
      this.insert(tx, element, key);
      refuseUnwritableKey(key);
    }
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

  /** The keys. */
  keys(): IterableIterator<string> {
    return [...this.entriesMap().keys()][Symbol.iterator]();
  }

  /** The values. */
  values(): IterableIterator<unknown> {
    return [...this.entriesMap().values()].map((stored) => this.read(stored))[Symbol.iterator]();
  }

  /** `[key, value]` pairs. */
  entries(): IterableIterator<[string, unknown]> {
    return [...this.entriesMap()].map(([key, stored]): [string, unknown] => [key, this.read(stored)])[Symbol.iterator]();
  }

  /** `[key, value]` pairs, as Realm's `Dictionary` iterates. */
  *[Symbol.iterator](): IterableIterator<[string, unknown]> {
    yield* this.entries();
  }

  /** A plain record of the entries. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of this.entries()) setOwn(out, key, toJSONValue(this.engine, value));
    return out;
  }
}

/**
 * Realm 20's Dictionary proxy writes every string key, but its target has a non-writable,
 * non-configurable `listeners` property, so V8 then throws the proxy invariant's TypeError
 * (the entry is written; the failed write transaction rolls it back).
 */
function refuseUnwritableKey(key: string): void {
  if (key === "listeners") {
    throw new TypeError("'set' on proxy: trap returned truish for property 'listeners' which exists in the proxy target as a non-configurable and non-writable data property with a different value");
  }
}

const DICTIONARY_TRAPS: ProxyHandler<MemoryDictionary> = {
  get(target, prop, receiver) {
    if (typeof prop !== "string") return Reflect.get(target, prop, receiver);
    if (DICTIONARY_METHODS.has(prop)) {
      const member: unknown = Reflect.get(target, prop, receiver);
      return typeof member === "function" ? target.boundMethod(prop, member as (...args: never[]) => unknown) : member;
    }
    if (prop in target) return Reflect.get(target, prop, receiver);
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
  // No `has` trap, as Realm's: `key in dictionary` sees members only, never entries.
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
