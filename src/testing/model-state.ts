// Builds the per-model state of a memory realm from its normalized schema: property plans, the
// row template, ordered indexes and the Proxy traps of managed objects.
import type { NormalizedObjectSchema } from "../schema/normalize.js";
import { Kind as KINDS, planProperty } from "./property-kind.js";
import type { ModelState } from "./row.js";
import { orderedIndexes } from "./row-indexes.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** A model's empty state; its `proto` is filled in by the engine (it needs the engine). */
export function createModelState(model: NormalizedObjectSchema, byName: ReadonlyMap<string, NormalizedObjectSchema>): ModelState {
  const plans = Object.values(model.properties).map((property) => planProperty(model, property, byName));
  return {
    name: model.name,
    schema: model,
    persisted: Object.values(model.properties).filter((p) => p.type !== "linkingObjects"),
    primaryKey: model.primaryKey === undefined ? undefined : model.properties[model.primaryKey],
    plans,
    planByName: new Map(plans.map((plan) => [plan.name, plan])),
    collections: plans.filter((plan) => plan.kind === Kind.List || plan.kind === Kind.Set || plan.kind === Kind.Dictionary),
    traps: keyTraps(plans.map((plan) => plan.name)),
    template: Object.fromEntries(plans.filter((plan) => plan.kind !== Kind.LinkingObjects).map((plan) => [plan.name, null])),
    rows: [],
    byKey: new Map(),
    indexes: orderedIndexes(model),
    liveCount: 0,
    deadCount: 0,
    version: 0,
    txId: 0,
    proto: {},
  };
}

const PROPERTY_DESCRIPTOR: PropertyDescriptor = { configurable: true, enumerable: true, writable: true };

/** Proxy traps that make the schema's properties look like own enumerable keys (as Realm does). */
function keyTraps(names: readonly string[]): ProxyHandler<object> {
  const known = new Set(names);
  return {
    ownKeys: (target) => [...Reflect.ownKeys(target), ...names],
    getOwnPropertyDescriptor: (target, prop) =>
      typeof prop === "string" && known.has(prop) ? PROPERTY_DESCRIPTOR : Reflect.getOwnPropertyDescriptor(target, prop),
  };
}
