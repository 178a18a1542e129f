// Peak-memory sampling for synchronous code: wraps a realm so that every 1,000 objects read
// or written call `sample()`; used only in the memory runs, never in the timed ones.
import type { RealmLike, ResultsLike } from "../../src/realm-like.js";

const EVERY = 1000;

function sampledResults(results: ResultsLike, tick: () => void): ResultsLike {
  return new Proxy(results, {
    get(target, prop) {
      if (prop === Symbol.iterator) {
        return function* iterate() {
          for (const object of target) {
            tick();
            yield object;
          }
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** `realm` seen through a proxy that samples the heap every 1,000 reads / creates. */
export function sampledRealm(realm: RealmLike, sample: () => void): RealmLike {
  let count = 0;
  const tick = (): void => {
    if (++count % EVERY === 0) sample();
  };
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(realm, {
    get(target, prop) {
      if (prop === "objects") return (type: string) => sampledResults(target.objects(type), tick);
      if (prop === "create" || prop === "objectForPrimaryKey") {
        const method = (target[prop] as (...args: unknown[]) => unknown).bind(target);
        return (...args: unknown[]) => {
          tick();
          return method(...args);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== "function") return value;
      if (!bound.has(prop)) bound.set(prop, (value as (...args: unknown[]) => unknown).bind(target));
      return bound.get(prop);
    },
  });
}
