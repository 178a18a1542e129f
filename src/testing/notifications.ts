// Change notifications of the in-memory store: Realm-style listeners (results, objects,
// realm "change"), delivered asynchronously after a commit, plus a synchronous commit hook.
import type { PrimaryKeyValue, RealmObjectLike } from "../realm-like.js";
import type { Engine } from "./engine.js";
import type { Transaction } from "./undo-log.js";
import type { MemoryResults } from "./results.js";
import type { ModelState, Row } from "./row.js";

/** Realm's `CollectionChangeSet`: deletions/oldModifications index the old collection, the rest the new one. */
export interface CollectionChangeSet {
  readonly insertions: number[];
  readonly deletions: number[];
  readonly newModifications: number[];
  readonly oldModifications: number[];
}

/** Realm's `ObjectChangeSet`. */
export interface ObjectChangeSet {
  readonly deleted: boolean;
  readonly changedProperties: string[];
}

/** A results listener: the results and what changed (indices). */
export type CollectionChangeCallback = (collection: MemoryResults, changes: CollectionChangeSet) => void;
/** An object listener: the object and what changed. */
export type ObjectChangeCallback = (object: RealmObjectLike, changes: ObjectChangeSet) => void;
/** A realm `change` listener. */
export type RealmChangeCallback = (realm: unknown, name: string) => void;

/** One object a commit touched. */
export interface MemoryCommitObject {
  readonly model: string;
  /** The object's primary key (`undefined` for models without one). */
  readonly primaryKey: PrimaryKeyValue | undefined;
}

/** What one committed write transaction changed, delivered synchronously to `onCommit` listeners. */
export interface MemoryCommit {
  /** Objects created (and still alive at commit). */
  readonly insertions: readonly (MemoryCommitObject & { readonly object: RealmObjectLike })[];
  /** Objects that existed before and were changed; `fields` are top-level property names (an embedded change reports its owner's property). */
  readonly modifications: readonly (MemoryCommitObject & { readonly object: RealmObjectLike; readonly fields: readonly string[] })[];
  /** Objects that existed before and were deleted. */
  readonly deletions: readonly MemoryCommitObject[];
}

/** Called after each commit with what it wrote (`onCommit`). */
export type CommitListener = (commit: MemoryCommit) => void;

interface ResultsEntry {
  readonly callbacks: Set<CollectionChangeCallback>;
  /** Last delivered view, for results that are not a whole model in insertion order. */
  snapshot: readonly Row[];
}

const EMPTY_COLLECTION_CHANGES = (): CollectionChangeSet => ({ insertions: [], deletions: [], newModifications: [], oldModifications: [] });

export class Notifier {
  readonly realmListeners = new Set<RealmChangeCallback>();
  readonly commitListeners = new Set<CommitListener>();
  private readonly results = new Map<MemoryResults, ResultsEntry>();
  private readonly objects = new Map<Row, Set<ObjectChangeCallback>>();
  private pending: (() => void)[] = [];
  private scheduled = false;
  /** The public realm object handed to realm listeners. */
  realmHandle: unknown;

  constructor(private readonly engine: Engine) {}

  // ---- registration ----

  addResultsListener(results: MemoryResults, callback: CollectionChangeCallback): void {
    let entry = this.results.get(results);
    if (!entry) {
      entry = { callbacks: new Set(), snapshot: results.isModelOrder ? [] : [...results.view()] };
      this.results.set(results, entry);
    }
    if (entry.callbacks.has(callback)) return;
    entry.callbacks.add(callback);
    const current = entry;
    this.queue(() => {
      if (current.callbacks.has(callback)) callback(results, EMPTY_COLLECTION_CHANGES());
    });
  }

  removeResultsListener(results: MemoryResults, callback?: CollectionChangeCallback): void {
    const entry = this.results.get(results);
    if (!entry) return;
    if (callback) entry.callbacks.delete(callback);
    else entry.callbacks.clear();
    if (entry.callbacks.size === 0) this.results.delete(results);
  }

  addObjectListener(row: Row, callback: ObjectChangeCallback): void {
    let callbacks = this.objects.get(row);
    if (!callbacks) {
      callbacks = new Set();
      this.objects.set(row, callbacks);
    }
    if (callbacks.has(callback)) return;
    callbacks.add(callback);
    const current = callbacks;
    this.queue(() => {
      if (current.has(callback) && row.alive) callback(this.engine.handle(row), { deleted: false, changedProperties: [] });
    });
  }

  removeObjectListener(row: Row, callback?: ObjectChangeCallback): void {
    const callbacks = this.objects.get(row);
    if (!callbacks) return;
    if (callback) callbacks.delete(callback);
    else callbacks.clear();
    if (callbacks.size === 0) this.objects.delete(row);
  }

  removeAll(): void {
    this.results.clear();
    this.objects.clear();
    this.realmListeners.clear();
  }

  // ---- delivery ----

  private queue(delivery: () => void): void {
    this.pending.push(delivery);
    if (this.scheduled) return;
    this.scheduled = true;
    setTimeout(() => this.flush(), 0);
  }

  /** Delivers every pending notification now (tests call it instead of waiting a tick). */
  flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = [];
    if (this.engine.closed) return;
    for (const delivery of pending) delivery();
  }

  /** Called once per commit: computes change sets, lets the engine compact, queues deliveries. */
  committed(tx: Transaction, compact: () => void): void {
    const listening = this.results.size > 0 || this.objects.size > 0 || this.realmListeners.size > 0 || this.commitListeners.size > 0;
    if (!listening) {
      compact();
      return;
    }
    if (tx.deleted.size > 0) this.engine.markLinkersModified(tx);
    const byModel = new Map<ModelState, { deleted: number[]; modified: Row[]; oldPositions: number[] }>();
    const group = (model: ModelState) => {
      let entry = byModel.get(model);
      if (!entry) {
        entry = { deleted: [], modified: [], oldPositions: [] };
        byModel.set(model, entry);
      }
      return entry;
    };
    for (const row of tx.deleted) group(row.model).deleted.push(row.pos);
    for (const row of tx.modified.keys()) {
      if (!row.alive) continue;
      const entry = group(row.model);
      entry.modified.push(row);
      entry.oldPositions.push(row.pos);
    }
    compact();
    for (const row of tx.inserted) if (row.alive) group(row.model);

    for (const [results, entry] of this.results) {
      if (entry.callbacks.size === 0) continue;
      let changes: CollectionChangeSet | undefined;
      if (results.isModelOrder) {
        const model = byModel.get(results.model);
        if (!model) continue;
        changes = {
          insertions: [...tx.inserted].filter((row) => row.alive && row.model === results.model).map((row) => row.pos).sort(byNumber),
          deletions: [...model.deleted].sort(byNumber),
          newModifications: model.modified.map((row) => row.pos).sort(byNumber),
          oldModifications: [...model.oldPositions].sort(byNumber),
        };
      } else {
        const next = [...results.view()];
        changes = diff(entry.snapshot, next, tx);
        entry.snapshot = next;
      }
      if (isEmpty(changes)) continue;
      const payload = changes;
      const callbacks = [...entry.callbacks];
      this.queue(() => {
        for (const callback of callbacks) if (entry.callbacks.has(callback)) callback(results, payload);
      });
    }

    for (const [row, callbacks] of this.objects) {
      const deleted = tx.deleted.has(row) || !row.alive;
      const fields = tx.modified.get(row);
      if (!deleted && !fields) continue;
      const payload: ObjectChangeSet = { deleted, changedProperties: deleted ? [] : [...(fields ?? [])] };
      const list = [...callbacks];
      if (deleted) this.objects.delete(row);
      this.queue(() => {
        for (const callback of list) callback(this.engine.handle(row), payload);
      });
    }

    for (const callback of [...this.realmListeners]) {
      this.queue(() => {
        if (this.realmListeners.has(callback)) callback(this.realmHandle, "change");
      });
    }

    if (this.commitListeners.size > 0) {
      const ref = (row: Row): MemoryCommitObject => ({
        model: row.model.name,
        primaryKey: row.model.primaryKey ? (row.values[row.model.primaryKey.name] as PrimaryKeyValue) : undefined,
      });
      const commit: MemoryCommit = {
        insertions: [...tx.inserted].filter((row) => row.alive).map((row) => ({ ...ref(row), object: this.engine.handle(row) })),
        modifications: [...tx.modified]
          .filter(([row]) => row.alive)
          .map(([row, fields]) => ({ ...ref(row), object: this.engine.handle(row), fields: [...fields] })),
        deletions: [...tx.deleted].map(ref),
      };
      for (const listener of [...this.commitListeners]) listener(commit);
    }
  }
}

function byNumber(a: number, b: number): number {
  return a - b;
}

function isEmpty(changes: CollectionChangeSet): boolean {
  return changes.insertions.length + changes.deletions.length + changes.newModifications.length === 0;
}

/** Index diff of two views of the same collection (rows compared by identity). */
function diff(before: readonly Row[], after: readonly Row[], tx: Transaction): CollectionChangeSet {
  const oldIndex = new Map<Row, number>();
  before.forEach((row, index) => oldIndex.set(row, index));
  const newIndex = new Map<Row, number>();
  after.forEach((row, index) => newIndex.set(row, index));
  const changes = EMPTY_COLLECTION_CHANGES();
  before.forEach((row, index) => {
    if (!newIndex.has(row)) changes.deletions.push(index);
  });
  after.forEach((row, index) => {
    const old = oldIndex.get(row);
    if (old === undefined) changes.insertions.push(index);
    else if (tx.modified.has(row.root())) {
      changes.oldModifications.push(old);
      changes.newModifications.push(index);
    }
  });
  changes.oldModifications.sort(byNumber);
  return changes;
}
