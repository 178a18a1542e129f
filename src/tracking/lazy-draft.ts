// The top-level draft of a `tx.update` recipe: it behaves like immer's draft of the object's
// plain snapshot, but reads (and snapshots) a field only when the recipe touches it, so a
// recipe changing 3 fields of 12 reads 3. Collections and embedded objects are immer drafts.
import { current, isDraft, isDraftable } from "immer";
import { immer } from "./immer.js";
import { keepShape } from "../utils/keep-shape.js";
import { TrackedWriteError } from "./tracking-errors.js";

/** What a recipe did: the top-level names it may have changed, their values before and after. */
export interface RecipeOutcome {
  /** Names assigned, deleted, returned in a replacement, or whose nested draft changed; each once. */
  readonly touched: readonly string[];
  /** Values after the recipe: `next[i]` is the value of `touched[i]` (arrays, not a record: one write per object). */
  readonly next: readonly unknown[];
  /** Snapshot values before the recipe: `previous[i]` is the value `touched[i]` had (loaded for every touched field). */
  readonly previous: readonly unknown[];
}

const DELETED: unique symbol = Symbol("deleted");
const STATE: unique symbol = Symbol("lazy-draft-state");

const RETURNED_AND_MODIFIED = "[Immer] An immer producer returned a new value *and* modified its draft. Either return a new value *or* modify the draft.";

/** Field names: a set, or a map keyed by them. */
type Names = ReadonlySet<string> | ReadonlyMap<string, unknown>;

/** Where a draft reads its fields from: `load(name)` returns the plain snapshot of one field. */
export interface FieldSource {
  load(name: string): unknown;
}

// The patch listener of `finishDraft`, shared (no closure per draft): it runs synchronously.
let lastPatchCount = 0;
function countPatches(patches: readonly unknown[]): void {
  lastPatchCount = patches.length;
}

// A recipe touches a few fields of its object: the loaded snapshots and the assignments are kept
// as pairs of arrays searched in order (for a handful of names a scan costs less than hashing,
// and making a Map per draft costs more than either), with a Map index once they grow.
const SCAN_LIMIT = 8;

/** Names and values in insertion order, found by a scan while few and through an index past `SCAN_LIMIT`. */
class Pairs {
  readonly names: string[] = [];
  readonly values: unknown[] = [];
  private index: Map<string, number> | undefined;

  find(name: string): number {
    if (this.index !== undefined) return this.index.get(name) ?? -1;
    const names = this.names;
    for (let i = 0; i < names.length; i++) if (names[i] === name) return i;
    return -1;
  }

  set(name: string, value: unknown): void {
    const at = this.find(name);
    if (at === -1) this.push(name, value);
    else this.values[at] = value;
  }

  /** Adds a name not among these yet. */
  push(name: string, value: unknown): void {
    this.names.push(name);
    this.values.push(value);
    if (this.index !== undefined) this.index.set(name, this.names.length - 1);
    else if (this.names.length > SCAN_LIMIT) this.index = new Map(this.names.map((n, i) => [n, i]));
  }

  removeAt(at: number): void {
    this.names.splice(at, 1);
    this.values.splice(at, 1);
    if (this.index !== undefined) this.index = new Map(this.names.map((n, i) => [n, i]));
  }
}

/** The state behind one draft; the proxy's target holds it under a private symbol (shared traps, no closures per call). */
class DraftState {
  /** Snapshots loaded so far. */
  readonly base = new Pairs();
  /** Top-level assignments and deletions (`DELETED`), in order. */
  assigned: Pairs | undefined;
  /** Immer drafts of loaded draftable fields. */
  drafts: Map<string, object> | undefined;
  done = false;

  constructor(
    readonly names: Names,
    readonly source: FieldSource,
  ) {}

  baseValue(name: string): unknown {
    const base = this.base;
    const at = base.find(name);
    if (at !== -1) return base.values[at];
    const value = this.names.has(name) ? this.source.load(name) : undefined;
    base.push(name, value);
    return value;
  }

  /** The index of `name` among the assignments, or -1. */
  assignedAt(name: string): number {
    return this.assigned === undefined ? -1 : this.assigned.find(name);
  }

  present(name: string): boolean {
    const at = this.assignedAt(name);
    if (at !== -1) return (this.assigned as Pairs).values[at] !== DELETED;
    return this.names.has(name);
  }

  /** The value a recipe reads: an assignment, else the field's snapshot (drafted when draftable). */
  read(name: string): unknown {
    const at = this.assignedAt(name);
    if (at !== -1) {
      const value = (this.assigned as Pairs).values[at];
      return value === DELETED ? undefined : value;
    }
    const draft = this.drafts?.get(name);
    if (draft !== undefined) return draft;
    const value = this.baseValue(name);
    if (!isDraftable(value)) return value;
    const created = immer.createDraft(value as object);
    (this.drafts ??= new Map()).set(name, created);
    return created;
  }

  assign(name: string, value: unknown): void {
    (this.assigned ??= new Pairs()).set(name, value);
  }

  remove(name: string): void {
    // A field is deleted (written as undefined); a name the recipe added is just forgotten.
    if (this.names.has(name)) this.assign(name, DELETED);
    else {
      const at = this.assignedAt(name);
      if (at !== -1) (this.assigned as Pairs).removeAt(at);
    }
  }

  ownKeys(): string[] {
    const keys: string[] = [];
    for (const name of this.names.keys()) if (this.present(name)) keys.push(name);
    const assigned = this.assigned;
    if (assigned) {
      for (let i = 0; i < assigned.names.length; i++) {
        const name = assigned.names[i] as string;
        if (!this.names.has(name) && assigned.values[i] !== DELETED) keys.push(name);
      }
    }
    return keys;
  }
}

// One idle draft state (with its pairs) holds their hidden classes between writes (keep-shape.ts).
const idleState = keepShape(new DraftState(new Set(), { load: () => undefined }));
idleState.assign("", undefined);
idleState.done = true;

type Target = { [STATE]: DraftState };

function stateOf(target: Target, operation: string): DraftState {
  const state = target[STATE];
  if (state.done) throw new TypeError(`Cannot perform '${operation}' on a proxy that has been revoked`);
  return state;
}

const TRAPS: ProxyHandler<Target> = {
  get(target, prop, receiver) {
    const state = stateOf(target, "get");
    return typeof prop === "string" && state.present(prop) ? state.read(prop) : Reflect.get(target, prop, receiver);
  },
  set(target, prop, value) {
    const state = stateOf(target, "set");
    if (typeof prop !== "string") return Reflect.set(target, prop, value);
    state.assign(prop, value);
    return true;
  },
  deleteProperty(target, prop) {
    const state = stateOf(target, "deleteProperty");
    if (typeof prop !== "string") return Reflect.deleteProperty(target, prop);
    state.remove(prop);
    return true;
  },
  has(target, prop) {
    const state = stateOf(target, "has");
    return (typeof prop === "string" && state.present(prop)) || (prop !== STATE && Reflect.has(target, prop));
  },
  ownKeys(target) {
    return stateOf(target, "ownKeys").ownKeys();
  },
  getOwnPropertyDescriptor(target, prop) {
    const state = stateOf(target, "getOwnPropertyDescriptor");
    if (typeof prop !== "string") return prop === STATE ? undefined : Reflect.getOwnPropertyDescriptor(target, prop);
    return state.present(prop) ? { value: state.read(prop), writable: true, enumerable: true, configurable: true } : undefined;
  },
  defineProperty(target, prop, descriptor) {
    const state = stateOf(target, "defineProperty");
    if (typeof prop !== "string" || !("value" in descriptor)) return Reflect.defineProperty(target, prop, descriptor);
    state.assign(prop, descriptor.value);
    return true;
  },
};

/**
 * Runs `recipe` on a lazy draft of an object whose fields are `names`, read from `source` when
 * first touched. Returns `undefined` when the recipe changed nothing.
 */
export function runRecipe(names: Names, source: FieldSource, recipe: (draft: never) => unknown): RecipeOutcome | undefined {
  const state = new DraftState(names, source);
  const target: Target = { [STATE]: state };
  const proxy = new Proxy(target, TRAPS);

  let returned: unknown;
  try {
    returned = recipe(proxy as never);
    // Values holding drafts (`d.b = d.a`, `return { ...d }`) are taken as they are now; a
    // primitive holds none (the common case: no call, no write).
    const assigned = state.assigned;
    if (assigned) {
      const values = assigned.values;
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (typeof value !== "object" || value === null) continue;
        values[i] = resolveDrafts(value);
      }
    }
    if (returned !== undefined && returned !== proxy) returned = resolveDrafts(returned);
  } finally {
    state.done = true;
  }

  const assigned = state.assigned;
  const touched: string[] = [];
  const next: unknown[] = [];
  let draftsChanged = false;
  if (state.drafts) {
    // Nested drafts in field order, then assignments in their order (as immer's patches come).
    for (const name of names.keys()) {
      const draft = state.drafts.get(name);
      if (draft === undefined) continue;
      lastPatchCount = 0;
      const value = immer.finishDraft(draft, countPatches);
      if (lastPatchCount === 0 || state.assignedAt(name) !== -1) continue;
      draftsChanged = true;
      touched.push(name);
      next.push(value);
    }
  }

  if (returned !== undefined && returned !== proxy) {
    if (typeof (returned as { then?: unknown } | null)?.then === "function") {
      throw new TrackedWriteError("A tx.update recipe must be synchronous: it returned a promise; do the async work before trackedWrite and pass the result in");
    }
    if ((assigned !== undefined && assigned.names.length > 0) || draftsChanged) throw new Error(RETURNED_AND_MODIFIED);
    // A replacement: each field it holds may have changed (absent ones stay).
    const replacement = returned as Record<string, unknown>;
    for (const name of Object.keys(replacement)) {
      touched.push(name);
      next.push(replacement[name]);
    }
  }
  const previous: unknown[] = [];
  for (const name of touched) previous.push(state.baseValue(name));
  if (assigned) {
    for (let i = 0; i < assigned.names.length; i++) {
      const name = assigned.names[i] as string;
      const value = assigned.values[i];
      const before = state.baseValue(name);
      // Like immer, a field assigned its own value again is no change.
      if (value !== DELETED && names.has(name) && Object.is(value, before)) continue;
      touched.push(name);
      next.push(value === DELETED ? undefined : value);
      previous.push(before);
    }
  }
  if (touched.length === 0) return undefined;
  return { touched, next, previous };
}

/** `value` with every immer draft in it (at any depth of plain data) replaced by its current state. */
function resolveDrafts(value: unknown): unknown {
  if (isDraft(value)) return current(value);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((element, i) => {
      const resolved = resolveDrafts(element);
      if (resolved !== element) (out ??= value.slice())[i] = resolved;
    });
    return out ?? value;
  }
  if (value instanceof Set) {
    const elements = Array.from(value as Set<unknown>);
    const resolved = elements.map(resolveDrafts);
    return resolved.some((element, i) => element !== elements[i]) ? new Set(resolved) : value;
  }
  if (value instanceof Map) {
    const entries = Array.from(value as Map<unknown, unknown>);
    const resolved = entries.map(([key, element]): [unknown, unknown] => [key, resolveDrafts(element)]);
    return resolved.some(([, element], i) => element !== entries[i]?.[1]) ? new Map(resolved) : value;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value; // Realm objects, dates, BSON: as they are
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const element = (value as Record<string, unknown>)[key];
    const resolved = resolveDrafts(element);
    if (resolved !== element) {
      out ??= { ...(value as Record<string, unknown>) };
      Object.defineProperty(out, key, { value: resolved, writable: true, enumerable: true, configurable: true });
    }
  }
  return out ?? value;
}
