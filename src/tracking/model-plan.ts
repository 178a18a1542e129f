// What the write path precomputes once per model: each field's property, whether it is stamped,
// whether it is a plain scalar (compared and written in one step), its encoded stamp key, and
// the named stores that write its value and its stamp.
import type { PropertySchemaLike } from "../realm-like.js";
import { encodeFieldKey } from "../schema/field-keys.js";
import type { ModelTracking } from "../schema/tracking-config.js";
import { namedStore } from "./named-store.js";
import type { NamedStore } from "./named-store.js";
import { isScalarProperty } from "./values.js";

/** One field of a model, as the write path uses it. */
export interface FieldPlan {
  readonly property: PropertySchemaLike;
  /** Whether writes to it are stamped (tracked model, tracked field). */
  readonly stamped: boolean;
  /** A scalar that is not a `Counter`: its read value is its snapshot. */
  readonly plainScalar: boolean;
  /** `encodeFieldKey([name])`. */
  readonly key: string;
  /** `object[name] = value`, as a named store (`namedStore`). */
  readonly store: NamedStore;
}

/** A model's field plans. */
export interface ModelPlan {
  readonly fields: ReadonlyMap<string, FieldPlan>;
  /** Fields that hold mixed values (`mixed`, `mixed[]`, `mixed{}`): written through `writableMixed`. */
  readonly mixedFields: readonly string[];
}

const plans = new WeakMap<ModelTracking, ModelPlan>();
// Bulk writes hit one model again and again: the last plan is kept at hand.
let lastModel: ModelTracking | undefined;
let lastPlan: ModelPlan | undefined;

/** The plan of `model`, built on first use (configs are cached per realm, so plans are too). */
export function modelPlan(model: ModelTracking): ModelPlan {
  if (model === lastModel && lastPlan !== undefined) return lastPlan;
  let plan = plans.get(model);
  if (!plan) {
    const fields = new Map<string, FieldPlan>();
    const mixedFields: string[] = [];
    for (const [name, property] of model.properties) {
      if (property.type === "mixed" || ((property.type === "list" || property.type === "dictionary") && property.objectType === "mixed")) mixedFields.push(name);
      fields.set(name, {
        property,
        stamped: model.tracked && model.trackedFields.has(name),
        plainScalar: isScalarProperty(property) && property.presentation !== "counter",
        key: topLevelKey(name),
        store: namedStore(name),
      });
    }
    plan = { fields, mixedFields };
    plans.set(model, plan);
  }
  lastModel = model;
  lastPlan = plan;
  return plan;
}

// Field names are few: their encoded keys are computed once.
const topLevelKeys = new Map<string, string>();

/** `encodeFieldKey([name])`, cached. */
export function topLevelKey(name: string): string {
  let key = topLevelKeys.get(name);
  if (key === undefined) {
    key = encodeFieldKey([name]);
    topLevelKeys.set(name, key);
  }
  return key;
}
