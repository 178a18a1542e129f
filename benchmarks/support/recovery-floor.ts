// The floor of a recovery in storage format 2 on the benchmark's data: the same merge done by
// hand with the fewest calls into Realm, no checks, no report. It queries the backup objects
// stamped after the checkpoint (the newest-stamp counter), reads each one's stamp keys (it must
// find the keys stamped after the checkpoint: one read per field key, which on real Realm costs
// less than listing the dictionary with `entries()`, see benchmarks/dictionary-access.ts) and
// the values of those keys only; then,
// in one transaction, finds the fresh object, reads the stamp keys the decision needs (the
// field's key and `#created`), and writes each winning value, its stamp key and one counter raise.
import type { Stamp } from "../../src/clock/index.js";
import { stampMillis } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";

type Dictionary = Record<string, string | undefined>;
type Counter = { readonly value: number; increment(by: number): void };
type Filterable = { filtered(query: string, ...args: unknown[]): Iterable<RealmObjectLike> };

interface Pending {
  readonly id: number;
  readonly fields: string[];
  readonly stamps: string[];
  readonly values: unknown[];
}

/** Merges the backup's `Item` edits after `since` into `fresh` (every object exists on both sides here). Returns the fields written. */
export function recoveryFloor(backup: RealmLike, fresh: RealmLike, since: Stamp): number {
  const changed = (backup.objects("Item") as unknown as Filterable).filtered("newestStampMillis >= $0", stampMillis(since));
  // The model's fields (their names are their stamp keys here): every one but the key and tracking's two.
  const properties = Object.keys(backup.schema.find((model) => model.name === "Item")?.properties ?? {}).filter((name) => name !== "_id" && name !== "fieldTimestamps" && name !== "newestStampMillis");
  const pending: Pending[] = [];
  for (const object of changed) {
    const fields: string[] = [];
    const stamps: string[] = [];
    const dictionary = object.fieldTimestamps as Dictionary;
    for (const key of properties) {
      const stamp = dictionary[key];
      if (stamp !== undefined && stamp > since) {
        fields.push(key);
        stamps.push(stamp);
      }
    }
    if (fields.length > 0) pending.push({ id: object._id as number, fields, stamps, values: fields.map((field) => object[field]) });
  }
  let written = 0;
  fresh.write(() => {
    for (const { id, fields, stamps, values } of pending) {
      const target = fresh.objectForPrimaryKey("Item", id) as RealmObjectLike;
      const dictionary = target.fieldTimestamps as Dictionary;
      const created = dictionary["#created"] as string;
      let newest = "";
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i] as string;
        const stamp = stamps[i] as string;
        const own = dictionary[field];
        if (stamp <= (own !== undefined && own > created ? own : created)) continue;
        target[field] = values[i];
        dictionary[field] = stamp;
        if (stamp > newest) newest = stamp;
        written++;
      }
      if (newest === "") continue;
      const counter = target.newestStampMillis as Counter;
      const value = counter.value;
      const millis = stampMillis(newest);
      if (value < millis) counter.increment(millis - value);
    }
  });
  return written;
}
