// Engine methods that keep a transaction's change bookkeeping: which top-level rows were
// modified, and in which fields, for notifications and commit listeners.
import type { Engine } from "./engine.js";
import { Kind as KINDS } from "./property-kind.js";
import { Container, Row } from "./row.js";
import type { Transaction } from "./undo-log.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** Installed on `Engine.prototype` (see engine.ts): calls stay plain method calls. */
export const changeMarks = {
  /** Records that `field` of `row` changed (embedded rows report their top-level owner's field). */
  markModified(this: Engine, tx: Transaction, row: Row, field: string): void {
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
  },

  /**
   * Realm reports an object as modified when a link or list of it lost a deleted target; done at
   * commit, only when someone listens (one pass over the models that can link to deleted rows).
   */
  markLinkersModified(this: Engine, tx: Transaction): void {
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
  },
};

export type ChangeMarks = typeof changeMarks;

function isDeletedIn(tx: Transaction): (value: unknown) => boolean {
  return (value) => value instanceof Row && tx.deleted.has(value);
}
