// subscriptionFilter: predicts the server's compensating writes (error 231, the Flutter seed)
// by testing each recovered object against the flexible-sync subscription queries.
import type { CanWrite, CanWriteContext, WriteVerdict } from "../recovery/merge-plan.js";
import { decodePrimaryKey } from "../schema/primary-key.js";
import { InvalidOptionError } from "../errors.js";
import type { RealmLike } from "../realm-like.js";
import type { FilterableResultsLike, QueryableRealmLike, SubscriptionLike } from "./sync-sdk-types.js";
import { combineWriteChecks } from "./combine-write-checks.js";
import { permissionCheck } from "./write-check.js";
import type { CheckedObject } from "./write-check.js";

/** Options of `subscriptionFilter`. */
export interface SubscriptionFilterOptions {
  /**
   * The subscriptions to test against.
   * @default realm.subscriptions
   */
  readonly subscriptions?: Iterable<SubscriptionLike>;
  /**
   * Realms where the object is looked up, first holding it wins. Pass the backup first in a
   * recovery: a recovered create exists only there, with the device's values.
   * @default [realm]
   */
  readonly objectsIn?: readonly (QueryableRealmLike | RealmLike)[];
  /** The app's permission rule, e.g. `(model, o) => o.ownerId === user.id`: a refusal reads "denied by permission". */
  readonly permission?: (model: string, object: CheckedObject, context: CanWriteContext) => boolean;
  /**
   * Models not checked against subscriptions (local-only bookkeeping, asymmetric models).
   * @default []
   */
  readonly exemptModels?: readonly string[];
}

const OUTSIDE: WriteVerdict = { reason: "outside subscription" };
const TRUE = /^\s*TRUEPREDICATE\s*$/i;
const FALSE = /^\s*FALSEPREDICATE\s*$/i;

/**
 * A `canWrite` that refuses objects matching none of the realm's subscriptions for their model
 * ("outside subscription") and, with `permission`, objects the app's rule refuses ("denied by
 * permission"). On real Realm 12.x it queries `realm.objects(model).filtered("(<query>) AND <pk> == $0", pk)`.
 * An object found in none of `objectsIn` counts as outside (nothing to test: written, it would be reverted).
 */
export function subscriptionFilter(realm: QueryableRealmLike & { readonly subscriptions?: Iterable<SubscriptionLike> }, options: SubscriptionFilterOptions = {}): CanWrite {
  const subscriptions = [...(options.subscriptions ?? realm.subscriptions ?? [])];
  const realms = options.objectsIn ?? [realm];
  const exempt = new Set(options.exemptModels ?? []);
  const inSubscription: CanWrite = (model, _object, context) => {
    if (exempt.has(model)) return true;
    const queries = subscriptions.filter((s) => s.objectType === model).map((s) => s.queryString);
    if (queries.length === 0) return OUTSIDE;
    for (const source of realms) {
      const schema = source.schema.find((s) => s.name === model);
      if (schema?.primaryKey === undefined) continue;
      const key = decodePrimaryKey(context.key, model);
      const all = source.objects(model) as Partial<FilterableResultsLike>;
      if (typeof all.filtered !== "function") throw new InvalidOptionError(`subscriptionFilter needs realms whose objects("${model}") can be filtered (Realm Query Language), got one without filtered()`, { model });
      const filtered = all.filtered.bind(all);
      if (filtered(`${schema.primaryKey} == $0`, key).length === 0) continue;
      const matches = queries.some((query) => !FALSE.test(query) && (TRUE.test(query) || filtered(`(${query}) AND ${schema.primaryKey} == $0`, key).length > 0));
      return matches ? true : OUTSIDE;
    }
    return OUTSIDE;
  };
  return options.permission === undefined ? inSubscription : combineWriteChecks(inSubscription, permissionCheck(options.permission));
}
