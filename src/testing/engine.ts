// The in-memory store's core: rows per model, Realm's read rules and transaction guards. The
// façade every other module uses; writes, row lifecycle, change marks and the undo log live beside it.
import type { RealmObjectLike, UpdateModeName } from "../realm-like.js";
import type { NormalizedObjectSchema } from "../schema/normalize.js";
import { changeMarks } from "./change-marks.js";
import type { ChangeMarks } from "./change-marks.js";
import { MemoryCounter, createCollectionHandle } from "./collections.js";
import type { CollectionHandle } from "./collections.js";
import { MemoryRealmError, closedError, invalidatedError, notInTransactionError, readOnlyError, unknownModelError } from "./errors.js";
import { createModelState } from "./model-state.js";
import { Notifier } from "./notifications.js";
import { createObjectPrototype } from "./object-prototype.js";
import { Kind as KINDS } from "./property-kind.js";
import type { PropertyPlan, ValueSpec } from "./property-kind.js";
import { Container, Row } from "./row.js";
import type { ModelState } from "./row.js";
import { rowLifecycle } from "./row-lifecycle.js";
import type { RowLifecycle } from "./row-lifecycle.js";
import { rowWrites } from "./row-writes.js";
import type { RowWrites } from "./row-writes.js";
import { MemoryResults } from "./results.js";
import { compact, openTransaction, rollback } from "./undo-log.js";
import type { Transaction } from "./undo-log.js";
import { fromStoredMixedScalar, fromStoredPrimitive } from "./values.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** Where a managed object keeps its row. */
export const ROW: unique symbol = Symbol("realm-field-recovery.memory.row");

export type ModelConstructor = abstract new (...args: never[]) => unknown;

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
      const state = createModelState(model, byName);
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
    this.tx = openTransaction();
  }

  commit(): void {
    this.assertOpen();
    const tx = this.tx;
    if (!tx) throw new MemoryRealmError("NOT_IN_WRITE_TRANSACTION", "Can't commit a non-existing write transaction");
    this.tx = undefined;
    this.notifier.committed(tx, () => compact(tx));
  }

  cancel(): void {
    this.assertOpen();
    const tx = this.tx;
    if (!tx) throw new MemoryRealmError("NOT_IN_WRITE_TRANSACTION", "Can't cancel a non-existing write transaction");
    this.tx = undefined;
    rollback(tx);
    this.deathEpoch++;
    this.mutations++;
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

  // ---- results ----

  results(model: ModelState): MemoryResults {
    return new MemoryResults(this, model, () => this.liveRows(model), true);
  }

  /** Live top-level rows of a model, in order (the rows array itself when no row is dead). */
  liveRows(model: ModelState): readonly Row[] {
    if (model.deadCount === 0) return model.rows;
    return model.rows.filter((row) => row.alive);
  }
}

// Writes, row lifecycle and change marks are methods of their own modules, installed on the
// prototype: the engine stays one façade and hot calls stay plain method calls (no forwarding).
export interface Engine extends RowWrites, RowLifecycle, ChangeMarks {}

for (const methods of [rowWrites, rowLifecycle, changeMarks]) {
  for (const [name, method] of Object.entries(methods)) {
    // Non-enumerable, like class methods.
    Object.defineProperty(Engine.prototype, name, { value: method, writable: true, configurable: true });
  }
}
