// The storage cell of one object: its values by property name, liveness, and what the
// undo log needs to find it again. Embedded objects are rows with a parent.
import type { NormalizedObjectSchema, NormalizedPropertySchema } from "../schema/normalize.js";
import type { OrderedIndex } from "./ordered-index.js";
import type { PropertyPlan } from "./property-kind.js";

/** Per-model state of one memory realm. */
export interface ModelState {
  readonly name: string;
  readonly schema: NormalizedObjectSchema;
  /** Persisted properties (no linkingObjects), in schema order. */
  readonly persisted: readonly NormalizedPropertySchema[];
  readonly primaryKey: NormalizedPropertySchema | undefined;
  /** Top-level rows in insertion order; may hold dead rows until the next commit compacts them. */
  rows: Row[];
  /** Live rows by `encodePrimaryKey` (models with a primary key only). */
  readonly byKey: Map<string, Row>;
  /**
   * Ordered indexes of the indexed `int` properties and `int` counters (primary key excepted) of a top-level model,
   * by property name: one entry per row of `rows` whose value is a number (dead rows included
   * until compaction), kept up to date on every write and rollback.
   */
  readonly indexes: ReadonlyMap<string, OrderedIndex<Row>>;
  liveCount: number;
  deadCount: number;
  /** Bumped on every insertion or deletion: lets Results cache their view. */
  version: number;
  /** Id of the last transaction that logged this model's structure (undo log dedup). */
  txId: number;
  /** Every property (linkingObjects included), in schema order. */
  readonly plans: readonly PropertyPlan[];
  readonly planByName: ReadonlyMap<string, PropertyPlan>;
  /** The list, set and dictionary properties (each row gets a container per one). */
  readonly collections: readonly PropertyPlan[];
  /** Every persisted property set to null: cloned for each new row. */
  readonly template: Readonly<Record<string, unknown>>;
  /** Proxy traps of managed objects (own-key listing). */
  readonly traps: ProxyHandler<object>;
  /** Prototype of managed objects (accessors per property). */
  proto: object;
}

let nextRowId = 1;

export class Row {
  readonly id = nextRowId++;
  alive = true;
  /** Encoded primary key (top-level rows of models with a primary key). */
  key: string | undefined;
  /** Position in `model.rows` (top-level rows; set on creation, renumbered when a commit compacts). */
  pos = -1;
  /** The managed-object wrapper, created on first access and reused. */
  handle: object | undefined;
  /** Id of the transaction that created this row (its writes and containers need no undo entries there). */
  createdTx = 0;
  /** Id of the last transaction that recorded this row as modified, and its field set in `tx.modified`. */
  modifiedTx = 0;
  modifiedFields: Set<string> | undefined;
  /** Owner of an embedded row, and the owner's property holding it. */
  parent: Row | undefined;
  parentField: string | undefined;

  constructor(
    readonly model: ModelState,
    public values: Record<string, unknown>,
  ) {}

  /** The top-level object an embedded row belongs to (itself for top-level rows). */
  root(): Row {
    let row: Row = this;
    while (row.parent) row = row.parent;
    return row;
  }
}

/** A list or set's elements, or a dictionary's entries; one per row and collection property (or mixed collection). */
export class Container {
  /** Id of the last transaction that logged a whole copy of this container (element edits then need no entries). */
  txId = 0;
  /** Last `deathEpoch` at which dead links were purged. */
  purged = 0;
  /** The user-facing wrapper (List / Set / Dictionary), created on first access. */
  handle: object | undefined;
  /**
   * Where a collection inside a mixed value sits: `null` directly in its owner's mixed property,
   * else the collection holding it. `undefined` for a collection property's own container.
   */
  holder: Container | null | undefined;
  constructor(
    readonly owner: Row,
    /** The collection's plan: the property's own, or a list/dictionary plan for a collection inside a mixed value. */
    readonly plan: PropertyPlan,
    public items: unknown[] = [],
    /** Sets: canonical key -> stored value; dictionaries: key -> stored value. */
    public map: Map<string, unknown> = new Map(),
  ) {}
}

/**
 * Whether a collection is still where it was stored: a collection inside a mixed value that was
 * replaced (or whose holder was) is detached, and Realm then reports its handle invalid.
 */
export function isAttached(container: Container): boolean {
  const holder = container.holder;
  if (holder === undefined) return true;
  if (holder === null) return container.owner.values[container.plan.name] === container;
  if (!isAttached(holder)) return false;
  if (holder.items.includes(container)) return true;
  for (const value of holder.map.values()) if (value === container) return true;
  return false;
}
