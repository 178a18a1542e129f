// A realm wrapper that counts the objects read out of every Results it hands out: how tests see
// whether extraction queried the newest-stamp counter (a few objects) or read every object.
import type { RealmLike, RealmObjectLike, ResultsLike } from "../../src/realm-like.js";

/** `realm`, counting the objects read out of every Results (iteration or index) it hands out. */
export function countingReads(realm: RealmLike): { realm: RealmLike; read: () => number } {
  let read = 0;
  const wrap = (results: ResultsLike): ResultsLike =>
    new Proxy(results, {
      get(target, key) {
        if (key === Symbol.iterator) {
          return function* iterate(): Generator<RealmObjectLike> {
            for (const object of target) {
              read++;
              yield object;
            }
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          const out = (value as (...a: unknown[]) => unknown).apply(target, args);
          return typeof out === "object" && out !== null && typeof (out as ResultsLike).filtered === "function" ? wrap(out as ResultsLike) : out;
        };
      },
    });
  const proxy = new Proxy(realm, {
    get(target, key) {
      if (key === "objects") return (type: string) => wrap(target.objects(type));
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { realm: proxy, read: () => read };
}
