// One property store per field name, compiled once: `target[key] = value` with `key` a variable
// is a keyed store, and V8 runs a keyed store into a Proxy (every Realm object and Realm
// Dictionary is one) through the runtime, several times slower than the named store
// `target["status"] = value` it runs inline. The write path stores by field name in a loop,
// so it uses one compiled named store per name. Where code cannot be compiled (a content
// security policy without `unsafe-eval`, an engine without `Function`), a plain keyed store.

/** Stores `value` under one fixed property name of `target`, as `target[name] = value` in strict mode. */
export type NamedStore = (target: object, value: unknown) => void;

const stores = new Map<string, NamedStore>();

/**
 * Most names compiled. Stamp keys include dictionary entries' keys (user data, unbounded), so
 * past this many names a store is the plain keyed one and nothing more is cached.
 */
export const MAX_NAMED_STORES = 2048;

/** Whether this engine compiles functions at run time: checked on first use, not on import. */
let compiles: boolean | undefined;

function canCompile(): boolean {
  if (compiles === undefined) {
    try {
      // Not `eval`: a `Function` body sees only globals, and names enter it as JSON string literals.
      compiles = typeof new Function("t", "v", '"use strict"; t["probe"] = v;') === "function";
    } catch {
      compiles = false;
    }
  }
  return compiles;
}

/** The named store of `name` (cached per name, up to `MAX_NAMED_STORES` names). */
export function namedStore(name: string): NamedStore {
  let store = stores.get(name);
  if (store === undefined) {
    if (stores.size >= MAX_NAMED_STORES) return keyedStore(name);
    store = canCompile() ? compile(name) : keyedStore(name);
    stores.set(name, store);
  }
  return store;
}

function compile(name: string): NamedStore {
  // JSON.stringify makes any name a string literal (quotes, backslashes, line separators
  // escaped), so the body is `t["<name>"] = v` and nothing else; strict mode makes a refused
  // store throw, as the keyed store in this (strict) module does.
  return new Function("t", "v", `"use strict"; t[${JSON.stringify(name)}] = v;`) as NamedStore;
}

/** The fallback, and the reference semantics: a keyed store in strict mode. */
export function keyedStore(name: string): NamedStore {
  return (target, value) => {
    (target as Record<string, unknown>)[name] = value;
  };
}
