// The seed's "track changes by object" recipe (Realm's documented manual recovery), run on
// the same data for comparison: every object updated after the last sync is copied whole.
import type { RealmLike, RealmObjectLike } from "../../src/index.js";
import { newestStampMillisOf } from "../../src/schema/newest-stamp.js";

/**
 * The recipe's `lastUpdated`: it stamps whole objects with the time of their last write.
 * Read here from the per-field stamps (their newest), so both methods start from identical data.
 */
export function lastUpdated(object: RealmObjectLike): number {
  return newestStampMillisOf(object.fieldTimestamps);
}

/**
 * The recipe: upsert every backup object with `lastUpdated > lastSynced` (the whole object,
 * `create(..., "modified")`), then delete fresh objects with `lastUpdated <= lastSynced` that
 * the backup lacks (deleted offline).
 */
export function perObjectRecipe(backup: RealmLike, fresh: RealmLike, model: string, lastSynced: number): void {
  const schema = backup.schema.find((candidate) => candidate.name === model);
  if (schema?.primaryKey === undefined) throw new Error(`the recipe needs a model with a primary key, got ${model}`);
  const primaryKey = schema.primaryKey;
  fresh.write(() => {
    for (const object of backup.objects(model)) {
      if (lastUpdated(object) <= lastSynced) continue;
      const values: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties)) {
        // A Counter cannot be overwritten by an upsert (Realm refuses it); the recipe has none of its own.
        if (property.presentation === "counter") continue;
        values[name] = property.type === "dictionary" ? { ...(object[name] as Record<string, unknown>) } : object[name];
      }
      fresh.create(model, values, "modified");
    }
    for (const object of [...fresh.objects(model)]) {
      const key = object[primaryKey] as string;
      if (lastUpdated(object) <= lastSynced && backup.objectForPrimaryKey(model, key) === null) fresh.delete(object);
    }
  });
}
