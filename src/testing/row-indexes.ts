// Maintenance of the ordered indexes of a model's indexed int properties and counters: which
// indexes a model gets, and moving or dropping a row's entries as its values change, die or roll back.
import type { NormalizedObjectSchema, NormalizedPropertySchema } from "../schema/normalize.js";
import { OrderedIndex } from "./ordered-index.js";
import type { Row } from "./row.js";

/**
 * Whether the store keeps an ordered index of `property` (in a top-level model, primary key
 * excepted): an `indexed` int, or any int counter. Realm answers a range query on an int column by
 * a native scan, search index or not; the store's counterpart of that scan is this index, kept for
 * counters whatever their `indexed` flag, since the newest-stamp counter (storage format 3) has none.
 */
export function keepsOrderedIndex(property: NormalizedPropertySchema): boolean {
  return property.type === "int" && (property.indexed === true || property.presentation === "counter");
}

/**
 * Ordered indexes of a top-level model: the properties `keepsOrderedIndex` accepts, not the
 * primary key (`byKey` serves it). Embedded rows are never queried by `realm.objects()`.
 */
export function orderedIndexes(model: NormalizedObjectSchema): ReadonlyMap<string, OrderedIndex<Row>> {
  const indexes = new Map<string, OrderedIndex<Row>>();
  if (model.embedded) return indexes;
  for (const property of Object.values(model.properties)) {
    if (keepsOrderedIndex(property) && property.name !== model.primaryKey) indexes.set(property.name, new OrderedIndex<Row>());
  }
  return indexes;
}

/** Moves `row`'s entry in the index of `name` (if any) before `row.values[name]` becomes `next`. */
export function reindex(row: Row, name: string, next: unknown): void {
  const index = row.model.indexes.get(name);
  if (!index) return;
  const previous = row.values[name];
  if (previous === next) return;
  // Only numbers are indexed: null (optional ints) is left out.
  if (typeof previous === "number") index.remove(previous, row);
  if (typeof next === "number") index.insert(next, row);
}

/** Removes every index entry of `row`. */
export function unindex(row: Row): void {
  for (const [name, index] of row.model.indexes) {
    const value = row.values[name];
    if (typeof value === "number") index.remove(value, row);
  }
}
