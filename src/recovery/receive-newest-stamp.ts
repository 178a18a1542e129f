// receiveNewestStamp: after a client reset, the device's clock learns the newest stamp of the
// fresh realm and of the changeset it recovered, so its later writes sort above everything it
// saw (law 2), not only above the fields each write overwrites.
import { ClockDriftError, MAX_NODE_HASH, MAX_STAMP_COUNTER, formatStamp, isStamp, stampMillis } from "../clock/index.js";
import type { HybridClock, Stamp } from "../clock/index.js";
import type { RealmLike, RealmObjectLike, ResultsLike } from "../realm-like.js";
import { readNewestStamp } from "../schema/newest-stamp.js";
import { resolveTracking } from "../schema/tracking-config.js";
import type { TrackingOptions } from "../schema/tracking-options.js";
import { parseIncrement } from "../tracking/counter-deltas.js";
import { dictionaryEntries } from "../utils/dictionary.js";
import type { Changeset } from "./changeset.js";

/** Options of `receiveNewestStamp`. */
export interface ReceiveNewestStampOptions {
  /** A changeset whose stamps the device saw too (the recovered backup's). */
  readonly changeset?: Changeset;
  /** Further stamps the device saw (a lazy changeset's left-out base stamps). @default [] */
  readonly stamps?: readonly (Stamp | undefined)[];
  /** Names used by tracking, as given to `trackFields`. @default {} */
  readonly tracking?: TrackingOptions;
  /**
   * Wall clock for the drift bound: a stamp more than `clock.maxDrift` ahead of it is not
   * received (recovery skips such stamps too), the newest one within the bound is.
   * @default Date.now
   */
  readonly now?: () => number;
}

type Sortable = ResultsLike & { sorted?: (descriptor: string, reverse?: boolean) => ResultsLike };

/** Objects read per model at the top of the counter order before the counter itself is taken as the bound. */
const TOP_READS = 64;

/**
 * Makes `clock` receive the newest stamp held by `realm` (every tracked object's stamps and
 * every tombstone) and by `options.changeset`, so that every later `clock.now()` is greater
 * (law 2); returns the stamp received, or `undefined` when the clock was already past them all.
 *
 * Cheap on storage format 2: per model, the objects are taken in the order of their
 * newest-stamp counter (an indexed int, never below the milliseconds of the object's newest
 * stamp) and read only while their counter reaches the newest stamp found; when more than a
 * few share the top milliseconds (a bulk write), the counter itself bounds them and the stamp
 * received is the last one of that millisecond. Objects whose counter was never maintained
 * (written by a format-1 device) are read, and a format-1 model is read whole.
 */
export function receiveNewestStamp(clock: HybridClock, realm: RealmLike, options: ReceiveNewestStampOptions = {}): Stamp | undefined {
  const now = options.now ?? Date.now;
  const limit = now() + clock.maxDrift;
  const before = clock.last();
  let newest: Stamp | undefined = before;
  const see = (value: unknown): void => {
    if (typeof value !== "string" || (newest !== undefined && value <= newest) || !isStamp(value) || stampMillis(value) > limit) return;
    newest = value;
  };
  const seeObject = (object: RealmObjectLike, timestampsProperty: string): void => {
    const dictionary = object[timestampsProperty];
    if (typeof dictionary !== "object" || dictionary === null) return;
    for (const [, value] of dictionaryEntries(dictionary)) see(typeof value === "string" && value.includes("@") ? parseIncrement(value)?.stamp : value);
  };

  const changeset = options.changeset;
  if (changeset !== undefined) {
    for (const object of changeset.objects) {
      see(object.created);
      for (const key in object.fields) see(object.fields[key]?.stamp);
      for (const key in object.base ?? {}) see(object.base?.[key]?.stamp);
      for (const key in object.increments ?? {}) see(parseIncrement(object.increments?.[key])?.stamp);
    }
    for (const tombstone of changeset.tombstones) see(tombstone.stamp);
  }
  for (const stamp of options.stamps ?? []) see(stamp);

  const config = resolveTracking(realm, options.tracking);
  for (const model of config.models.values()) {
    if (!model.tracked || model.embedded) continue;
    const all = realm.objects(model.name) as Sortable;
    const counter = model.newestStampColumn;
    if (counter === undefined) {
      for (const object of all) seeObject(object, config.timestampsProperty);
      continue;
    }
    // The counter is never below its object's newest stamp's milliseconds; 0: never maintained.
    for (const object of all.filtered(`${counter} == 0`)) seeObject(object, config.timestampsProperty);
    const floor = newest === undefined ? 0 : stampMillis(newest);
    const reached = all.filtered(`${counter} >= $0`, Math.max(floor, 1)) as Sortable;
    if (typeof reached.sorted !== "function") {
      for (const object of reached) seeObject(object, config.timestampsProperty);
      continue;
    }
    let reads = 0;
    for (const object of reached.sorted(counter, true)) {
      // Sorted by counter, newest first: once a counter is below the newest stamp, so is everything after it.
      const millis = readNewestStamp(object, counter);
      if (newest !== undefined && millis < stampMillis(newest)) break;
      if (millis > limit) {
        // Beyond the drift bound (a wrong clock, or raises of two devices added up): its other stamps may be within it.
        if (++reads <= TOP_READS) seeObject(object, config.timestampsProperty);
        continue;
      }
      if (++reads > TOP_READS) {
        // Many at the top: every stamp left is at or before this counter's millisecond.
        see(formatStamp({ millis, counter: MAX_STAMP_COUNTER, nodeHash: MAX_NODE_HASH }));
        break;
      }
      seeObject(object, config.timestampsProperty);
    }
  }
  if (config.hasTombstoneModel) {
    const tombstones = realm.objects(config.tombstoneModel) as Sortable;
    const ordered = typeof tombstones.sorted === "function" ? tombstones.sorted("stamp", true) : tombstones;
    for (const tombstone of ordered) {
      const stamp = tombstone.stamp;
      see(stamp);
      // Newest first: the first well-formed stamp within the bound is the newest.
      if (ordered !== tombstones && typeof stamp === "string" && isStamp(stamp) && stampMillis(stamp) <= limit) break;
    }
  }

  if (newest === undefined || newest === before) return undefined;
  try {
    clock.receive(newest);
  } catch (error) {
    // The clock's own wall clock may differ from `now`: a stamp it finds too far ahead is not received.
    if (error instanceof ClockDriftError) return undefined;
    throw error;
  }
  return newest;
}
