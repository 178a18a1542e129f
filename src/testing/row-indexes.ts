// Maintenance of the ordered indexes of a model's indexed int properties: which indexes a model
// gets, and moving or dropping a row's entries as its values change, die or roll back.
import type { NormalizedObjectSchema } from "../schema/normalize.js";
import { OrderedIndex } from "./ordered-index.js";
import type { Row } from "./row.js";

/**
 * Ordered indexes of a top-level model: its `indexed` int properties (counters included), not the
 * primary key (`byKey` serves it). Embedded rows are never queried by `realm.objects()`.
 */
export function orderedIndexes(model: NormalizedObjectSchema): ReadonlyMap<string, OrderedIndex<Row>> {
  const indexes = new Map<string, OrderedIndex<Row>>();
  if (model.embedded) return indexes;
  for (const property of Object.values(model.properties)) {
    if (property.indexed === true && property.type === "int" && property.name !== model.primaryKey) indexes.set(property.name, new OrderedIndex<Row>());
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
