// Engine methods that write values: `object[name] = value` and collection elements, turning
// public values into stored ones (links resolved, embedded objects and mixed collections created).
import type { ErrorLocation } from "../errors.js";
import { dictionaryEntries, isPlainRecord } from "../utils/dictionary.js";
import { MemoryCounter, MemoryDictionary, MemoryList, MemorySet, assertDictionaryKey, isCollectionHandle } from "./collections.js";
import type { Engine } from "./engine.js";
import { MemoryRealmError, typeError } from "./errors.js";
import { Kind as KINDS, mixedCollectionPlan } from "./property-kind.js";
import type { PropertyPlan, ValueSpec } from "./property-kind.js";
import { Container, Row } from "./row.js";
import { keepsOrderedIndex, reindex } from "./row-indexes.js";
import { logContainerReplaced, logDictionarySet, logField, logListAppend, logSetAdd } from "./undo-log.js";
import type { Transaction } from "./undo-log.js";
import { canonicalKey, toStoredMixedScalar, toStoredPrimitive } from "./values.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** Installed on `Engine.prototype` (see engine.ts): calls stay plain method calls. */
export const rowWrites = {
  /** Sets one property, as `object[name] = value` does in Realm. */
  write(this: Engine, row: Row, plan: PropertyPlan, value: unknown, creating: boolean): void {
    const tx = this.assertWritable();
    this.assertAlive(row);
    const location = plan.location;
    if (plan.isPrimaryKey && !creating) {
      throw new MemoryRealmError("INVALID_OPERATION", "Cannot change value of primary key outside migration function", location);
    }
    switch (plan.kind) {
      case Kind.Primitive: {
        const stored = toStoredPrimitive(plan.value.type, plan.value.optional, value, location);
        logField(tx, row, plan.name);
        // Only an indexed int or a counter can have an ordered index: other writes pay one check.
        if (keepsOrderedIndex(plan.property)) reindex(row, plan.name, stored);
        row.values[plan.name] = stored;
        break;
      }
      case Kind.Counter: {
        const current = row.values[plan.name];
        const allowed = creating || (plan.value.optional && (value === null || value === undefined || current === null));
        if (!allowed) {
          throw new MemoryRealmError(
            "INVALID_OPERATION",
            "You can only reset a Counter instance when initializing a previously null Counter or resetting a nullable Counter to null. To update the value of the Counter, use its instance methods.",
            location,
          );
        }
        const raw = value instanceof MemoryCounter ? value.value : value;
        const stored = toStoredPrimitive("int", plan.value.optional, raw, location);
        logField(tx, row, plan.name);
        reindex(row, plan.name, stored);
        row.values[plan.name] = stored;
        break;
      }
      case Kind.Mixed:
      case Kind.Link: {
        const stored =
          plan.kind === Kind.Mixed && mixedCollectionKind(value) !== undefined
            ? newMixedCollection(this, tx, row, plan, value, null)
            : this.toStoredValue(plan.value, value, location);
        logField(tx, row, plan.name);
        row.values[plan.name] = stored;
        break;
      }
      case Kind.Embedded: {
        const old = row.values[plan.name];
        const source = value === undefined ? null : value;
        if (source !== null && (typeof source !== "object" || Array.isArray(source))) throw typeError("an object", source, location, plan.name);
        if (old instanceof Row && old === this.rowOf(source)) return;
        logField(tx, row, plan.name);
        // Read the new values before killing the old child: the source may be that child.
        const child = source === null ? null : this.createEmbedded(tx, this.model(plan.value.type), source as Record<string, unknown>, row, plan.name);
        if (old instanceof Row && old.alive) this.kill(tx, old);
        row.values[plan.name] = child;
        break;
      }
      case Kind.List:
      case Kind.Set:
      case Kind.Dictionary:
        replaceContents(this, tx, row.values[plan.name] as Container, plan, value, location);
        break;
      case Kind.LinkingObjects:
        throw new MemoryRealmError("INVALID_OPERATION", "Setting linking objects happens through Array", location);
    }
    this.markModified(tx, row, plan.name);
  },

  /** Stored form of a single value (property or element): primitives, mixed, links; not embedded. */
  toStoredValue(this: Engine, spec: ValueSpec, value: unknown, location: ErrorLocation): unknown {
    switch (spec.kind) {
      case Kind.Primitive:
        return toStoredPrimitive(spec.type, spec.optional, value, location);
      case Kind.Mixed: {
        if (value instanceof MemoryCounter) {
          throw new MemoryRealmError("TYPE_MISMATCH", "Using a Counter as a Mixed value is not supported.", location);
        }
        const row = this.rowOf(value);
        if (row) {
          if (row.model.schema.embedded) {
            throw new MemoryRealmError("TYPE_MISMATCH", `Using an embedded object (${row.model.name}) as a Mixed value is not supported.`, location);
          }
          this.assertAlive(row);
          return row;
        }
        if (isCollectionHandle(value)) throw new MemoryRealmError("TYPE_MISMATCH", "Using a Set as a Mixed value is not supported.", location);
        return toStoredMixedScalar(value, location);
      }
      case Kind.Link:
        return resolveLink(this, spec.type, value, location);
      case Kind.Embedded:
        throw new MemoryRealmError("INVALID_OPERATION", "Embedded values are created by their owner", location);
    }
  },

  /** Stored form of one collection element; embedded elements become child rows of `owner`. */
  toStoredElement(this: Engine, tx: Transaction, container: Container, plan: PropertyPlan, value: unknown, location: ErrorLocation): unknown {
    if (plan.value.kind === Kind.Mixed && mixedCollectionKind(value) !== undefined) {
      if (plan.kind === Kind.Set) {
        const what = mixedCollectionKind(value) === Kind.List ? "Lists" : "Dictionaries";
        throw new MemoryRealmError("TYPE_MISMATCH", `${what} within a Set are not supported.`, location);
      }
      return newMixedCollection(this, tx, container.owner, container.plan, value, container);
    }
    if (plan.value.kind !== Kind.Embedded) {
      if (plan.value.kind === Kind.Link && (value === null || value === undefined) && plan.kind !== Kind.Dictionary) {
        throw typeError("an object", value, location);
      }
      return this.toStoredValue(plan.value, value, location);
    }
    if (value === null || value === undefined) {
      if (plan.kind === Kind.Dictionary) return null;
      throw typeError("an object", value, location);
    }
    if (typeof value !== "object") throw typeError("an object", value, location);
    return this.createEmbedded(tx, this.model(plan.value.type), value as Record<string, unknown>, container.owner, plan.name);
  },

  /** Appends to a list, adds to a set, or sets `key` of a dictionary, with the element's undo entry. */
  insertElement(this: Engine, tx: Transaction, container: Container, plan: PropertyPlan, value: unknown, key?: string): void {
    if (plan.kind === Kind.Dictionary) {
      const k = key ?? "";
      assertDictionaryKey(k, plan.location);
      const stored = this.toStoredElement(tx, container, plan, value, plan.location);
      const map = container.map;
      const old = map.get(k);
      logDictionarySet(tx, container, k, old);
      map.set(k, stored);
      if (old !== stored && old instanceof Row && plan.value.kind === Kind.Embedded && old.alive) this.kill(tx, old);
      return;
    }
    const stored = this.toStoredElement(tx, container, plan, value, plan.location);
    if (plan.kind === Kind.List) {
      logListAppend(tx, container);
      container.items.push(stored);
      return;
    }
    const canonical = canonicalKey(stored);
    if (container.map.has(canonical)) return;
    logSetAdd(tx, container, canonical);
    container.map.set(canonical, stored);
  },
};

export type RowWrites = typeof rowWrites;

function resolveLink(engine: Engine, type: string, value: unknown, location: ErrorLocation): Row | null {
  if (value === null || value === undefined) return null;
  const row = engine.rowOf(value);
  if (row && row.model.name === type) {
    engine.assertAlive(row);
    return row;
  }
  if (typeof value !== "object") throw typeError("an object", value, location, location.field);
  // Like Realm: anything else (a plain object, another realm's object) is created here.
  return engine.create(engine.model(type), value as Record<string, unknown>, engine.currentUpdateMode ?? "never");
}

/** A new list or dictionary inside a mixed value (realm >= 12.9), filled from `value`. */
function newMixedCollection(engine: Engine, tx: Transaction, owner: Row, base: PropertyPlan, value: unknown, holder: Container | null): Container {
  const kind = mixedCollectionKind(value) as typeof Kind.List | typeof Kind.Dictionary;
  const plan = mixedCollectionPlan(base, kind);
  const container = new Container(owner, plan);
  container.holder = holder;
  container.txId = tx.id; // new: nothing to undo inside it, its holder's entry drops it
  if (kind === Kind.List) {
    for (const element of [...(value as Iterable<unknown>)]) engine.insertElement(tx, container, plan, element);
  } else {
    for (const [key, element] of dictionaryEntries(value as object)) engine.insertElement(tx, container, plan, element, key);
  }
  return container;
}

/** `object.list = [...]`: Realm clears the collection and inserts every element. */
function replaceContents(engine: Engine, tx: Transaction, container: Container, plan: PropertyPlan, value: unknown, location: ErrorLocation): void {
  let entries: [string, unknown][] | undefined;
  let record: Record<string, unknown> | undefined;
  let elements: unknown[] | undefined;
  if (value === null || value === undefined) elements = [];
  else if (plan.kind === Kind.Dictionary) {
    if (typeof value !== "object" || Array.isArray(value)) throw typeError("an object", value, location, plan.name);
    // A plain record is read key by key (no entry pairs); a managed dictionary is copied first (it may be this one).
    if (isPlainRecord(value)) record = value;
    else entries = dictionaryEntries(value);
  } else {
    if (typeof value !== "object" || !(Symbol.iterator in value) || typeof value === "string") {
      throw typeError("an array", value, location, plan.name);
    }
    elements = [...(value as Iterable<unknown>)];
  }
  logContainerReplaced(tx, container);
  const killed = plan.value.kind === Kind.Embedded ? [...container.items, ...container.map.values()] : [];
  container.items = [];
  container.map = new Map();
  if (record) for (const key of Object.keys(record)) engine.insertElement(tx, container, plan, record[key], key);
  else if (entries) for (const [key, element] of entries) engine.insertElement(tx, container, plan, element, key);
  else for (const element of elements ?? []) engine.insertElement(tx, container, plan, element);
  for (const old of killed) if (old instanceof Row && old.alive) engine.kill(tx, old);
}

/** Whether a value written to a mixed slot is a list (array / List) or a dictionary (plain object / Dictionary). */
function mixedCollectionKind(value: unknown): typeof Kind.List | typeof Kind.Dictionary | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value) || value instanceof MemoryList) return Kind.List;
  if (value instanceof MemoryDictionary) return Kind.Dictionary;
  if (value instanceof MemorySet) return undefined;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null ? Kind.Dictionary : undefined;
}
