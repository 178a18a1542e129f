// The managed collections of the in-memory store and the factory the engine uses to wrap a
// row's container in the right one.
import type { Engine } from "./engine.js";
import { Kind as KINDS } from "./property-kind.js";
import type { Container } from "./row.js";
import type { CollectionHandle } from "./collection-base.js";
import { MemoryDictionary } from "./dictionary.js";
import { MemoryList } from "./list.js";
import { MemorySet } from "./set.js";

export { isCollectionHandle } from "./collection-base.js";
export type { CollectionHandle } from "./collection-base.js";
export { MemoryCounter } from "./counter.js";
export { assertDictionaryKey, MemoryDictionary } from "./dictionary.js";
export { MemoryList } from "./list.js";
export { MemorySet } from "./set.js";

// A module-local copy: property reads on it stay cheap under CJS interop.
const Kind = KINDS;

export function createCollectionHandle(engine: Engine, container: Container): CollectionHandle {
  const plan = container.plan;
  switch (plan.kind) {
    case Kind.List:
      return new MemoryList(engine, container, plan).proxy;
    case Kind.Set:
      return new MemorySet(engine, container, plan);
    default:
      return new MemoryDictionary(engine, container, plan).proxy;
  }
}
