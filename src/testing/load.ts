// Fills a fresh memory realm from another source (a RealmLike, or a dump) in two passes:
// first every top-level object with its scalars, then links, collections and embedded
// objects, so links re-point to the copies whatever the order of the source.
import type { Engine } from "./engine.js";
import { Kind as KINDS } from "./property-kind.js";
import type { PropertyPlan, ValueSpec } from "./property-kind.js";
import type { Row } from "./row.js";
import { setOwn } from "../utils/dictionary.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

/** Where a link in the source points: a model and an identity string (see `LoadSource.identity`). */
export interface LinkTarget {
  readonly model: string;
  readonly identity: string;
}

export interface LoadSource {
  /** Top-level objects of one (non-embedded) model. */
  objects(model: string): Iterable<unknown>;
  /** A string identifying a top-level source object (same value `linkTarget` reports). */
  identity(model: string, object: unknown, index: number): string;
  /** Reads a field of a source object or embedded object. */
  field(object: unknown, name: string): unknown;
  /** The target of a value in a link position (or a mixed value), undefined when it is not a link. */
  linkTarget(value: unknown, expectedModel: string | undefined): LinkTarget | undefined;
  /** Turns a source scalar into a value the store accepts. */
  scalar(value: unknown): unknown;
  /** Entries of a source dictionary. */
  dictionaryEntries(value: unknown): Iterable<[string, unknown]>;
  /** Elements of a source list or set. */
  elements(value: unknown): Iterable<unknown>;
  /** Whether a mixed value is a list or a dictionary (collections in mixed, realm >= 12.9). */
  mixedCollection(value: unknown): "list" | "dictionary" | undefined;
}

export function loadInto(engine: Engine, source: LoadSource): void {
  const copies = new Map<string, Row>();
  const pending: [Row, unknown][] = [];
  engine.begin();
  try {
    for (const model of engine.models.values()) {
      if (model.schema.embedded || model.schema.asymmetric) continue;
      let index = 0;
      for (const object of source.objects(model.name)) {
        const values: Record<string, unknown> = {};
        for (const plan of model.plans) {
          if (plan.kind === Kind.Primitive || plan.kind === Kind.Counter) values[plan.name] = counterValue(source.scalar(source.field(object, plan.name)));
        }
        const row = engine.create(model, values, "never");
        copies.set(`${model.name}\u0000${source.identity(model.name, object, index)}`, row);
        pending.push([row, object]);
        index++;
      }
    }
    const resolve = (target: LinkTarget | undefined): unknown => {
      if (!target) return null;
      const row = copies.get(`${target.model}\u0000${target.identity}`);
      return row ? engine.handle(row) : null;
    };
    const translate = (spec: ValueSpec, value: unknown): unknown => {
      if (value === null || value === undefined) return null;
      switch (spec.kind) {
        case Kind.Primitive:
          return counterValue(source.scalar(value));
        case Kind.Link:
          return resolve(source.linkTarget(value, spec.type));
        case Kind.Mixed: {
          const target = source.linkTarget(value, undefined);
          if (target) return resolve(target);
          const collection = source.mixedCollection(value);
          if (collection === "list") return [...source.elements(value)].map((element) => translate(spec, element));
          if (collection === "dictionary") {
            const out: Record<string, unknown> = {};
            for (const [key, element] of source.dictionaryEntries(value)) setOwn(out, key, translate(spec, element));
            return out;
          }
          return source.scalar(value);
        }
        case Kind.Embedded: {
          const model = engine.model(spec.type);
          const out: Record<string, unknown> = {};
          for (const plan of model.plans) {
            if (plan.kind === Kind.LinkingObjects) continue;
            out[plan.name] = translateField(plan, source.field(value, plan.name));
          }
          return out;
        }
      }
    };
    const translateField = (plan: PropertyPlan, value: unknown): unknown => {
      switch (plan.kind) {
        case Kind.List:
        case Kind.Set:
          return value === null || value === undefined ? [] : [...source.elements(value)].map((element) => translate(plan.value, element));
        case Kind.Dictionary: {
          const out: Record<string, unknown> = {};
          if (value !== null && value !== undefined) for (const [key, element] of source.dictionaryEntries(value)) setOwn(out, key, translate(plan.value, element));
          return out;
        }
        case Kind.Counter:
          return counterValue(source.scalar(value));
        default:
          return translate(plan.value, value);
      }
    };
    for (const [row, object] of pending) {
      for (const plan of row.model.plans) {
        if (plan.kind === Kind.Primitive || plan.kind === Kind.Counter || plan.kind === Kind.LinkingObjects) continue;
        const value = translateField(plan, source.field(object, plan.name));
        if (value === null && plan.kind !== Kind.Embedded && plan.kind !== Kind.Link && plan.kind !== Kind.Mixed) continue;
        engine.write(row, plan, value, true);
      }
    }
    engine.commit();
  } catch (error) {
    if (engine.tx) engine.cancel();
    throw error;
  }
}

/** A Counter read from a source realm becomes its number. */
function counterValue(value: unknown): unknown {
  if (typeof value === "object" && value !== null && typeof (value as { increment?: unknown }).increment === "function") {
    return (value as { value: unknown }).value;
  }
  return value;
}
