// Measures what the stamps of stored objects cost: UTF-8 bytes of each fieldTimestamps entry
// (key + value), per stamp and per object. Logical payload, without the store's own overhead.
import type { RealmLike } from "../../src/realm-like.js";

export interface StampBytes {
  readonly objects: number;
  readonly stamps: number;
  readonly totalBytes: number;
  readonly perStamp: number;
  readonly perObject: number;
  readonly entriesPerObject: number;
}

export function stampBytes(realm: RealmLike, model: string, property = "fieldTimestamps"): StampBytes {
  let objects = 0;
  let stamps = 0;
  let totalBytes = 0;
  for (const object of realm.objects(model)) {
    objects++;
    const dictionary = object[property] as Record<string, unknown>;
    for (const key of Object.keys(dictionary)) {
      stamps++;
      totalBytes += Buffer.byteLength(key) + Buffer.byteLength(String(dictionary[key]));
    }
  }
  return { objects, stamps, totalBytes, perStamp: totalBytes / stamps, perObject: totalBytes / objects, entriesPerObject: stamps / objects };
}
