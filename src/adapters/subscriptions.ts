// Flexible-sync subscriptions across a discard reset: read the backup's (including those added
// offline, which the discard drops), re-add the missing ones to the reset realm, wait for them.
import type { SubscriptionLike, SubscriptionSetLike } from "./sync-sdk-types.js";
import type { FilterableResultsLike } from "./sync-sdk-types.js";

/** A subscription as plain data (survives the frozen realm it was read from). */
export interface SubscriptionSpec {
  readonly name?: string;
  readonly objectType: string;
  readonly queryString: string;
}

/** Plain copies of a realm's subscriptions (`[]` when it has none). */
export function readSubscriptions(realm: { readonly subscriptions?: Iterable<SubscriptionLike> }): SubscriptionSpec[] {
  const specs: SubscriptionSpec[] = [];
  for (const s of realm.subscriptions ?? []) {
    specs.push(s.name === undefined || s.name === null ? { objectType: s.objectType, queryString: s.queryString } : { name: s.name, objectType: s.objectType, queryString: s.queryString });
  }
  return specs;
}

const sameQuery = (a: SubscriptionSpec, b: SubscriptionSpec): boolean => a.objectType === b.objectType && a.queryString.trim() === b.queryString.trim();

/** The subscriptions of `wanted` that `current` lacks (same name, or same model and query). */
export function missingSubscriptions(wanted: readonly SubscriptionSpec[], current: readonly SubscriptionSpec[]): SubscriptionSpec[] {
  return wanted.filter((w) => !current.some((c) => (w.name !== undefined && c.name === w.name) || sameQuery(w, c)));
}

/**
 * Adds `specs` missing from `realm.subscriptions` (`realm.objects(type).filtered(query)`) and
 * waits for the server to sync them. Returns what was added.
 */
export async function restoreSubscriptions(
  realm: { readonly subscriptions?: SubscriptionSetLike; objects(type: string): FilterableResultsLike },
  specs: readonly SubscriptionSpec[],
): Promise<SubscriptionSpec[]> {
  const set = realm.subscriptions;
  if (set === undefined) return [];
  const missing = missingSubscriptions(specs, readSubscriptions(realm));
  if (missing.length > 0) {
    await set.update((mutable) => {
      for (const spec of missing) mutable.add(realm.objects(spec.objectType).filtered(spec.queryString), spec.name === undefined ? {} : { name: spec.name });
    });
  }
  await set.waitForSynchronization();
  return missing;
}
