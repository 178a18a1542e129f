// Counts calls into Realm's native binding: every function of `realm.node` is wrapped before the
// `realm` package captures them, so a count covers every call the JavaScript SDK makes into C++.
// Only for a separate counting process (BENCH_COUNT_REALM_CALLS=1): the wrappers cost time.
import Module, { createRequire } from "node:module";
import path from "node:path";

let total = 0;
let installed = false;
/** Calls per native function name, counted only while `countByName(true)` is on. */
let byName: Map<string, number> | undefined;

/**
 * Hands the SDK a copy of the native module whose functions count their calls (the module's own
 * exports are read-only); call before `realm` is first loaded. Returns false when no binding loads.
 */
export function installRealmCallCounter(): boolean {
  if (installed) return true;
  const require = createRequire(import.meta.url);
  let native: Record<string, unknown>;
  try {
    native = require(path.join(path.dirname(require.resolve("realm/package.json")), "prebuilds", "node", "realm.node")) as Record<string, unknown>;
  } catch {
    return false;
  }
  // A proxy over an empty target (the native properties are read-only, so a proxy over the
  // module itself could not hand out other functions): each function comes back wrapped once.
  const wrapped = new Map<PropertyKey, unknown>();
  const counted = new Proxy({} as Record<string, unknown>, {
    get(_, name) {
      const value = native[name as string];
      if (typeof value !== "function") return value;
      let wrapper = wrapped.get(name);
      if (wrapper === undefined) {
        const original = value as (...args: unknown[]) => unknown;
        const key = String(name);
        wrapper = function count(this: unknown, ...args: unknown[]): unknown {
          total++;
          if (byName !== undefined) byName.set(key, (byName.get(key) ?? 0) + 1);
          return original.apply(native, args);
        };
        wrapped.set(name, wrapper);
      }
      return wrapper;
    },
  });
  // The SDK loads its binding with `require("#realm.node")`: answer that one request with the copy.
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]): unknown {
    return request === "#realm.node" ? counted : load.call(this, request, ...rest);
  };
  installed = true;
  return true;
}

/** Native calls counted so far. */
export function realmCalls(): number {
  return total;
}

/** Starts (true) or stops (false) counting calls per native function; returns the counts so far (empty when off). */
export function countByName(on: boolean): Map<string, number> {
  const counts = byName ?? new Map<string, number>();
  byName = on ? (byName ?? new Map()) : undefined;
  return counts;
}
