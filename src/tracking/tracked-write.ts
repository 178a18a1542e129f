// `trackedWrite`: one Realm write transaction whose mutations stamp the fields they change,
// atomically with the data (law 4). The tracking config is resolved once per realm.
import { getDefaultClock } from "../clock/index.js";
import type { HybridClock } from "../clock/index.js";
import type { RealmLike } from "../realm-like.js";
import { resolveTracking } from "../schema/tracking-config.js";
import type { TrackingConfig } from "../schema/tracking-config.js";
import type { TrackingOptions } from "../schema/tracking-options.js";
import { Transaction } from "./transaction.js";
import type { TrackedTransaction } from "./transaction.js";

/** Options of `trackedWrite`. */
export interface TrackedWriteOptions {
  /**
   * The clock whose `now()` stamps this write (called once, on the first change).
   * @default getDefaultClock()
   */
  readonly clock?: HybridClock;
  /**
   * The options the realm's schema was given to `trackFields` with.
   * @default {}
   */
  readonly tracking?: TrackingOptions;
}

const configs = new WeakMap<RealmLike, Map<string, TrackingConfig>>();
// Apps pass the same options object on every write: its cache key is computed once (so an
// options object is read on first use; pass a new object, not a mutated one, to change it).
const optionKeys = new WeakMap<TrackingOptions, string>();

function cacheKeyOf(options: TrackingOptions | undefined): string {
  if (options === undefined) return "";
  let key = optionKeys.get(options);
  if (key === undefined) {
    key = JSON.stringify(options);
    optionKeys.set(options, key);
  }
  return key;
}

/** The realm's `TrackingConfig` under `options`, resolved once per realm and options. */
export function trackingConfigFor(realm: RealmLike, options?: TrackingOptions): TrackingConfig {
  let byOptions = configs.get(realm);
  if (!byOptions) {
    byOptions = new Map();
    configs.set(realm, byOptions);
  }
  const cacheKey = cacheKeyOf(options);
  let config = byOptions.get(cacheKey);
  if (!config) {
    config = resolveTracking(realm, options);
    byOptions.set(cacheKey, config);
  }
  return config;
}

/**
 * Runs `callback` in one write transaction of `realm` and returns its result. Mutations made
 * through `tx` stamp the fields they change with one stamp of `options.clock`; a throw rolls
 * back data and stamps together. Called inside an open write transaction, it joins it.
 */
export function trackedWrite<T>(realm: RealmLike, callback: (tx: TrackedTransaction) => T, options: TrackedWriteOptions = {}): T {
  const config = trackingConfigFor(realm, options.tracking);
  const clock = options.clock ?? getDefaultClock();
  return realm.isInTransaction ? runTracked(realm, config, clock, callback) : realm.write(() => runTracked(realm, config, clock, callback));
}

/** The body of one tracked write: a `Transaction` that ends with the callback. */
function runTracked<T>(realm: RealmLike, config: TrackingConfig, clock: HybridClock, callback: (tx: TrackedTransaction) => T): T {
  const tx = new Transaction(realm, config, clock);
  try {
    // TrackedTransaction is Transaction's methods with their public (generic) typing.
    return callback(tx as TrackedTransaction);
  } finally {
    tx.close();
  }
}
