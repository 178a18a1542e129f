// Applies the difference between a field's old plain value and its new value to the Realm
// object as the smallest mutations (element-level for lists, sets and dictionaries), and
// reports which field keys changed so the transaction can stamp them.
import type { PropertySchemaLike, RealmObjectLike } from "../realm-like.js";
import { encodeFieldKey } from "../schema/field-keys.js";
import type { TrackingConfig } from "../schema/tracking-config.js";
import { topLevelKey } from "./model-plan.js";
import { writableMixed } from "./values.js";
import { deepEquals, dictionaryKeys, elementKey, hasEmbeddedElements, isCounter, isEmbeddedProperty, isScalarProperty, linkEquals, scalarEquals, snapshotValue } from "./values.js";

/** Collects the field keys a write changed (`undefined` when the write is not stamped). */
export type ChangedKeys = string[] | undefined;

interface ListLike {
  readonly length: number;
  [index: number]: unknown;
  splice(start: number, deleteCount: number, ...items: unknown[]): unknown;
  push(...items: unknown[]): unknown;
}
interface SetLike extends Iterable<unknown> {
  add(value: unknown): unknown;
  delete(value: unknown): unknown;
}
interface DictionaryLike {
  [key: string]: unknown;
}

/**
 * Writes `next` into `target[property.name]` where it differs from `previous` (the plain
 * snapshot of the current value) and pushes the changed keys (paths under `path`) to `changed`.
 * Returns whether anything was written.
 */
export function writeField(
  config: TrackingConfig,
  target: RealmObjectLike,
  property: PropertySchemaLike,
  previous: unknown,
  next: unknown,
  path: readonly string[],
  changed: ChangedKeys,
): boolean {
  const name = property.name;
  if (isScalarProperty(property)) {
    if (scalarEquals(previous, next)) return false;
    const current = target[name];
    if (isCounter(current) && typeof next === "number") current.set(next);
    else target[name] = next;
    changed?.push(fieldKey(path));
    return true;
  }
  switch (property.type) {
    case "list":
      return writeList(config, target[name] as ListLike, property, asArray(previous), asArray(next), path, changed);
    case "set":
      return writeSet(target[name] as SetLike, asArray(previous), asArray(next), path, changed);
    case "dictionary":
      return writeDictionary(config, target, property, (previous ?? {}) as Record<string, unknown>, (next ?? {}) as Record<string, unknown>, path, changed);
    case "object":
      if (isEmbeddedProperty(config, property)) return writeEmbedded(config, target, property, previous, next, path, changed);
      if (linkEquals(previous, next)) return false;
      target[name] = next ?? null;
      changed?.push(fieldKey(path));
      return true;
    default:
      // mixed (with any collections nested in it) and anything else: compared deeply, written whole.
      if (deepEquals(previous, next)) return false;
      target[name] = property.type === "mixed" ? writableMixed(next) : next;
      changed?.push(fieldKey(path));
      return true;
  }
}

/** The stamp key of `path` (top-level keys come from a cache). */
function fieldKey(path: readonly string[]): string {
  return path.length === 1 ? topLevelKey(path[0] as string) : encodeFieldKey(path);
}

function asArray(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : Array.from(value as Iterable<unknown>);
}

function writeList(config: TrackingConfig, list: ListLike, property: PropertySchemaLike, previous: unknown[], nextValues: unknown[], path: readonly string[], changed: ChangedKeys): boolean {
  const equal = elementComparator(config, property);
  const next = property.objectType === "mixed" ? nextValues.map(writableMixed) : nextValues;
  const shorter = Math.min(previous.length, next.length);
  let start = 0;
  while (start < shorter && equal(previous[start], next[start])) start++;
  if (start === previous.length && start === next.length) return false;
  let end = 0; // common suffix length, not overlapping the prefix
  while (end < shorter - start && equal(previous[previous.length - 1 - end], next[next.length - 1 - end])) end++;
  const removed = previous.length - start - end;
  const inserted = next.slice(start, next.length - end);
  if (removed === inserted.length) {
    // Same length: replace only the elements that differ.
    inserted.forEach((element, i) => {
      if (!equal(previous[start + i], element)) list[start + i] = element;
    });
  } else if (removed === 0 && start === previous.length) {
    list.push(...inserted);
  } else {
    list.splice(start, removed, ...inserted);
  }
  changed?.push(fieldKey(path));
  return true;
}

function elementComparator(config: TrackingConfig, property: PropertySchemaLike): (a: unknown, b: unknown) => boolean {
  if (hasEmbeddedElements(config, property) || property.objectType === "mixed") return deepEquals;
  if (property.objectType !== undefined && config.models.has(property.objectType)) return linkEquals;
  return scalarEquals;
}

function writeSet(set: SetLike, previous: unknown[], next: unknown[], path: readonly string[], changed: ChangedKeys): boolean {
  const before = new Map(previous.map((element) => [elementKey(element), element]));
  const after = new Map(next.map((element) => [elementKey(element), element]));
  let wrote = false;
  for (const [key, element] of before) {
    if (!after.has(key)) {
      set.delete(element);
      wrote = true;
    }
  }
  for (const [key, element] of after) {
    if (!before.has(key)) {
      set.add(element);
      wrote = true;
    }
  }
  if (wrote) changed?.push(fieldKey(path));
  return wrote;
}

function writeDictionary(
  config: TrackingConfig,
  target: RealmObjectLike,
  property: PropertySchemaLike,
  previous: Record<string, unknown>,
  next: Record<string, unknown>,
  path: readonly string[],
  changed: ChangedKeys,
): boolean {
  const equal = elementComparator(config, property);
  const dictionary = target[property.name] as DictionaryLike;
  let wrote = false;
  for (const key of Object.keys(previous)) {
    if (!Object.prototype.hasOwnProperty.call(next, key)) {
      removeEntry(dictionary, key);
      changed?.push(encodeFieldKey([...path, key]));
      wrote = true;
    }
  }
  for (const key of Object.keys(next)) {
    const has = Object.prototype.hasOwnProperty.call(previous, key);
    if (has && equal(previous[key], next[key])) continue;
    setEntry(dictionary, key, property.objectType === "mixed" ? writableMixed(next[key]) : next[key]);
    changed?.push(encodeFieldKey([...path, key]));
    wrote = true;
  }
  return wrote;
}

/** Sets one dictionary entry. */
export function setEntry(dictionary: DictionaryLike, key: string, value: unknown): void {
  setEntries(dictionary, { [key]: value });
}

/** Sets dictionary entries: Realm's `set({ … })` (every supported Realm version has it), else by key. */
export function setEntries(dictionary: DictionaryLike, entries: Record<string, unknown>): void {
  const set = dictionary.set;
  if (typeof set === "function") set.call(dictionary, entries);
  else Object.assign(dictionary, entries);
}

/** Removes one dictionary entry: Realm's `remove(key)` where present, else `delete`. */
export function removeEntry(dictionary: DictionaryLike, key: string): void {
  const remove = dictionary.remove;
  if (typeof remove === "function") remove.call(dictionary, key);
  else delete dictionary[key];
}

function writeEmbedded(
  config: TrackingConfig,
  target: RealmObjectLike,
  property: PropertySchemaLike,
  previous: unknown,
  next: unknown,
  path: readonly string[],
  changed: ChangedKeys,
): boolean {
  const model = config.models.get(property.objectType as string);
  const current = target[property.name];
  const nextRecord = next as Record<string, unknown> | null | undefined;
  const previousRecord = previous as Record<string, unknown> | null | undefined;
  if ((previousRecord ?? null) === null && (nextRecord ?? null) === null) return false;
  // Created, removed, or given without some fields (Realm would reset them): a whole write.
  const whole = previousRecord == null || nextRecord == null || current == null || model === undefined || [...model.properties.keys()].some((key) => !(key in (nextRecord as object)));
  if (whole) {
    if (deepEquals(previousRecord ?? null, nextRecord ?? null)) return false;
    target[property.name] = nextRecord ?? null;
    changed?.push(fieldKey(path));
    return true;
  }
  let wrote = false;
  const embedded = current as RealmObjectLike;
  for (const [name, sub] of model.properties) {
    if (writeField(config, embedded, sub, previousRecord[name], nextRecord[name], [...path, name], changed)) wrote = true;
  }
  return wrote;
}

/** Snapshot of one field of a Realm object, for comparing a partial update against. */
export function readField(config: TrackingConfig, object: RealmObjectLike, property: PropertySchemaLike): unknown {
  const value = object[property.name];
  return isScalarProperty(property) && property.presentation !== "counter" ? value : snapshotValue(config, property, value);
}
