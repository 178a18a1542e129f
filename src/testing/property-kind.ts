// Classifies each property once, so reads and writes dispatch on a small enum instead of
// re-deriving the type from the schema on every access.
import type { NormalizedObjectSchema, NormalizedPropertySchema } from "../schema/normalize.js";

export const Kind = {
  Primitive: 0,
  Mixed: 1,
  Link: 2,
  Embedded: 3,
  List: 4,
  Set: 5,
  Dictionary: 6,
  LinkingObjects: 7,
  Counter: 8,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** What a single value (a property, or a collection element) holds. */
export interface ValueSpec {
  readonly kind: typeof Kind.Primitive | typeof Kind.Mixed | typeof Kind.Link | typeof Kind.Embedded;
  /** Primitive type name, or the model name of a link / embedded object. */
  readonly type: string;
  readonly optional: boolean;
}

export interface PropertyPlan {
  readonly name: string;
  readonly property: NormalizedPropertySchema;
  readonly kind: Kind;
  /** The value held (the property itself, or each element of a collection). */
  readonly value: ValueSpec;
  readonly isPrimaryKey: boolean;
  /** Error location of this property (allocated once). */
  readonly location: { readonly model: string; readonly field: string };
}

/** The plan of a list or dictionary held in the mixed property (or mixed collection) `base`. */
export function mixedCollectionPlan(base: PropertyPlan, kind: typeof Kind.List | typeof Kind.Dictionary): PropertyPlan {
  return { ...base, kind, value: { kind: Kind.Mixed, type: "mixed", optional: true } };
}

export function planProperty(
  owner: NormalizedObjectSchema,
  property: NormalizedPropertySchema,
  models: ReadonlyMap<string, NormalizedObjectSchema>,
): PropertyPlan {
  const isPrimaryKey = owner.primaryKey === property.name;
  const element = (type: string, optional: boolean): ValueSpec => {
    if (type === "mixed") return { kind: Kind.Mixed, type, optional: true };
    const model = models.get(type);
    if (model) return { kind: model.embedded ? Kind.Embedded : Kind.Link, type, optional };
    return { kind: Kind.Primitive, type, optional };
  };
  const base = { name: property.name, property, isPrimaryKey, location: { model: owner.name, field: property.name } };
  switch (property.type) {
    case "list":
      return { ...base, kind: Kind.List, value: element(property.objectType ?? "mixed", property.optional) };
    case "set":
      return { ...base, kind: Kind.Set, value: element(property.objectType ?? "mixed", property.optional) };
    case "dictionary":
      return { ...base, kind: Kind.Dictionary, value: element(property.objectType ?? "mixed", property.optional) };
    case "linkingObjects":
      return { ...base, kind: Kind.LinkingObjects, value: element(property.objectType ?? "", false) };
    case "object": {
      const value = element(property.objectType ?? "", true);
      return { ...base, kind: value.kind, value };
    }
    case "mixed":
      return { ...base, kind: Kind.Mixed, value: element("mixed", true) };
    default: {
      const value = element(property.type, property.optional);
      if (property.presentation === "counter") return { ...base, kind: Kind.Counter, value };
      return { ...base, kind: Kind.Primitive, value };
    }
  }
}
