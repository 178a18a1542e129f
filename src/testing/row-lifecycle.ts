// Engine methods that create and delete rows: `realm.create` (with update modes), embedded
// children, and `realm.delete` (killing embedded objects with their owner).
import type { PrimaryKeyValue, UpdateModeName } from "../realm-like.js";
import { encodePrimaryKey } from "../schema/primary-key.js";
import type { Engine } from "./engine.js";
import { MemoryRealmError, typeError } from "./errors.js";
import { Kind as KINDS } from "./property-kind.js";
import type { PropertyPlan } from "./property-kind.js";
import { Container, Row } from "./row.js";
import type { ModelState } from "./row.js";
import { logAlive, logContainer, logCreated, logField, logModel, setKey } from "./undo-log.js";
import type { Transaction } from "./undo-log.js";
import { storedEquals, toStoredMixedScalar, toStoredPrimitive } from "./values.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** Installed on `Engine.prototype` (see engine.ts): calls stay plain method calls. */
export const rowLifecycle = {
  /** `realm.create(type, values, mode)`. */
  create(this: Engine, model: ModelState, values: Record<string, unknown>, mode: UpdateModeName): Row {
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
          update(this, existing, values, mode);
          return existing;
        }
      }
      assertRequired(model, values);
      const row = newRow(tx, model);
      if (pk) {
        row.values[pk.name] = pkStored;
        row.key = key;
        setKey(tx, model, key as string, row);
      }
      logModel(tx, model);
      row.pos = model.rows.length;
      model.rows.push(row);
      model.liveCount++;
      model.version++;
      tx.inserted.add(row);
      fill(this, row, values);
      return row;
    } finally {
      this.currentUpdateMode = previousMode;
    }
  },

  createEmbedded(this: Engine, tx: Transaction, model: ModelState, values: Record<string, unknown>, parent: Row, field: string): Row {
    // Copy the values first: `values` may be a managed embedded object about to be replaced.
    const plain: Record<string, unknown> = {};
    for (const plan of model.plans) {
      if (plan.kind === Kind.LinkingObjects) continue;
      plain[plan.name] = values[plan.name];
    }
    assertRequired(model, plain);
    const row = newRow(tx, model);
    row.parent = parent;
    row.parentField = field;
    fill(this, row, plain);
    return row;
  },

  /** Marks a row dead, and its embedded objects with it. */
  kill(this: Engine, tx: Transaction, row: Row): void {
    logAlive(tx, row);
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
  },

  /** `realm.delete(object)` for one managed object. */
  deleteRow(this: Engine, row: Row): void {
    const tx = this.assertWritable();
    this.assertAlive(row);
    if (row.parent) {
      detachEmbedded(this, tx, row);
      return;
    }
    const model = row.model;
    logModel(tx, model);
    if (row.key !== undefined && model.byKey.get(row.key) === row) setKey(tx, model, row.key, undefined);
    this.kill(tx, row);
    model.liveCount--;
    model.deadCount++;
    model.version++;
    if (tx.inserted.has(row)) tx.inserted.delete(row);
    else {
      tx.deleted.add(row);
      tx.modified.delete(row);
    }
  },

  /** Deletes every object of a model (`realm.deleteAll` / `delete(results)` helper). */
  deleteRows(this: Engine, rows: readonly Row[]): void {
    for (const row of rows) if (row.alive) this.deleteRow(row);
  },
};

export type RowLifecycle = typeof rowLifecycle;

function update(engine: Engine, row: Row, values: Record<string, unknown>, mode: UpdateModeName): void {
  for (const plan of row.model.plans) {
    if (plan.isPrimaryKey || plan.kind === Kind.LinkingObjects) continue;
    const value = values[plan.name];
    if (value === undefined) continue;
    if (mode === "modified" && sameValue(engine, row, plan, value)) continue;
    engine.write(row, plan, value, false);
  }
}

/** Whether writing `value` would leave a scalar or link property unchanged ("modified" mode). */
function sameValue(engine: Engine, row: Row, plan: PropertyPlan, value: unknown): boolean {
  const stored = row.values[plan.name];
  if (plan.kind === Kind.Link) {
    if (value === null || value === undefined) return stored === null || (stored instanceof Row && !stored.alive);
    return engine.rowOf(value) === stored;
  }
  // A counter is never "unchanged": real Realm refuses it in an update even at the same value.
  if (plan.kind !== Kind.Primitive && plan.kind !== Kind.Mixed) return false;
  const raw = value;
  if (plan.kind === Kind.Mixed && engine.rowOf(raw)) return engine.rowOf(raw) === stored;
  try {
    const next = plan.kind === Kind.Mixed ? toStoredMixedScalar(raw, {}) : toStoredPrimitive(plan.value.type, plan.value.optional, raw, {});
    return storedEquals(next, stored);
  } catch {
    return false; // let the real write report the type error
  }
}

function assertRequired(model: ModelState, values: Record<string, unknown>): void {
  for (const plan of model.plans) {
    if (plan.isPrimaryKey || plan.kind === Kind.LinkingObjects || plan.kind === Kind.List || plan.kind === Kind.Set || plan.kind === Kind.Dictionary) continue;
    if (values[plan.name] !== undefined || plan.property.default !== undefined || plan.property.optional) continue;
    throw new MemoryRealmError("MISSING_PROPERTY_VALUE", `Missing value for property '${plan.name}'`, { model: model.name, field: plan.name });
  }
}

function newRow(tx: Transaction, model: ModelState): Row {
  // Cloning a per-model template keeps every row's values on one hidden class.
  const values: Record<string, unknown> = { ...model.template };
  const row = new Row(model, values);
  for (const plan of model.collections) values[plan.name] = new Container(row, plan);
  row.createdTx = tx.id;
  logCreated(tx, row);
  return row;
}

/** Writes the given values (or defaults) of a freshly created row. */
function fill(engine: Engine, row: Row, values: Record<string, unknown>): void {
  for (const plan of row.model.plans) {
    if (plan.isPrimaryKey || plan.kind === Kind.LinkingObjects) continue;
    let value = values[plan.name];
    if (value === undefined) {
      const fallback = plan.property.default;
      if (fallback === undefined) continue;
      value = typeof fallback === "function" ? (fallback as () => unknown)() : fallback;
    }
    engine.write(row, plan, value, true);
  }
}

function detachEmbedded(engine: Engine, tx: Transaction, row: Row): void {
  const parent = row.parent as Row;
  const field = row.parentField as string;
  const holder = parent.values[field];
  if (holder === row) {
    logField(tx, parent, field);
    parent.values[field] = null;
  } else if (holder instanceof Container) {
    logContainer(tx, holder);
    holder.items = holder.items.filter((item) => item !== row);
    for (const [key, value] of holder.map) if (value === row) holder.map.delete(key);
  }
  engine.kill(tx, row);
  engine.markModified(tx, parent, field);
}
