// A write transaction and its flat undo log: one entry per previous value a write replaced, so
// rollback costs what the transaction touched, not the realm's size; plus commit-time compaction.
import type { Container, ModelState, Row } from "./row.js";
import { reindex, unindex } from "./row-indexes.js";

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

let nextTransactionId = 1;

export function openTransaction(): Transaction {
  return { id: nextTransactionId++, log: [], inserted: new Set(), deleted: new Set(), modified: new Map() };
}

/** Undoes every entry of `tx`, newest first (the caller bumps its epochs afterwards). */
export function rollback(tx: Transaction): void {
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
}

/** Drops dead rows from the models the transaction touched (after notifications read old positions). */
export function compact(tx: Transaction): void {
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
export function logField(tx: Transaction, row: Row, name: string): void {
  if (row.createdTx === tx.id) return;
  tx.log.push(UNDO_FIELD, row, name, row.values[name]);
}

export function logAlive(tx: Transaction, row: Row): void {
  if (row.createdTx === tx.id) return;
  tx.log.push(UNDO_ALIVE, row, row.alive, undefined);
}

/** Logs a row created in `tx`: undoing it kills the row and frees its key and index entries. */
export function logCreated(tx: Transaction, row: Row): void {
  tx.log.push(UNDO_CREATED, row, undefined, undefined);
}

/**
 * Logs a whole copy of a container once per transaction, before an edit that element entries
 * cannot undo in order (removals, moves, splices). Later element entries are then unneeded.
 */
export function logContainer(tx: Transaction, container: Container): void {
  if (container.txId === tx.id) return;
  container.txId = tx.id;
  if (container.owner.createdTx === tx.id) return; // rollback kills the owner anyway
  tx.log.push(UNDO_CONTAINER, container, container.items.slice(), new Map(container.map));
}

/** Logs a container's current items and map by reference, before they are replaced by new ones. */
export function logContainerReplaced(tx: Transaction, container: Container): void {
  if (container.txId === tx.id) return;
  container.txId = tx.id;
  if (container.owner.createdTx === tx.id) return;
  tx.log.push(UNDO_CONTAINER, container, container.items, container.map);
}

/** Whether element edits of `container` need their own undo entries in `tx`. */
function logsElements(tx: Transaction, container: Container): boolean {
  return container.txId !== tx.id && container.owner.createdTx !== tx.id;
}

/** Logs the previous value at `index` of a list, before it is replaced. */
export function logListSet(tx: Transaction, container: Container, index: number): void {
  if (logsElements(tx, container)) tx.log.push(UNDO_LIST_SET, container, index, container.items[index]);
}

/** Logs a list's length before an element is appended. */
export function logListAppend(tx: Transaction, container: Container): void {
  if (logsElements(tx, container)) tx.log.push(UNDO_LIST_LENGTH, container, container.items.length, undefined);
}

/** Logs a dictionary's entry under `key` (previously `old`, or absent) before it is set. */
export function logDictionarySet(tx: Transaction, container: Container, key: string, old: unknown): void {
  if (logsElements(tx, container)) {
    if (old !== undefined || container.map.has(key)) tx.log.push(UNDO_MAP_SET, container, key, old);
    else tx.log.push(UNDO_MAP_ADD, container, key, undefined);
  }
}

/** Logs a new key of a set's map before it is added. */
export function logSetAdd(tx: Transaction, container: Container, key: string): void {
  if (logsElements(tx, container)) tx.log.push(UNDO_MAP_ADD, container, key, undefined);
}

export function logModel(tx: Transaction, model: ModelState): void {
  if (model.txId === tx.id) return;
  model.txId = tx.id;
  const snapshot: ModelSnapshot = { length: model.rows.length, live: model.liveCount, dead: model.deadCount };
  tx.log.push(UNDO_MODEL, model, snapshot, undefined);
}

/** Points `key` of `model` at `row` (or removes it), logging the previous row. */
export function setKey(tx: Transaction, model: ModelState, key: string, row: Row | undefined): void {
  const prev = model.byKey.get(key);
  // A new key needs no entry: undoing the creation (UNDO_CREATED) removes it.
  if (prev !== undefined) tx.log.push(UNDO_KEY, model, key, prev);
  if (row) model.byKey.set(key, row);
  else model.byKey.delete(key);
}
