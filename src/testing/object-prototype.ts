// The prototype of a model's managed objects: one getter/setter per property (the fast
// path for reads and writes) plus Realm.Object's methods. Class models keep their methods.
import type { RealmObjectLike } from "../realm-like.js";
import { MemoryDictionary, MemoryList, MemorySet } from "./collections.js";
import type { Engine, ModelConstructor } from "./engine.js";
import { ROW } from "./engine.js";
import { MemoryRealmError } from "./errors.js";
import type { ObjectChangeCallback } from "./notifications.js";
import { Kind as KINDS } from "./property-kind.js";
import type { PropertyPlan } from "./property-kind.js";
import { MemoryResults } from "./results.js";
import type { ModelState, Row } from "./row.js";
import { setOwn } from "../utils/dictionary.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

function rowOf(handle: unknown): Row {
  return (handle as { [ROW]: Row })[ROW];
}

export function createObjectPrototype(engine: Engine, model: ModelState, ctor: ModelConstructor | undefined): object {
  const proto: object = Object.create((ctor?.prototype as object | undefined) ?? Object.prototype);
  for (const plan of model.plans) {
    if (plan.kind === Kind.LinkingObjects) {
      Object.defineProperty(proto, plan.name, {
        configurable: true,
        enumerable: true,
        get(this: unknown) {
          const row = rowOf(this);
          engine.assertAlive(row);
          return new MemoryResults(engine, engine.model(plan.value.type), () => engine.linkingRows(row, plan), false);
        },
        set() {
          throw new MemoryRealmError("INVALID_OPERATION", "Setting linking objects happens through Array", { model: model.name, field: plan.name });
        },
      });
      continue;
    }
    Object.defineProperty(proto, plan.name, {
      configurable: true,
      enumerable: true,
      get(this: unknown) {
        return engine.read(rowOf(this), plan);
      },
      set(this: unknown, value: unknown) {
        engine.write(rowOf(this), plan, value, false);
      },
    });
  }
  const methods: Record<string, (this: RealmObjectLike, ...args: never[]) => unknown> = {
    isValid(this: RealmObjectLike): boolean {
      return !engine.closed && rowOf(this).alive;
    },
    objectSchema(): unknown {
      engine.assertOpen();
      return model.schema;
    },
    keys(this: RealmObjectLike): string[] {
      engine.assertAlive(rowOf(this));
      return Object.keys(model.schema.properties);
    },
    entries(this: RealmObjectLike): [string, unknown][] {
      engine.assertAlive(rowOf(this));
      return Object.keys(model.schema.properties).map((name) => [name, this[name]]);
    },
    toJSON(this: RealmObjectLike): Record<string, unknown> {
      return toJSON(engine, this, new Map());
    },
    linkingObjects(this: RealmObjectLike, objectType: string, property: string): MemoryResults {
      const row = rowOf(this);
      engine.assertAlive(row);
      const origin = engine.model(objectType);
      const plan: PropertyPlan = {
        name: property,
        property: { name: property, type: "linkingObjects", objectType, property, optional: false, indexed: false, mapTo: property },
        kind: Kind.LinkingObjects,
        value: { kind: Kind.Link, type: objectType, optional: false },
        isPrimaryKey: false,
        location: { model: objectType, field: property },
      };
      return new MemoryResults(engine, origin, () => engine.linkingRows(row, plan), false);
    },
    linkingObjectsCount(this: RealmObjectLike): number {
      const row = rowOf(this);
      engine.assertAlive(row);
      let count = 0;
      for (const other of engine.models.values()) {
        for (const plan of other.plans) {
          if (plan.value.type !== model.name || (plan.kind !== Kind.Link && plan.kind !== Kind.List && plan.kind !== Kind.Set)) continue;
          const linking = { ...plan, property: { ...plan.property, property: plan.name } };
          count += engine.linkingRows(row, { ...linking, value: { ...plan.value, type: other.name } }).length;
        }
      }
      return count;
    },
    addListener(this: RealmObjectLike, callback: ObjectChangeCallback): void {
      const row = rowOf(this);
      engine.assertAlive(row);
      if (typeof callback !== "function") throw new MemoryRealmError("TYPE_MISMATCH", "Expected 'callback' to be a function");
      engine.notifier.addObjectListener(row, callback);
    },
    removeListener(this: RealmObjectLike, callback: ObjectChangeCallback): void {
      engine.notifier.removeObjectListener(rowOf(this), callback);
    },
    removeAllListeners(this: RealmObjectLike): void {
      engine.notifier.removeObjectListener(rowOf(this));
    },
    getPropertyType(name: string): string {
      const property = model.schema.properties[name];
      if (!property) throw new MemoryRealmError("UNKNOWN_PROPERTY", `No such property: ${name}`, { model: model.name, field: name });
      if (property.type === "list" || property.type === "set" || property.type === "dictionary") {
        return `${property.type}<${property.objectType ?? ""}>`;
      }
      return property.type === "object" ? (property.objectType ?? "object") : property.type;
    },
  };
  for (const [name, method] of Object.entries(methods)) {
    if (Object.prototype.hasOwnProperty.call(model.schema.properties, name)) continue;
    Object.defineProperty(proto, name, { value: method, configurable: true, writable: true, enumerable: false });
  }
  return proto;
}

/**
 * Realm's `toJSON` (realm/dist/Object.js): every property, linkingObjects included; objects are
 * inlined (cycles reuse the same output object); a list, set, Results or dictionary becomes an
 * array / record whose objects are inlined and whose other elements stay as they are: a
 * collection nested in a mixed value stays a live collection, a Counter stays a Counter.
 */
function toJSON(engine: Engine, object: RealmObjectLike, seen: Map<unknown, Record<string, unknown>>): Record<string, unknown> {
  const cached = seen.get(object);
  if (cached) return cached;
  const row = rowOf(object);
  engine.assertAlive(row);
  const out: Record<string, unknown> = {};
  seen.set(object, out);
  for (const plan of row.model.plans) out[plan.name] = plainValue(engine, object[plan.name], seen);
  return out;
}

function plainValue(engine: Engine, value: unknown, seen: Map<unknown, Record<string, unknown>>): unknown {
  if (value === null || typeof value !== "object") return value;
  const inline = (item: unknown): unknown => (engine.rowOf(item) ? toJSON(engine, item as RealmObjectLike, seen) : item);
  if (engine.rowOf(value)) return inline(value);
  if (value instanceof MemoryList || value instanceof MemorySet || value instanceof MemoryResults) {
    return (value as { toArray(): unknown[] }).toArray().map(inline);
  }
  if (value instanceof MemoryDictionary) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value.entries()) setOwn(out, key, inline(item));
    return out;
  }
  return value;
}
