// Development-time guard: listens to every tracked model and reports objects whose fields
// changed without a fresh stamp (writes that bypassed `trackedWrite`, which recovery would lose).
import type { PrimaryKeyValue, RealmLike, RealmObjectLike } from "../realm-like.js";
import { CREATED_KEY, decodeFieldKey, formatFieldPath } from "../schema/field-keys.js";
import { decodePrimaryKey, describeKey, encodePrimaryKey } from "../schema/primary-key.js";
import type { ModelTracking, TrackingConfig } from "../schema/tracking-config.js";
import type { TrackingOptions } from "../schema/tracking-options.js";
import { tombstoneId } from "../schema/tombstone-schema.js";
import { parseIncrementKey } from "./counter-deltas.js";
import { trackingConfigFor } from "./tracked-write.js";
import { TrackedWriteError } from "./tracking-errors.js";
import { deepEquals, dictionaryKeys, snapshotValue } from "./values.js";
import { dictionaryEntries, setOwn } from "../utils/dictionary.js";

/** One write the guard caught. */
export interface UntrackedWrite {
  /** `insert`: created without stamps; `modify`: fields changed without a fresh stamp; `delete`: deleted without a tombstone. */
  readonly kind: "insert" | "modify" | "delete";
  readonly model: string;
  readonly primaryKey: PrimaryKeyValue;
  /** `describeKey(primaryKey)`, for messages. */
  readonly objectKey: string;
  /** Top-level fields changed without a fresh stamp (all tracked fields for an insert, none for a delete). */
  readonly fields: readonly string[];
  /** The object (absent for deletions). */
  readonly object?: RealmObjectLike;
  /** A ready-made, explicit message. */
  readonly message: string;
}

/** Options of `watchUntrackedWrites`. */
export interface WatchUntrackedWritesOptions {
  /**
   * Called once per object written without stamps.
   * @default logs the report with `console.error`
   */
  readonly onUntrackedWrite?: (write: UntrackedWrite) => void;
  /**
   * The options the realm's schema was given to `trackFields` with.
   * @default {}
   */
  readonly tracking?: TrackingOptions;
}

interface Seen {
  readonly values: Readonly<Record<string, unknown>>;
  readonly stamps: Readonly<Record<string, string>>;
}

interface ListenableResults extends Iterable<RealmObjectLike> {
  readonly length: number;
  readonly [index: number]: RealmObjectLike | undefined;
  addListener(callback: (collection: unknown, changes: CollectionChanges) => void): void;
  removeListener(callback: (collection: unknown, changes: CollectionChanges) => void): void;
}

interface CollectionChanges {
  readonly insertions: readonly number[];
  readonly deletions: readonly number[];
  readonly newModifications: readonly number[];
}

/**
 * Watches every tracked model of `realm` (Realm collection listeners) and reports each object
 * whose tracked fields changed without a fresh stamp, each object inserted without stamps and
 * each tracked object deleted without a tombstone. Returns a function that stops watching.
 * A development tool: it keeps a snapshot of every tracked object in memory and rescans a
 * model on each of its change notifications.
 */
export function watchUntrackedWrites(realm: RealmLike, options: WatchUntrackedWritesOptions = {}): () => void {
  const config = trackingConfigFor(realm, options.tracking);
  const report = options.onUntrackedWrite ?? ((write: UntrackedWrite) => console.error(`[realm-field-recovery] ${write.message}`));
  const stops: Array<() => void> = [];
  for (const model of config.models.values()) {
    if (!model.tracked) continue;
    const results = realm.objects(model.name) as unknown as ListenableResults;
    if (typeof results.addListener !== "function") {
      throw new TrackedWriteError("watchUntrackedWrites needs change listeners (`realm.objects(name).addListener`), which this realm does not offer", { model: model.name });
    }
    stops.push(watchModel(config, realm, model, results, report));
  }
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}

function watchModel(config: TrackingConfig, realm: RealmLike, model: ModelTracking, results: ListenableResults, report: (write: UntrackedWrite) => void): () => void {
  const primaryKey = model.primaryKey as string;
  let seen = new Map<string, Seen>();
  for (const object of results) seen.set(encodePrimaryKey(object[primaryKey] as PrimaryKeyValue), observe(config, model, object));

  // Change indices can refer to a state older than the one read here (notifications of several
  // commits may arrive together), so every notification reconciles the whole model by key.
  const listener = (_collection: unknown, changes: CollectionChanges): void => {
    if (realm.isClosed || changes.insertions.length + changes.deletions.length + changes.newModifications.length === 0) return;
    const current = new Map<string, Seen>();
    for (const object of results) {
      const key = encodePrimaryKey(object[primaryKey] as PrimaryKeyValue);
      const now = observe(config, model, object);
      current.set(key, now);
      const before = seen.get(key);
      const pk = object[primaryKey] as PrimaryKeyValue;
      if (before === undefined || now.stamps[CREATED_KEY] !== before.stamps[CREATED_KEY]) {
        // New (or re-created) object: a tracked insert always writes `#created`.
        if (now.stamps[CREATED_KEY] === undefined) report(untracked("insert", model.name, pk, [...model.trackedFields], object));
        continue;
      }
      const fields = unstampedFields(model, before, now);
      if (fields.length > 0) report(untracked("modify", model.name, pk, fields, object));
    }
    for (const [key, before] of seen) {
      if (current.has(key)) continue;
      const tombstone = realm.objectForPrimaryKey(config.tombstoneModel, tombstoneId(model.name, key));
      if (!tombstone || String(tombstone.stamp) <= maxOf(Object.values(before.stamps))) report(untracked("delete", model.name, decodeKey(key), [], undefined));
    }
    seen = current;
  };
  results.addListener(listener);
  return () => results.removeListener(listener);
}

/** What the guard remembers of an object: its tracked values and its stamps. */
function observe(config: TrackingConfig, model: ModelTracking, object: RealmObjectLike): Seen {
  const values: Record<string, unknown> = {};
  for (const field of model.trackedFields) {
    const property = model.properties.get(field);
    if (property) values[field] = snapshotValue(config, property, object[field]);
  }
  const dictionary = object[config.timestampsProperty] as Record<string, unknown> | null | undefined;
  const stamps: Record<string, string> = {};
  if (dictionary) for (const [key, stamp] of dictionaryEntries(dictionary)) setOwn(stamps, key, String(stamp));
  return { values, stamps };
}

/** Tracked fields whose value changed while no stamp at or under them changed. */
function unstampedFields(model: ModelTracking, before: Seen, now: Seen): string[] {
  const freshlyStamped = new Set<string>();
  for (const [key, stamp] of Object.entries(now.stamps)) {
    if (before.stamps[key] === stamp) continue;
    const increment = parseIncrementKey(key);
    const path = increment ? decodeFieldKey(increment.fieldKey) : decodeFieldKey(key);
    if (path?.[0] !== undefined) freshlyStamped.add(path[0]);
  }
  const fields: string[] = [];
  for (const field of model.trackedFields) {
    if (!freshlyStamped.has(field) && !deepEquals(before.values[field], now.values[field])) fields.push(field);
  }
  return fields;
}

function untracked(kind: UntrackedWrite["kind"], model: string, primaryKey: PrimaryKeyValue, fields: readonly string[], object: RealmObjectLike | undefined): UntrackedWrite {
  const objectKey = describeKey(primaryKey);
  const what =
    kind === "delete"
      ? "was deleted without a tombstone"
      : kind === "insert"
        ? "was created without stamps"
        : `changed ${fields.map((f) => `"${formatFieldPath([f])}"`).join(", ")} without a fresh stamp`;
  const message = `Untracked write: ${model} ${objectKey} ${what}; a client reset would lose this edit. Write through trackedWrite(realm, (tx) => …) instead of realm.write.`;
  return { kind, model, primaryKey, objectKey, fields, ...(object ? { object } : {}), message };
}

function maxOf(stamps: readonly string[]): string {
  let max = "";
  for (const stamp of stamps) if (stamp > max) max = stamp;
  return max;
}

function decodeKey(encoded: string): PrimaryKeyValue {
  try {
    return decodePrimaryKey(encoded);
  } catch {
    return encoded;
  }
}
