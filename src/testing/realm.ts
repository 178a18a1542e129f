// `openMemoryRealm` and `MemoryRealm`: the public face of the in-memory store, a Realm-compatible
// object that satisfies `RealmLike` (plus the listener and transaction surface tests need).
import type { ObjectSchemaLike, PrimaryKeyValue, RealmLike, RealmObjectLike, UpdateModeName } from "../realm-like.js";
import { normalizeSchema, objectSchemaOf } from "../schema/normalize.js";
import type { NormalizedObjectSchema, SchemaEntryInput } from "../schema/normalize.js";
import { encodePrimaryKey } from "../schema/primary-key.js";
import { MemoryList } from "./collections.js";
import { dumpSchema, dumpSource, realmSource } from "./dump.js";
import type { MemoryRealmDump } from "./dump.js";
import { Engine } from "./engine.js";
import type { ModelConstructor } from "./engine.js";
import { MemoryRealmError, deleteOutsideTransactionError, typeError } from "./errors.js";
import { loadInto } from "./load.js";
import type { CommitListener, RealmChangeCallback } from "./notifications.js";
import { MemoryResults } from "./results.js";
import type { Row } from "./row.js";
import { toStoredPrimitive } from "./values.js";

/** Options of `openMemoryRealm`. */
export interface OpenMemoryRealmOptions {
  /** The models (object schemas or classes with a static `schema`). Defaults to the schema of `copyFrom` / `dump`. */
  readonly schema?: readonly SchemaEntryInput[];
  /** A realm (memory or real) whose contents are deep-copied into the new one. */
  readonly copyFrom?: RealmLike;
  /** A `dumpMemoryRealm` output to load. */
  readonly dump?: MemoryRealmDump;
  /**
   * Reported as `realm.path`.
   * @default "memory://<n>"
   */
  readonly path?: string;
  /**
   * Refuse every write transaction, like a realm opened with `readOnly: true`.
   * @default false
   */
  readonly readOnly?: boolean;
}

type ModelRef = string | { readonly schema?: { readonly name: string } };

let openedCount = 0;

/** An in-memory realm with Realm's semantics; see `openMemoryRealm`. */
export class MemoryRealm implements RealmLike {
  private readonly filePath: string;
  private readonly engine: Engine;

  /** @internal use `openMemoryRealm`. */
  constructor(schema: readonly NormalizedObjectSchema[], constructors: ReadonlyMap<string, ModelConstructor>, options: { path: string; readOnly: boolean }) {
    this.filePath = options.path;
    this.engine = new Engine(schema, options.readOnly, constructors);
    this.engine.notifier.realmHandle = this;
  }

  /** @internal the engine, for loaders in this package. */
  get internal(): Engine {
    return this.engine;
  }

  /** The realm's path; like real Realm, `""` once closed (read it before closing). */
  get path(): string {
    return this.engine.closed ? "" : this.filePath;
  }

  get schema(): readonly ObjectSchemaLike[] {
    this.engine.assertOpen();
    return this.engine.schema;
  }

  get schemaVersion(): number {
    return 0;
  }

  get isClosed(): boolean {
    return this.engine.closed;
  }

  get isInTransaction(): boolean {
    return !this.engine.closed && this.engine.tx !== undefined;
  }

  get isReadOnly(): boolean {
    return this.engine.readOnly;
  }

  get isEmpty(): boolean {
    this.engine.assertOpen();
    for (const model of this.engine.models.values()) if (model.liveCount > 0) return false;
    return true;
  }

  /** Runs `callback` in a write transaction; a throw rolls every change back and is rethrown. */
  write<T>(callback: () => T): T {
    this.engine.begin();
    let result: T;
    try {
      result = callback();
    } catch (error) {
      if (this.engine.tx && !this.engine.closed) this.engine.cancel();
      throw error;
    }
    this.engine.commit();
    return result;
  }

  /** Opens a write transaction, as Realm's `beginTransaction`. */
  beginTransaction(): void {
    this.engine.begin();
  }

  /** Commits the open write transaction (notifications follow). */
  commitTransaction(): void {
    this.engine.commit();
  }

  /** Rolls the open write transaction back. */
  cancelTransaction(): void {
    this.engine.cancel();
  }

  create(type: ModelRef, values: Record<string, unknown>, mode: UpdateModeName | boolean = "never"): RealmObjectLike {
    const resolved = mode === true ? "all" : mode === false ? "never" : mode;
    if (resolved !== "never" && resolved !== "modified" && resolved !== "all") {
      throw new MemoryRealmError("INVALID_OPERATION", "Unsupported 'updateMode'. Only 'never', 'modified' or 'all' is supported.");
    }
    this.engine.assertOpen();
    const model = this.engine.model(modelName(type));
    return this.engine.handle(this.engine.create(model, values, resolved));
  }

  objectForPrimaryKey(type: ModelRef, primaryKey: PrimaryKeyValue): RealmObjectLike | null {
    this.engine.assertOpen();
    const model = this.engine.model(modelName(type));
    if (model.schema.embedded) throw new MemoryRealmError("INVALID_OPERATION", "You cannot query an embedded object.", { model: model.name });
    const pk = model.primaryKey;
    if (!pk) throw new MemoryRealmError("INVALID_OPERATION", `Expected a primary key on '${model.name}'`, { model: model.name });
    const stored = toStoredPrimitive(pk.type, pk.optional, primaryKey, { model: model.name, field: pk.name });
    const row = model.byKey.get(encodePrimaryKey(stored as PrimaryKeyValue));
    return row && row.alive ? this.engine.handle(row) : null;
  }

  objects(type: ModelRef): MemoryResults {
    this.engine.assertOpen();
    const model = this.engine.model(modelName(type));
    if (model.schema.embedded) throw new MemoryRealmError("INVALID_OPERATION", "You cannot query an embedded object.", { model: model.name });
    return this.engine.results(model);
  }

  /** Deletes an object, an array of objects, a list of objects or a Results collection. */
  delete(subject: unknown): void {
    this.assertDeletable();
    const row = this.engine.rowOf(subject);
    if (row) {
      this.engine.deleteRow(row);
      return;
    }
    let rows: Row[] | undefined;
    if (subject instanceof MemoryResults) rows = [...subject.view()];
    else if (subject instanceof MemoryList) {
      rows = [...(subject as unknown as Iterable<unknown>)].map((item) => this.engine.rowOf(item)).filter((r): r is Row => r !== undefined);
    } else if (Array.isArray(subject)) {
      rows = subject.map((item) => {
        const r = this.engine.rowOf(item);
        if (!r) throw typeError("an instance of Realm.Object", item, {});
        return r;
      });
    }
    if (!rows) throw new MemoryRealmError("INVALID_OPERATION", "Can only delete objects, lists and results.");
    for (const r of rows) if (r.alive) this.engine.deleteRow(r);
  }

  /** Deletes every object (in a write transaction). */
  deleteAll(): void {
    this.assertDeletable();
    for (const model of this.engine.models.values()) {
      if (model.schema.embedded) continue;
      this.engine.deleteRows([...this.engine.liveRows(model)]);
    }
  }

  /** Like `assertWritable`, with real Realm's own wording for a delete outside a write. */
  private assertDeletable(): void {
    if (!this.engine.closed && this.engine.tx === undefined) throw deleteOutsideTransactionError();
    this.engine.assertWritable();
  }

  close(): void {
    if (this.engine.closed) return;
    if (this.engine.tx) this.engine.cancel();
    this.engine.closed = true;
    this.engine.notifier.removeAll();
  }

  /** Realm's `addListener("change", cb)`: called (asynchronously) after each commit. */
  addListener(name: "change", callback: RealmChangeCallback): void {
    this.engine.assertOpen();
    if (name !== "change") {
      throw new MemoryRealmError("INVALID_OPERATION", `Unknown event name '${String(name)}': only 'change' is supported by the in-memory store.`);
    }
    this.engine.notifier.realmListeners.add(callback);
  }

  /** Removes a `change` listener. */
  removeListener(name: "change", callback: RealmChangeCallback): void {
    if (name === "change") this.engine.notifier.realmListeners.delete(callback);
  }

  /** Removes every realm listener. */
  removeAllListeners(name?: "change"): void {
    if (name === undefined || name === "change") this.engine.notifier.realmListeners.clear();
  }

  /**
   * Store-specific: calls `listener` synchronously at every commit with exactly which objects were
   * inserted, modified (and which top-level fields) or deleted. Returns the unsubscribe function.
   */
  onCommit(listener: CommitListener): () => void {
    this.engine.assertOpen();
    this.engine.notifier.commitListeners.add(listener);
    return () => {
      this.engine.notifier.commitListeners.delete(listener);
    };
  }

  /** Store-specific: delivers pending listener notifications now instead of on the next tick. */
  flushNotifications(): void {
    this.engine.notifier.flush();
  }
}

function modelName(type: ModelRef): string {
  if (typeof type === "string") return type;
  const name = (type as { schema?: { name?: unknown } }).schema?.name;
  if (typeof name === "string") return name;
  throw typeError("a string or a class with a static schema", type, {}, "type");
}

/**
 * Opens an in-memory realm with Realm's semantics (write transactions with rollback, primary keys,
 * links, embedded objects, collections, listeners). Pass `copyFrom` to clone another realm
 * (memory or real; refused while it is in a write transaction, like `writeCopyTo`), or `dump`
 * to load a `dumpMemoryRealm` output.
 */
export function openMemoryRealm(options: OpenMemoryRealmOptions): MemoryRealm {
  // Real Realm's copy (`writeCopyTo`) refuses a realm in a write: it would copy uncommitted changes.
  if (options.copyFrom?.isInTransaction === true) throw new MemoryRealmError("INVALID_OPERATION", "Can only convert Realms outside a transaction.");
  const entries: readonly SchemaEntryInput[] | undefined =
    options.schema ?? (options.copyFrom ? (options.copyFrom.schema as readonly SchemaEntryInput[]) : undefined);
  const schema = entries ? normalizeSchema(entries) : options.dump ? dumpSchema(options.dump) : undefined;
  if (!schema) {
    throw new MemoryRealmError("INVALID_OPERATION", "openMemoryRealm needs a `schema`, a `copyFrom` realm or a `dump`");
  }
  const constructors = new Map<string, ModelConstructor>();
  for (const entry of options.schema ?? []) {
    if (typeof entry === "function") constructors.set(objectSchemaOf(entry).name, entry as unknown as ModelConstructor);
  }
  openedCount++;
  const realm = new MemoryRealm(schema, constructors, { path: options.path ?? `memory://${openedCount}`, readOnly: false });
  if (options.copyFrom) loadInto(realm.internal, realmSource(options.copyFrom));
  else if (options.dump) loadInto(realm.internal, dumpSource(options.dump, schema));
  if (options.readOnly === true) realm.internal.readOnly = true;
  return realm;
}
