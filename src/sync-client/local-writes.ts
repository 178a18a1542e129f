// Writes the sync client makes outside tracking: they mirror the server, so they stamp nothing
// and leave no tombstone (a tombstone would be pushed back as a device's delete).
import type { RealmLike } from "../realm-like.js";
import { decodePrimaryKey } from "../schema/primary-key.js";
import type { ResolvedTrackingOptions } from "../schema/tracking-options.js";

const find = (realm: RealmLike, model: string, key: string) => {
  const schema = realm.schema.find((s) => s.name === model);
  if (schema?.primaryKey === undefined) return null;
  try {
    return realm.objectForPrimaryKey(model, decodePrimaryKey(key, model));
  } catch {
    return null;
  }
};

/** Removes objects (and their tombstones) from the device only, in one write. */
export function removeLocally(realm: RealmLike, ids: readonly { readonly model: string; readonly key: string }[], tracking: ResolvedTrackingOptions): void {
  if (ids.length === 0) return;
  const hasTombstones = realm.schema.some((s) => s.name === tracking.tombstoneModel);
  realm.write(() => {
    for (const { model, key } of ids) {
      const object = find(realm, model, key);
      if (object !== null) realm.delete(object);
      const tombstone = hasTombstones ? realm.objectForPrimaryKey(tracking.tombstoneModel, `${model}/${key}`) : null;
      if (tombstone !== null) realm.delete(tombstone);
    }
  });
}

/** Forgets the device's stamps (and tombstone) of objects, so the server's state replaces them in the next merge. */
export function forgetLocalStamps(realm: RealmLike, ids: readonly { readonly model: string; readonly key: string }[], tracking: ResolvedTrackingOptions): void {
  if (ids.length === 0) return;
  const hasTombstones = realm.schema.some((s) => s.name === tracking.tombstoneModel);
  realm.write(() => {
    for (const { model, key } of ids) {
      const object = find(realm, model, key);
      if (object !== null && realm.schema.find((s) => s.name === model)?.properties[tracking.timestampsProperty] !== undefined) object[tracking.timestampsProperty] = {};
      const tombstone = hasTombstones ? realm.objectForPrimaryKey(tracking.tombstoneModel, `${model}/${key}`) : null;
      if (tombstone !== null) realm.delete(tombstone);
    }
  });
}

/** Deletes every object of `models` and their tombstones (a reset's fresh start), in one write. */
export function clearModels(realm: RealmLike, models: ReadonlySet<string>, tracking: ResolvedTrackingOptions): void {
  const hasTombstones = realm.schema.some((s) => s.name === tracking.tombstoneModel);
  realm.write(() => {
    for (const model of models) if (realm.schema.some((s) => s.name === model)) realm.delete(realm.objects(model));
    if (hasTombstones) for (const row of [...realm.objects(tracking.tombstoneModel)]) if (models.has(String(row.model))) realm.delete(row);
  });
}
