// The per-object newest-stamp counter (storage format 2, unindexed since format 3): an `int`, never
// below the milliseconds of the object's newest stamp, so extraction queries it instead of reading every object.
import { STAMP_LENGTH, isStamp, stampMillis } from "../clock/index.js";
import type { RealmObjectLike } from "../realm-like.js";
import { parseIncrement } from "../tracking/counter-deltas.js";
import { dictionaryEntries } from "../utils/dictionary.js";

/**
 * The property `trackFields` adds. A `Counter`, not a plain `int`: raises are increments, and
 * concurrent increments from two devices add up under sync, so the synced value never drops
 * below either device's newest stamp (two plain writes would keep only one of them).
 *
 * No search index (storage format 3; format 2 had `indexed: true`): Realm answers the extraction's
 * range query by a column scan either way, and the index made every raise cost in proportion to
 * the objects sharing the counter's old value (docs/storage-format.md, format 3). Readers accept
 * the counter with or without an index.
 */
export const NEWEST_STAMP_PROPERTY_SCHEMA = { type: "int", presentation: "counter", default: 0 } as const;

/** Whether a property definition (shorthand or object form, input or canonical) is a required `int` counter. */
export function isNewestStampDefinition(definition: unknown): boolean {
  if (definition === "counter") return true;
  if (typeof definition !== "object" || definition === null) return false;
  const { type, presentation, optional, objectType } = definition as { type?: unknown; presentation?: unknown; optional?: unknown; objectType?: unknown };
  return (type === "counter" || (type === "int" && presentation === "counter")) && optional !== true && objectType === undefined;
}

/** The counter's value on `object` (0 when unset: written before format 2, or by a format-1 device). */
export function readNewestStamp(object: RealmObjectLike, property: string): number {
  const raw = object[property];
  const value = typeof raw === "object" && raw !== null ? (raw as { value?: unknown }).value : raw;
  return typeof value === "number" ? value : 0;
}

/**
 * Raises the counter on `object` to `millis` when below it, by an increment (never a set: see
 * above). `whenUnset`: the milliseconds to raise an unset counter (0) to instead, when the
 * caller knows only some of the object's stamps (the counter must end at or above all of them).
 */
export function raiseNewestStamp(object: RealmObjectLike, property: string, millis: number, whenUnset?: () => number): void {
  const counter = object[property] as { readonly value: number; increment(by: number): void };
  // One read of the value: on real Realm each read is a call into the native binding.
  const value = counter.value;
  const target = value === 0 && whenUnset !== undefined ? Math.max(millis, whenUnset()) : millis;
  if (value < target) counter.increment(target - value);
}

/** The milliseconds of the newest stamp among `fieldTimestamps` entries (plain stamps and `#inc` entries); 0 when none. */
export function newestStampMillis(entries: Iterable<readonly [string, unknown]>): number {
  let newest: string | undefined;
  for (const [, value] of entries) {
    const stamp = typeof value === "string" && isStamp(value) ? value : parseIncrement(value)?.stamp;
    if (stamp !== undefined && isStamp(stamp) && (newest === undefined || stamp > newest)) newest = stamp;
  }
  return newest === undefined ? 0 : stampMillis(newest);
}

/**
 * `newestStampMillis` of a plain record of stamps, without an entries array (recovery's apply
 * calls it once per updated object). A plain stamp is validated only when it would be the
 * newest: the comparison is the cheaper test.
 */
export function newestStampMillisOfRecord(stamps: Readonly<Record<string, unknown>>): number {
  let newest: string | undefined;
  for (const key in stamps) {
    const value = stamps[key];
    const stamp = typeof value === "string" && value.length === STAMP_LENGTH ? value : parseIncrement(value)?.stamp;
    if (stamp !== undefined && (newest === undefined || stamp > newest) && isStamp(stamp)) newest = stamp;
  }
  return newest === undefined ? 0 : stampMillis(newest);
}

/** `newestStampMillis` over a Realm dictionary (or plain record) of stamps. */
export function newestStampMillisOf(dictionary: unknown): number {
  return typeof dictionary === "object" && dictionary !== null ? newestStampMillis(dictionaryEntries(dictionary)) : 0;
}
