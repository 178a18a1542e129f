// The in-memory store's core: rows per model, write transactions with an undo log (rollback
// costs what the transaction touched, not the realm's size), and Realm's read/write rules.
import type { ErrorLocation } from "../errors.js";
import type { PrimaryKeyValue, RealmObjectLike, UpdateModeName } from "../realm-like.js";
import type { NormalizedObjectSchema } from "../schema/normalize.js";
import { encodePrimaryKey } from "../schema/primary-key.js";
import { MemoryCounter, MemoryDictionary, MemoryList, MemorySet, assertDictionaryKey, createCollectionHandle, isCollectionHandle } from "./collections.js";
import type { CollectionHandle } from "./collections.js";
import {
  MemoryRealmError,
  closedError,
  invalidatedError,
  notInTransactionError,
  readOnlyError,
  typeError,
  unknownModelError,
} from "./errors.js";
import { Notifier } from "./notifications.js";
import { createObjectPrototype } from "./object-prototype.js";
import { OrderedIndex } from "./ordered-index.js";
import { Kind as KINDS, mixedCollectionPlan, planProperty } from "./property-kind.js";
import type { PropertyPlan, ValueSpec } from "./property-kind.js";
import { Container, Row } from "./row.js";
import type { ModelState } from "./row.js";
import { MemoryResults } from "./results.js";
import { canonicalKey, fromStoredMixedScalar, fromStoredPrimitive, storedEquals, toStoredMixedScalar, toStoredPrimitive } from "./values.js";
import { dictionaryEntries, isPlainRecord } from "../utils/dictionary.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** Where a managed object keeps its row. */
export const ROW: unique symbol = Symbol("realm-field-recovery.memory.row");

// The undo log is flat, four slots per entry (tag, a, b, c): logging a write allocates nothing,
// and entries record single previous values (a field, a key, a list length), not whole copies.
/** `row.values[a] = b` undone: a row, a property name, the previous stored value. */
const UNDO_FIELD = 0;
/** `row.alive` changed: a row, the previous liveness. */
const UNDO_ALIVE = 1;
/** A container replaced or edited wholesale: the container, its previous items and map. */
const UNDO_CONTAINER = 2;
/** A model's rows changed: the model, a `ModelSnapshot`. */
const UNDO_MODEL = 3;
/** A primary key re-pointed or removed: the model, the key, the previous row. */
const UNDO_KEY = 4;
/** A row created in this transaction: the row. */
const UNDO_CREATED = 5;
/** A key appended to a dictionary or set map: the container, the key. */
const UNDO_MAP_ADD = 6;
/** An existing dictionary key overwritten (its position is kept): the container, the key, the previous value. */
const UNDO_MAP_SET = 7;
/** Elements appended to a list: the container, the previous length. */
const UNDO_LIST_LENGTH = 8;
/** A list element replaced: the container, the index, the previous value. */
const UNDO_LIST_SET = 9;

interface ModelSnapshot {
  readonly length: number;
  readonly live: number;
  readonly dead: number;
}

/** What one write transaction did, for rollback and for notifications. */
export interface Transaction {
  readonly id: number;
  /** The undo log: `UNDO_*` entries, four slots each. */
  readonly log: unknown[];
  /** Top-level rows created in this transaction. */
  readonly inserted: Set<Row>;
  /** Top-level rows that existed before this transaction and were deleted in it. */
  readonly deleted: Set<Row>;
  /** Top-level rows that existed before and were changed, with the top-level fields changed. */
  readonly modified: Map<Row, Set<string>>;
}

export type ModelConstructor = abstract new (...args: never[]) => unknown;

let nextTransactionId = 1;

export class Engine {
  readonly models = new Map<string, ModelState>();
  closed = false;
  tx: Transaction | undefined;
  /** Bumped whenever a row dies or a rollback revives rows: link collections purge lazily. */
  deathEpoch = 1;
  /** Bumped on every mutation: filtered/sorted Results cache their view on it. */
  mutations = 0;
  currentUpdateMode: UpdateModeName | undefined;
  readonly notifier: Notifier;
  /** Queries served by an ordered index, and the index entries they read (tests check the index is used). */
  readonly indexStats = { queries: 0, entries: 0 };

  constructor(
    readonly schema: readonly NormalizedObjectSchema[],
    public readOnly: boolean,
    constructors: ReadonlyMap<string, ModelConstructor>,
  ) {
    // Realm hands out copies of its schema; a frozen one keeps callers from corrupting ours.
    for (const model of schema) {
      for (const property of Object.values(model.properties)) Object.freeze(property);
      Object.freeze(model.properties);
      Object.freeze(model);
    }
    Object.freeze(schema);
    const byName = new Map(schema.map((model) => [model.name, model]));
    for (const model of schema) {
      const plans = Object.values(model.properties).map((property) => planProperty(model, property, byName));
      const state: ModelState = {
        name: model.name,
        schema: model,
        persisted: Object.values(model.properties).filter((p) => p.type !== "linkingObjects"),
        primaryKey: model.primaryKey === undefined ? undefined : model.properties[model.primaryKey],
        plans,
        planByName: new Map(plans.map((plan) => [plan.name, plan])),
        collections: plans.filter((plan) => plan.kind === Kind.List || plan.kind === Kind.Set || plan.kind === Kind.Dictionary),
        traps: keyTraps(plans.map((plan) => plan.name)),
        template: Object.fromEntries(plans.filter((plan) => plan.kind !== Kind.LinkingObjects).map((plan) => [plan.name, null])),
        rows: [],
        byKey: new Map(),
        indexes: orderedIndexes(model),
        liveCount: 0,
        deadCount: 0,
        version: 0,
        txId: 0,
        proto: {},
      };
      state.proto = createObjectPrototype(this, state, constructors.get(model.name));
      this.models.set(model.name, state);
    }
    this.notifier = new Notifier(this);
  }

  // ---- guards ----

  assertOpen(): void {
    if (this.closed) throw closedError();
  }

  /** Guards every mutation: open, writable, inside a write transaction. */
  assertWritable(): Transaction {
    if (this.closed) throw closedError();
    const tx = this.tx;
    if (!tx) throw notInTransactionError();
    return tx;
  }

  assertAlive(row: Row): void {
    if (this.closed || !row.alive) throw invalidatedError(row.model.name);
  }

  model(name: string): ModelState {
    const model = this.models.get(name);
    if (!model) throw unknownModelError(name);
    return model;
  }

  // ---- transactions ----

  begin(): void {
    this.assertOpen();
    if (this.readOnly) throw readOnlyError();
    if (this.tx) throw new MemoryRealmError("ALREADY_IN_WRITE_TRANSACTION", "The Realm is already in a write transaction");
    this.tx = { id: nextTransactionId++, log: [], inserted: new Set(), deleted: new Set(), modified: new Map() };
  }

  commit(): void {
    this.assertOpen();
    const tx = this.tx;
    if (!tx) throw new MemoryRealmError("NOT_IN_WRITE_TRANSACTION", "Can't commit a non-existing write transaction");
    this.tx = undefined;
    this.notifier.committed(tx, () => this.compact(tx));
  }

  cancel(): void {
    this.assertOpen();
    const tx = this.tx;
    if (!tx) throw new MemoryRealmError("NOT_IN_WRITE_TRANSACTION", "Can't cancel a non-existing write transaction");
    this.tx = undefined;
    this.rollback(tx);
  }

  private rollback(tx: Transaction): void {
    const log = tx.log;
    for (let i = log.length - 4; i >= 0; i -= 4) {
      const a = log[i + 1];
      const b = log[i + 2];
      const c = log[i + 3];
      switch (log[i] as number) {
        case UNDO_FIELD:
          if ((a as Row).model.indexes.size !== 0) reindex(a as Row, b as string, c);
          (a as Row).values[b as string] = c;
          break;
        case UNDO_ALIVE:
          (a as Row).alive = b as boolean;
          break;
        case UNDO_CONTAINER:
          (a as Container).items = b as unknown[];
          (a as Container).map = c as Map<string, unknown>;
          break;
        case UNDO_MODEL: {
          const model = a as ModelState;
          const snapshot = b as ModelSnapshot;
          model.rows.length = snapshot.length;
          model.liveCount = snapshot.live;
          model.deadCount = snapshot.dead;
          model.version++;
          break;
        }
        case UNDO_KEY:
          if (c) (a as ModelState).byKey.set(b as string, c as Row);
          else (a as ModelState).byKey.delete(b as string);
          break;
        case UNDO_CREATED: {
          const row = a as Row;
          row.alive = false;
          // The undo of `model.rows` drops the row; its index entries go with it.
          if (row.model.indexes.size !== 0) unindex(row);
          if (row.key !== undefined && row.model.byKey.get(row.key) === row) row.model.byKey.delete(row.key);
          break;
        }
        case UNDO_MAP_ADD:
          (a as Container).map.delete(b as string);
          break;
        case UNDO_MAP_SET:
          (a as Container).map.set(b as string, c);
          break;
        case UNDO_LIST_LENGTH:
          (a as Container).items.length = b as number;
          break;
        case UNDO_LIST_SET:
          (a as Container).items[b as number] = c;
          break;
      }
    }
    this.deathEpoch++;
    this.mutations++;
  }

  /** Drops dead rows from the models the transaction touched (after notifications read old positions). */
  private compact(tx: Transaction): void {
    const log = tx.log;
    for (let i = 0; i < log.length; i += 4) {
      if (log[i] !== UNDO_MODEL) continue;
      const model = log[i + 1] as ModelState;
      if (model.deadCount === 0) continue;
      // Deleted rows stay indexed until here (so a rolled-back delete needs no index work).
      if (model.indexes.size !== 0) for (const row of model.rows) if (!row.alive) unindex(row);
      model.rows = model.rows.filter((row) => row.alive);
      model.rows.forEach((row, index) => {
        row.pos = index;
      });
      model.deadCount = 0;
    }
  }

  /** Logs the previous value of `row.values[name]` before a write (rows created in `tx` need none). */
  private logField(tx: Transaction, row: Row, name: string): void {
    if (row.createdTx === tx.id) return;
    tx.log.push(UNDO_FIELD, row, name, row.values[name]);
  }

  private logAlive(tx: Transaction, row: Row): void {
    if (row.createdTx === tx.id) return;
    tx.log.push(UNDO_ALIVE, row, row.alive, undefined);
  }

  /**
   * Logs a whole copy of a container once per transaction, before an edit that element entries
   * cannot undo in order (removals, moves, splices). Later element entries are then unneeded.
   */
  logContainer(tx: Transaction, container: Container): void {
    if (container.txId === tx.id) return;
    container.txId = tx.id;
    if (container.owner.createdTx === tx.id) return; // rollback kills the owner anyway
    tx.log.push(UNDO_CONTAINER, container, container.items.slice(), new Map(container.map));
  }

  /** Logs a container's current items and map by reference, before they are replaced by new ones. */
  private logContainerReplaced(tx: Transaction, container: Container): void {
    if (container.txId === tx.id) return;
    container.txId = tx.id;
    if (container.owner.createdTx === tx.id) return;
    tx.log.push(UNDO_CONTAINER, container, container.items, container.map);
  }

  /** Whether element edits of `container` need their own undo entries in `tx`. */
  private logsElements(tx: Transaction, container: Container): boolean {
    return container.txId !== tx.id && container.owner.createdTx !== tx.id;
  }

  /** Logs the previous value at `index` of a list, before it is replaced. */
  logListSet(tx: Transaction, container: Container, index: number): void {
    if (this.logsElements(tx, container)) tx.log.push(UNDO_LIST_SET, container, index, container.items[index]);
  }

  private logModel(tx: Transaction, model: ModelState): void {
    if (model.txId === tx.id) return;
    model.txId = tx.id;
    const snapshot: ModelSnapshot = { length: model.rows.length, live: model.liveCount, dead: model.deadCount };
    tx.log.push(UNDO_MODEL, model, snapshot, undefined);
  }

  private setKey(tx: Transaction, model: ModelState, key: string, row: Row | undefined): void {
    const prev = model.byKey.get(key);
    // A new key needs no entry: undoing the creation (t: 4) removes it.
    if (prev !== undefined) tx.log.push(UNDO_KEY, model, key, prev);
    if (row) model.byKey.set(key, row);
    else model.byKey.delete(key);
  }

  /** Records that `field` of `row` changed (embedded rows report their top-level owner's field). */
  markModified(tx: Transaction, row: Row, field: string): void {
    this.mutations++;
    let root = row;
    let top = field;
    while (root.parent) {
      top = root.parentField ?? top;
      root = root.parent;
    }
    // A row created in this transaction is an insertion, not a modification.
    if (root.createdTx === tx.id) return;
    if (root.modifiedTx === tx.id) {
      (root.modifiedFields as Set<string>).add(top);
      return;
    }
    // The row keeps its entry of `tx.modified` at hand: no map lookup per write.
    let fields = tx.modified.get(root);
    if (!fields) {
      fields = new Set<string>();
      tx.modified.set(root, fields);
    }
    fields.add(top);
    root.modifiedTx = tx.id;
    root.modifiedFields = fields;
  }

  /**
   * Realm reports an object as modified when a link or list of it lost a deleted target; done at
   * commit, only when someone listens (one pass over the models that can link to deleted rows).
   */
  markLinkersModified(tx: Transaction): void {
    const targets = new Set<string>();
    for (const row of tx.deleted) targets.add(row.model.name);
    for (const model of this.models.values()) {
      if (model.schema.embedded) continue;
      const plans = model.plans.filter(
        (plan) => plan.kind !== Kind.LinkingObjects && (plan.value.kind === Kind.Mixed || (plan.value.kind === Kind.Link && targets.has(plan.value.type))),
      );
      if (plans.length === 0) continue;
      for (const row of model.rows) {
        if (!row.alive || tx.inserted.has(row)) continue;
        for (const plan of plans) {
          const value = row.values[plan.name];
          const hit = value instanceof Container ? [...value.items, ...value.map.values()].some(isDeletedIn(tx)) : isDeletedIn(tx)(value);
          if (!hit) continue;
          const fields = tx.modified.get(row);
          if (fields) fields.add(plan.name);
          else tx.modified.set(row, new Set([plan.name]));
        }
      }
    }
  }

  // ---- handles ----

  handle(row: Row): RealmObjectLike {
    let handle = row.handle;
    if (!handle) {
      const base = Object.create(row.model.proto) as object;
      Object.defineProperty(base, ROW, { value: row });
      // Like Realm's objects: a Proxy so Object.keys / entries / spread list the schema's properties.
      handle = new Proxy(base, row.model.traps);
      row.handle = handle;
    }
    return handle as RealmObjectLike;
  }

  /** The row behind a managed object of this realm, or undefined. */
  rowOf(value: unknown): Row | undefined {
    if (typeof value !== "object" || value === null) return undefined;
    const row = (value as { [ROW]?: Row })[ROW];
    return row instanceof Row && this.models.get(row.model.name) === row.model ? row : undefined;
  }

  collectionHandle(container: Container): CollectionHandle {
    let handle = container.handle as CollectionHandle | undefined;
    if (!handle) {
      handle = createCollectionHandle(this, container);
      container.handle = handle;
    }
    return handle;
  }

  // ---- reads ----

  read(row: Row, plan: PropertyPlan): unknown {
    this.assertAlive(row);
    const stored = row.values[plan.name];
    switch (plan.kind) {
      case Kind.Primitive:
        return fromStoredPrimitive(plan.value.type, stored);
      case Kind.Counter:
        return stored === null || stored === undefined ? null : new MemoryCounter(this, row, plan);
      default:
        return this.readValue(plan.value, stored, plan);
    }
  }

  /** Public form of a stored single value (property or collection element). */
  readValue(spec: ValueSpec, stored: unknown, plan?: PropertyPlan): unknown {
    if (plan && (plan.kind === Kind.List || plan.kind === Kind.Set || plan.kind === Kind.Dictionary)) {
      return this.collectionHandle(stored as Container);
    }
    if (plan && plan.kind === Kind.LinkingObjects) return undefined;
    switch (spec.kind) {
      case Kind.Primitive:
        return fromStoredPrimitive(spec.type, stored);
      case Kind.Mixed:
        if (stored instanceof Row) return stored.alive ? this.handle(stored) : null;
        if (stored instanceof Container) return this.collectionHandle(stored);
        return fromStoredMixedScalar(stored);
      default:
        return stored instanceof Row && stored.alive ? this.handle(stored) : null;
    }
  }

  /** Objects of `plan.value.type` whose `plan.property.property` links to `row`. */
  linkingRows(row: Row, plan: PropertyPlan): Row[] {
    const origin = this.model(plan.value.type);
    const field = plan.property.property ?? "";
    const out: Row[] = [];
    for (const candidate of origin.rows) {
      if (!candidate.alive) continue;
      const value = candidate.values[field];
      if (value === row) out.push(candidate);
      else if (value instanceof Container && value.items.includes(row)) out.push(candidate);
    }
    return out;
  }

  // ---- writes ----

  /** Sets one property, as `object[name] = value` does in Realm. */
  write(row: Row, plan: PropertyPlan, value: unknown, creating: boolean): void {
    const tx = this.assertWritable();
    this.assertAlive(row);
    const location = plan.location;
    if (plan.isPrimaryKey && !creating) {
      throw new MemoryRealmError("INVALID_OPERATION", "Cannot change value of primary key outside migration function", location);
    }
    switch (plan.kind) {
      case Kind.Primitive: {
        const stored = toStoredPrimitive(plan.value.type, plan.value.optional, value, location);
        this.logField(tx, row, plan.name);
        // Only an indexed property can have an ordered index: other writes pay one field read.
        if (plan.property.indexed === true) reindex(row, plan.name, stored);
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
        this.logField(tx, row, plan.name);
        if (plan.property.indexed === true) reindex(row, plan.name, stored);
        row.values[plan.name] = stored;
        break;
      }
      case Kind.Mixed:
      case Kind.Link: {
        const stored =
          plan.kind === Kind.Mixed && mixedCollectionKind(value) !== undefined
            ? this.newMixedCollection(tx, row, plan, value)
            : this.toStoredValue(plan.value, value, location);
        this.logField(tx, row, plan.name);
        row.values[plan.name] = stored;
        break;
      }
      case Kind.Embedded: {
        const old = row.values[plan.name];
        const source = value === undefined ? null : value;
        if (source !== null && (typeof source !== "object" || Array.isArray(source))) throw typeError("an object", source, location, plan.name);
        if (old instanceof Row && old === this.rowOf(source)) return;
        this.logField(tx, row, plan.name);
        // Read the new values before killing the old child: the source may be that child.
        const child = source === null ? null : this.createEmbedded(tx, this.model(plan.value.type), source as Record<string, unknown>, row, plan.name);
        if (old instanceof Row && old.alive) this.kill(tx, old);
        row.values[plan.name] = child;
        break;
      }
      case Kind.List:
      case Kind.Set:
      case Kind.Dictionary:
        this.replaceContents(tx, row.values[plan.name] as Container, plan, value, location);
        break;
      case Kind.LinkingObjects:
        throw new MemoryRealmError("INVALID_OPERATION", "Setting linking objects happens through Array", location);
    }
    this.markModified(tx, row, plan.name);
  }

  /** Stored form of a single value (property or element): primitives, mixed, links; not embedded. */
  toStoredValue(spec: ValueSpec, value: unknown, location: ErrorLocation): unknown {
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
        return this.resolveLink(spec.type, value, location);
      case Kind.Embedded:
        throw new MemoryRealmError("INVALID_OPERATION", "Embedded values are created by their owner", location);
    }
  }

  private resolveLink(type: string, value: unknown, location: ErrorLocation): Row | null {
    if (value === null || value === undefined) return null;
    const row = this.rowOf(value);
    if (row && row.model.name === type) {
      this.assertAlive(row);
      return row;
    }
    if (typeof value !== "object") throw typeError("an object", value, location, location.field);
    // Like Realm: anything else (a plain object, another realm's object) is created here.
    return this.create(this.model(type), value as Record<string, unknown>, this.currentUpdateMode ?? "never");
  }

  /** Stored form of one collection element; embedded elements become child rows of `owner`. */
  toStoredElement(tx: Transaction, container: Container, plan: PropertyPlan, value: unknown, location: ErrorLocation): unknown {
    if (plan.value.kind === Kind.Mixed && mixedCollectionKind(value) !== undefined) {
      if (plan.kind === Kind.Set) {
        const what = mixedCollectionKind(value) === Kind.List ? "Lists" : "Dictionaries";
        throw new MemoryRealmError("TYPE_MISMATCH", `${what} within a Set are not supported.`, location);
      }
      return this.newMixedCollection(tx, container.owner, container.plan, value);
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
  }

  /** Appends to a list, adds to a set, or sets `key` of a dictionary, with the element's undo entry. */
  insertElement(tx: Transaction, container: Container, plan: PropertyPlan, value: unknown, key?: string): void {
    if (plan.kind === Kind.Dictionary) {
      const k = key ?? "";
      assertDictionaryKey(k, plan.location);
      const stored = this.toStoredElement(tx, container, plan, value, plan.location);
      const map = container.map;
      const old = map.get(k);
      if (this.logsElements(tx, container)) {
        if (old !== undefined || map.has(k)) tx.log.push(UNDO_MAP_SET, container, k, old);
        else tx.log.push(UNDO_MAP_ADD, container, k, undefined);
      }
      map.set(k, stored);
      if (old !== stored && old instanceof Row && plan.value.kind === Kind.Embedded && old.alive) this.kill(tx, old);
      return;
    }
    const stored = this.toStoredElement(tx, container, plan, value, plan.location);
    if (plan.kind === Kind.List) {
      if (this.logsElements(tx, container)) tx.log.push(UNDO_LIST_LENGTH, container, container.items.length, undefined);
      container.items.push(stored);
      return;
    }
    const canonical = canonicalKey(stored);
    if (container.map.has(canonical)) return;
    if (this.logsElements(tx, container)) tx.log.push(UNDO_MAP_ADD, container, canonical, undefined);
    container.map.set(canonical, stored);
  }

  /** A new list or dictionary inside a mixed value (realm >= 12.9), filled from `value`. */
  private newMixedCollection(tx: Transaction, owner: Row, base: PropertyPlan, value: unknown): Container {
    const kind = mixedCollectionKind(value) as typeof Kind.List | typeof Kind.Dictionary;
    const plan = mixedCollectionPlan(base, kind);
    const container = new Container(owner, plan);
    container.txId = tx.id; // new: nothing to undo inside it, its holder's entry drops it
    if (kind === Kind.List) {
      for (const element of [...(value as Iterable<unknown>)]) this.insertElement(tx, container, plan, element);
    } else {
      for (const [key, element] of dictionaryEntries(value as object)) this.insertElement(tx, container, plan, element, key);
    }
    return container;
  }

  /** `object.list = [...]`: Realm clears the collection and inserts every element. */
  private replaceContents(tx: Transaction, container: Container, plan: PropertyPlan, value: unknown, location: ErrorLocation): void {
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
    this.logContainerReplaced(tx, container);
    const killed = plan.value.kind === Kind.Embedded ? [...container.items, ...container.map.values()] : [];
    container.items = [];
    container.map = new Map();
    if (record) for (const key of Object.keys(record)) this.insertElement(tx, container, plan, record[key], key);
    else if (entries) for (const [key, element] of entries) this.insertElement(tx, container, plan, element, key);
    else for (const element of elements ?? []) this.insertElement(tx, container, plan, element);
    for (const old of killed) if (old instanceof Row && old.alive) this.kill(tx, old);
  }

  // ---- create / delete ----

  /** `realm.create(type, values, mode)`. */
  create(model: ModelState, values: Record<string, unknown>, mode: UpdateModeName): Row {
    const tx = this.assertWritable();
    if (model.schema.embedded) {
      throw new MemoryRealmError("INVALID_OPERATION", `Cannot create an object of embedded type '${model.name}' directly: assign it to a property of its parent.`, {
        model: model.name,
      });
    }
    if (typeof values !== "object" || values === null) throw typeError("an object", values, { model: model.name }, "values");
    if (Array.isArray(values)) throw new MemoryRealmError("INVALID_OPERATION", "Array values on object creation is no longer supported", { model: model.name });
    const previousMode = this.currentUpdateMode;
    this.currentUpdateMode = mode;
    try {
      const pk = model.primaryKey;
      let key: string | undefined;
      let pkStored: unknown;
      if (pk) {
        let raw = values[pk.name];
        if (raw === undefined || raw === null) {
          const fallback = typeof pk.default === "function" ? (pk.default as () => unknown)() : pk.default;
          if (fallback !== undefined) raw = fallback;
        }
        pkStored = toStoredPrimitive(pk.type, pk.optional, raw, { model: model.name, field: pk.name });
        key = encodePrimaryKey(pkStored as PrimaryKeyValue);
        const existing = model.byKey.get(key);
        if (existing) {
          if (mode === "never") {
            throw new MemoryRealmError(
              "DUPLICATE_PRIMARY_KEY",
              `Attempting to create an object of type '${model.name}' with an existing primary key value '${String(raw)}'.`,
              { model: model.name, objectKey: key },
            );
          }
          this.update(existing, values, mode);
          return existing;
        }
      }
      this.assertRequired(model, values);
      const row = this.newRow(tx, model);
      if (pk) {
        row.values[pk.name] = pkStored;
        row.key = key;
        this.setKey(tx, model, key as string, row);
      }
      this.logModel(tx, model);
      row.pos = model.rows.length;
      model.rows.push(row);
      model.liveCount++;
      model.version++;
      tx.inserted.add(row);
      this.fill(row, values);
      return row;
    } finally {
      this.currentUpdateMode = previousMode;
    }
  }

  private update(row: Row, values: Record<string, unknown>, mode: UpdateModeName): void {
    for (const plan of row.model.plans) {
      if (plan.isPrimaryKey || plan.kind === Kind.LinkingObjects) continue;
      const value = values[plan.name];
      if (value === undefined) continue;
      if (mode === "modified" && this.sameValue(row, plan, value)) continue;
      this.write(row, plan, value, false);
    }
  }

  /** Whether writing `value` would leave a scalar or link property unchanged ("modified" mode). */
  private sameValue(row: Row, plan: PropertyPlan, value: unknown): boolean {
    const stored = row.values[plan.name];
    if (plan.kind === Kind.Link) {
      if (value === null || value === undefined) return stored === null || (stored instanceof Row && !stored.alive);
      return this.rowOf(value) === stored;
    }
    if (plan.kind !== Kind.Primitive && plan.kind !== Kind.Mixed && plan.kind !== Kind.Counter) return false;
    const raw = value instanceof MemoryCounter ? value.value : value;
    if (plan.kind === Kind.Mixed && this.rowOf(raw)) return this.rowOf(raw) === stored;
    try {
      const next = plan.kind === Kind.Mixed ? toStoredMixedScalar(raw, {}) : toStoredPrimitive(plan.value.type, plan.value.optional, raw, {});
      return storedEquals(next, stored);
    } catch {
      return false; // let the real write report the type error
    }
  }

  private assertRequired(model: ModelState, values: Record<string, unknown>): void {
    for (const plan of model.plans) {
      if (plan.isPrimaryKey || plan.kind === Kind.LinkingObjects || plan.kind === Kind.List || plan.kind === Kind.Set || plan.kind === Kind.Dictionary) continue;
      if (values[plan.name] !== undefined || plan.property.default !== undefined || plan.property.optional) continue;
      throw new MemoryRealmError("MISSING_PROPERTY_VALUE", `Missing value for property '${plan.name}'`, { model: model.name, field: plan.name });
    }
  }

  private newRow(tx: Transaction, model: ModelState): Row {
    // Cloning a per-model template keeps every row's values on one hidden class.
    const values: Record<string, unknown> = { ...model.template };
    const row = new Row(model, values);
    for (const plan of model.collections) values[plan.name] = new Container(row, plan);
    row.createdTx = tx.id;
    tx.log.push(UNDO_CREATED, row, undefined, undefined);
    return row;
  }

  /** Writes the given values (or defaults) of a freshly created row. */
  private fill(row: Row, values: Record<string, unknown>): void {
    for (const plan of row.model.plans) {
      if (plan.isPrimaryKey || plan.kind === Kind.LinkingObjects) continue;
      let value = values[plan.name];
      if (value === undefined) {
        const fallback = plan.property.default;
        if (fallback === undefined) continue;
        value = typeof fallback === "function" ? (fallback as () => unknown)() : fallback;
      }
      this.write(row, plan, value, true);
    }
  }

  createEmbedded(tx: Transaction, model: ModelState, values: Record<string, unknown>, parent: Row, field: string): Row {
    // Copy the values first: `values` may be a managed embedded object about to be replaced.
    const plain: Record<string, unknown> = {};
    for (const plan of model.plans) {
      if (plan.kind === Kind.LinkingObjects) continue;
      plain[plan.name] = values[plan.name];
    }
    this.assertRequired(model, plain);
    const row = this.newRow(tx, model);
    row.parent = parent;
    row.parentField = field;
    this.fill(row, plain);
    return row;
  }

  /** Marks a row dead, and its embedded objects with it. */
  kill(tx: Transaction, row: Row): void {
    this.logAlive(tx, row);
    row.alive = false;
    this.deathEpoch++;
    this.mutations++;
    for (const plan of row.model.plans) {
      if (plan.value.kind !== Kind.Embedded || plan.kind === Kind.LinkingObjects) continue;
      const value = row.values[plan.name];
      if (value instanceof Row) {
        if (value.alive) this.kill(tx, value);
      } else if (value instanceof Container) {
        for (const child of [...value.items, ...value.map.values()]) if (child instanceof Row && child.alive) this.kill(tx, child);
      }
    }
  }

  /** `realm.delete(object)` for one managed object. */
  deleteRow(row: Row): void {
    const tx = this.assertWritable();
    this.assertAlive(row);
    if (row.parent) {
      this.detachEmbedded(tx, row);
      return;
    }
    const model = row.model;
    this.logModel(tx, model);
    if (row.key !== undefined && model.byKey.get(row.key) === row) this.setKey(tx, model, row.key, undefined);
    this.kill(tx, row);
    model.liveCount--;
    model.deadCount++;
    model.version++;
    if (tx.inserted.has(row)) tx.inserted.delete(row);
    else {
      tx.deleted.add(row);
      tx.modified.delete(row);
    }
  }

  private detachEmbedded(tx: Transaction, row: Row): void {
    const parent = row.parent as Row;
    const field = row.parentField as string;
    const holder = parent.values[field];
    if (holder === row) {
      this.logField(tx, parent, field);
      parent.values[field] = null;
    } else if (holder instanceof Container) {
      this.logContainer(tx, holder);
      holder.items = holder.items.filter((item) => item !== row);
      for (const [key, value] of holder.map) if (value === row) holder.map.delete(key);
    }
    this.kill(tx, row);
    this.markModified(tx, parent, field);
  }

  /** Deletes every object of a model (`realm.deleteAll` / `delete(results)` helper). */
  deleteRows(rows: readonly Row[]): void {
    for (const row of rows) if (row.alive) this.deleteRow(row);
  }

  results(model: ModelState): MemoryResults {
    return new MemoryResults(this, model, () => this.liveRows(model), true);
  }

  /** Live top-level rows of a model, in order (the rows array itself when no row is dead). */
  liveRows(model: ModelState): readonly Row[] {
    if (model.deadCount === 0) return model.rows;
    return model.rows.filter((row) => row.alive);
  }
}

/**
 * Ordered indexes of a top-level model: its `indexed` int properties (counters included), not the
 * primary key (`byKey` serves it). Embedded rows are never queried by `realm.objects()`.
 */
function orderedIndexes(model: NormalizedObjectSchema): ReadonlyMap<string, OrderedIndex<Row>> {
  const indexes = new Map<string, OrderedIndex<Row>>();
  if (model.embedded) return indexes;
  for (const property of Object.values(model.properties)) {
    if (property.indexed === true && property.type === "int" && property.name !== model.primaryKey) indexes.set(property.name, new OrderedIndex<Row>());
  }
  return indexes;
}

/** Moves `row`'s entry in the index of `name` (if any) before `row.values[name]` becomes `next`. */
function reindex(row: Row, name: string, next: unknown): void {
  const index = row.model.indexes.get(name);
  if (!index) return;
  const previous = row.values[name];
  if (previous === next) return;
  // Only numbers are indexed: null (optional ints) is left out.
  if (typeof previous === "number") index.remove(previous, row);
  if (typeof next === "number") index.insert(next, row);
}

/** Removes every index entry of `row`. */
function unindex(row: Row): void {
  for (const [name, index] of row.model.indexes) {
    const value = row.values[name];
    if (typeof value === "number") index.remove(value, row);
  }
}

function isDeletedIn(tx: Transaction): (value: unknown) => boolean {
  return (value) => value instanceof Row && tx.deleted.has(value);
}

const PROPERTY_DESCRIPTOR: PropertyDescriptor = { configurable: true, enumerable: true, writable: true };

/** Proxy traps that make the schema's properties look like own enumerable keys (as Realm does). */
function keyTraps(names: readonly string[]): ProxyHandler<object> {
  const known = new Set(names);
  return {
    ownKeys: (target) => [...Reflect.ownKeys(target), ...names],
    getOwnPropertyDescriptor: (target, prop) =>
      typeof prop === "string" && known.has(prop) ? PROPERTY_DESCRIPTOR : Reflect.getOwnPropertyDescriptor(target, prop),
  };
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
