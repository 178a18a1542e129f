// A device's subscriptions compiled once per request: which objects are in its view.
// The Realm Query Language subset is the library's own parser (src/utils/query-language.ts).
import type { ObjectSchemaLike } from "../../realm-like.js";
import { decodePrimaryKey } from "../../schema/primary-key.js";
import { encodeAnyScalar } from "../../recovery/value-codec.js";
import type { EncodedValue } from "../../recovery/value-codec.js";
import { compilePredicate } from "../../utils/query-language.js";
import type { Predicate } from "../../utils/query-language.js";
import type { SubscriptionQuery } from "../protocol.js";
import { comparable } from "../rules/comparable.js";
import { SyncServerError } from "../server-errors.js";

type Document = Readonly<Record<string, EncodedValue>>;

/** The objects a device subscribed to. */
export interface SubscriptionView {
  /** Models with at least one subscription. */
  readonly models: ReadonlySet<string>;
  /** `true` when the object (its document: `documentOf`) matches a subscription of its model. */
  matches(model: string, document: Document): boolean;
}

/** The document rules and queries see: the encoded values plus the primary key's encoded value. */
export function documentOf(schema: ObjectSchemaLike | undefined, key: string, values: Readonly<Record<string, EncodedValue>>): Document {
  if (schema?.primaryKey === undefined) return values;
  let pk: EncodedValue | undefined;
  try {
    pk = encodeAnyScalar(decodePrimaryKey(key, schema.name));
  } catch {
    pk = undefined;
  }
  return pk === undefined ? values : { ...values, [schema.primaryKey]: pk };
}

function read(document: Document, path: string): unknown {
  let value: unknown = document;
  for (const part of path.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value ?? null;
}

/** Compiles `subscriptions` against the server's schema; throws INVALID_SUBSCRIPTION naming the bad one. */
export function compileSubscriptions(subscriptions: readonly SubscriptionQuery[], schema: ReadonlyMap<string, ObjectSchemaLike>): SubscriptionView {
  const byModel = new Map<string, Predicate<Document>[]>();
  subscriptions.forEach((subscription, index) => {
    const model = schema.get(subscription.objectType);
    const name = subscription.name === undefined ? `subscriptions[${index}]` : `subscription "${subscription.name}"`;
    if (model === undefined || model.embedded === true) {
      throw new SyncServerError("INVALID_SUBSCRIPTION", `Invalid ${name}: the server's schema has no top-level model "${subscription.objectType}"`, { model: subscription.objectType });
    }
    const predicate = compilePredicate<Document>(subscription.queryString, subscription.args ?? [], {
      property(path) {
        const root = path.split(".")[0] ?? "";
        if (model.properties[root] === undefined) return { refused: `'${model.name}' has no property '${root}'` };
        return (document) => read(document, path);
      },
      comparable,
      invalid: (query, why) => new SyncServerError("INVALID_SUBSCRIPTION", `Invalid ${name} query '${query}': ${why} (the server supports the library's subset of Realm Query Language)`, { model: model.name }),
    });
    const list = byModel.get(model.name) ?? [];
    list.push(predicate);
    byModel.set(model.name, list);
  });
  return {
    models: new Set(byModel.keys()),
    matches: (model, document) => byModel.get(model)?.some((predicate) => predicate(document)) ?? false,
  };
}
