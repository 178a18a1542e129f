// Shared generators and readers of the law tests (test/laws/*.test.ts): a few notes, a few
// fields, random edits made offline on a device (the backup) and by another device on the
// server (the fresh realm), and a random `since`. Everything goes through the public API.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { HybridClock, encodePrimaryKey, formatStamp, trackFields, trackedWrite } from "../../src/index.js";
import type { RealmLike, RealmObjectLike, Stamp } from "../../src/index.js";
import type { SchemaEntryInput } from "../../src/schema/normalize.js";
import { dumpMemoryRealm } from "../../src/testing/index.js";
import type { StoreRealm, StoreUnderTest } from "../contract/stores.js";
import { SOAK } from "../simulation/settings.js";

export const MODEL = "Note";
export const WALL0 = 1_763_000_000_000;
/** The recovery's `now()`: a little after every edit (no stamp is beyond the drift bound). */
export const NOW = (): number => WALL0 + 60_000;

const NOTE = { name: MODEL, primaryKey: "_id", properties: { _id: "int", title: "string", count: "int?", tags: "string{}", friend: "Note?" } } as const;
export const SCHEMA = trackFields([NOTE]) as SchemaEntryInput[];

/** The cells a law compares: top-level fields, and the two dictionary entries edits touch. */
export const CELLS = ["title", "count", "friend", "tags/a", "tags/b"] as const;
export type Cell = (typeof CELLS)[number];
/** A cell's path as the report spells it (`tags.a`). */
export const reportField = (cell: Cell): string => cell.replace("/", ".");

/** Runs of a property: real Realm opens files, so it runs a few; the memory store `n`. SOAK scales both. */
export const lawRuns = (store: StoreUnderTest, n: number): number => Math.round((store.isReal ? Math.max(3, Math.ceil(n / 10)) : n) * SOAK);

// ---- edits -------------------------------------------------------------------------------

export type Side = "a" | "b" | "c";
export type Op =
  | { readonly kind: "title"; readonly id: number; readonly value: string }
  | { readonly kind: "count"; readonly id: number; readonly value: number | null }
  | { readonly kind: "tag"; readonly id: number; readonly tag: "a" | "b"; readonly value: string | null }
  | { readonly kind: "friend"; readonly id: number; readonly to: number | null }
  | { readonly kind: "delete"; readonly id: number }
  | { readonly kind: "create"; readonly id: number };
/** One edit: who makes it, how many ms after the previous one, what it does. */
export interface Edit {
  readonly side: Side;
  readonly dt: number;
  readonly op: Op;
}

/** Notes 1-3 exist on every realm at the checkpoint. Device "a" may create 4-5, "b" 6-7, "c" 8-9 (or re-create a note it deleted). */
const BASE_IDS = [1, 2, 3];
const OWN_IDS: Record<Side, number[]> = { a: [4, 5], b: [6, 7], c: [8, 9] };

const op = (side: Side): fc.Arbitrary<Op> => {
  // Mostly the shared notes, where the devices' edits meet.
  const id = fc.oneof({ arbitrary: fc.constantFrom(...BASE_IDS), weight: 3 }, { arbitrary: fc.constantFrom(...OWN_IDS[side]), weight: 1 });
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant("title" as const), id, value: fc.constantFrom("x", "y", "z") }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("count" as const), id, value: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant("tag" as const), id, tag: fc.constantFrom("a" as const, "b" as const), value: fc.option(fc.constantFrom("p", "q"), { nil: null }) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("friend" as const), id, to: fc.option(id, { nil: null, freq: 4 }) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("delete" as const), id }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant("create" as const), id }), weight: 2 },
  );
};

/** Edits device "a" uploaded and the server lost in a restore (law 7a). */
export const lostInput = fc.record({ edits: fc.array(op("a"), { maxLength: 4 }), notes: fc.subarray(BASE_IDS) });

const dt = fc.integer({ min: 1, max: 20 });
const single = (sides: readonly Side[]): fc.Arbitrary<Edit[]> =>
  fc.constantFrom(...sides).chain((side) => fc.record({ side: fc.constant(side), dt, op: op(side) })).map((edit) => [edit]);

/**
 * Short plots where the devices' edits meet, rare in uniform edits: a delete then another
 * device's edit (laws 10, 11), a link to a note another device deletes (law 12), a delete
 * then a re-create (a later generation, law 10).
 */
const plot = (sides: readonly Side[]): fc.Arbitrary<Edit[]> => {
  const [first, second = first] = sides as [Side, Side?];
  const base = fc.constantFrom(...BASE_IDS);
  return fc.tuple(base, base, dt, dt, fc.boolean()).chain(([id, other, t1, t2, swap]) => {
    const [x, y] = swap ? [second!, first] : [first, second!];
    return fc.constantFrom<Edit[]>(
      [{ side: x, dt: t1, op: { kind: "delete", id } }, { side: y, dt: t2, op: { kind: "title", id, value: "z" } }],
      [{ side: x, dt: t1, op: { kind: "friend", id: other, to: id } }, { side: y, dt: t2, op: { kind: "delete", id } }],
      [{ side: x, dt: t1, op: { kind: "delete", id } }, { side: x, dt: t2, op: { kind: "create", id } }],
    );
  });
};

export const edits = (sides: readonly Side[], maxLength = 8): fc.Arbitrary<Edit[]> =>
  fc
    .array(fc.oneof({ arbitrary: single(sides), weight: 4 }, { arbitrary: plot(sides), weight: 1 }), { maxLength: Math.ceil(maxLength / 2) + 1 })
    .map((chunks) => chunks.flat().slice(0, maxLength));

/** `since`: the device's checkpoint, a full merge (null), or any stamp during the edits. */
export type SinceChoice = { readonly kind: "checkpoint" } | { readonly kind: "full" } | { readonly kind: "at"; readonly ms: number };
export const sinceChoice: fc.Arbitrary<SinceChoice> = fc.oneof(
  fc.constant({ kind: "checkpoint" as const }),
  fc.constant({ kind: "full" as const }),
  fc.record({ kind: fc.constant("at" as const), ms: fc.integer({ min: 0, max: 160 }) }),
);

export interface ScenarioInput {
  readonly edits: readonly Edit[];
  readonly since: SinceChoice;
  /** The skew of each device's wall clock (ms; the server-side device "b" may run behind). */
  readonly skew: { readonly b: number; readonly c: number };
  /**
   * A server restore from an older backup (law 7a): edits device "a" uploaded before its
   * checkpoint that the fresh realm lacks, and base notes it lost (deleted without tombstones).
   */
  readonly lost?: { readonly edits: readonly Op[]; readonly notes: readonly number[] };
}
export const scenarioInput = (sides: readonly Side[] = ["a", "b"], maxEdits = 10): fc.Arbitrary<ScenarioInput> =>
  fc.record({
    edits: edits(sides, maxEdits),
    since: sinceChoice,
    skew: fc.record({ b: fc.integer({ min: -40, max: 40 }), c: fc.integer({ min: -40, max: 40 }) }),
  });

/** Applies `op` as one tracked write (an op that does not apply to this realm's state is a no-op). */
export function applyOp(realm: RealmLike, clock: HybridClock, op: Op, side: Side): void {
  const get = (id: number): RealmObjectLike | null => realm.objectForPrimaryKey(MODEL, id) as RealmObjectLike | null;
  const note = get(op.id);
  if (op.kind === "create") {
    if (note !== null) return;
    trackedWrite(realm, (tx) => tx.create(MODEL, { _id: op.id, title: `${side}${op.id}` }), { clock });
    return;
  }
  if (note === null) return;
  trackedWrite(
    realm,
    (tx) => {
      switch (op.kind) {
        case "title":
          return tx.assign(note, { title: op.value });
        case "count":
          return tx.assign(note, { count: op.value });
        case "tag": {
          const tags = entries(note.tags);
          if (op.value === null) delete tags[op.tag];
          else tags[op.tag] = op.value;
          return tx.assign(note, { tags });
        }
        case "friend":
          return tx.assign(note, { friend: op.to === null ? null : get(op.to) });
        case "delete":
          return tx.delete(note);
      }
    },
    { clock },
  );
}

// ---- building the realms -----------------------------------------------------------------

export interface Scenario {
  /** The server's state as downloaded at the reset. */
  readonly fresh: StoreRealm;
  /** Device "a"'s pre-reset realm (opened read-write: the engine must still not write it). */
  readonly backup: StoreRealm;
  /** Device "c"'s pre-reset realm, when "c" took part. */
  readonly backupC: StoreRealm | undefined;
  readonly since: Stamp | null;
  /** Device "c"'s checkpoint (the same base). */
  readonly sinceC: Stamp;
}

export interface BuildOptions {
  /** Schema of device a's realm (schema drift: it may hold what the fresh realm lacks). @default SCHEMA */
  readonly backupSchema?: readonly SchemaEntryInput[];
  /** Extra writes on device a's realm after the base (fields or models the fresh realm lacks). */
  readonly afterBase?: (backup: StoreRealm, clock: HybridClock) => void;
  /** Build device c's realm even when no edit of "c" was drawn (law 15). @default false */
  readonly withC?: boolean;
}

/**
 * The base (notes 1-3, synced everywhere: replayed with identical clocks so every realm holds
 * the same values and stamps), then each edit on its device's realm: "a" and "c" offline, "b"
 * on the server.
 */
export function buildScenario(store: StoreUnderTest, input: ScenarioInput, options: BuildOptions = {}): Scenario {
  let wall = WALL0;
  const sides = new Set(input.edits.map((edit) => edit.side));
  const withBase = (schema: readonly SchemaEntryInput[]): StoreRealm => {
    const realm = store.open(schema);
    const base = new HybridClock({ nodeId: "base", now: () => WALL0 });
    trackedWrite(realm, (tx) => {
      for (const id of BASE_IDS) tx.create(MODEL, { _id: id, title: `t${id}`, tags: id === 1 ? { a: "o" } : {} });
    }, { clock: base });
    trackedWrite(realm, (tx) => tx.assign(realm.objectForPrimaryKey(MODEL, 2)!, { friend: realm.objectForPrimaryKey(MODEL, 1) }), { clock: base });
    return realm;
  };
  const fresh = withBase(SCHEMA);
  const backup = withBase(options.backupSchema ?? SCHEMA);
  const backupC = sides.has("c") || options.withC === true ? withBase(SCHEMA) : undefined;
  // The base's newest stamp: what every device knows is synced (its checkpoint), and has seen (law 2).
  const since0 = [...notesOf(fresh).values()].map((note) => newestStamp(note.stamps)).reduce((a, b) => (b > a ? b : a));
  const clocks: Record<Side, HybridClock> = {
    a: new HybridClock({ nodeId: "a", now: () => wall, after: since0 }),
    b: new HybridClock({ nodeId: "b", now: () => wall + input.skew.b, after: since0 }),
    c: new HybridClock({ nodeId: "c", now: () => wall + input.skew.c, after: since0 }),
  };
  for (const lostOp of input.lost?.edits ?? []) {
    wall += 1;
    applyOp(backup, clocks.a, lostOp, "a");
  }
  // Device a's checkpoint: its uploads (the base, then the edits the server later lost) completed.
  const checkpointA = clocks.a.last() ?? since0;
  for (const id of input.lost?.notes ?? []) {
    const note = fresh.objectForPrimaryKey(MODEL, id);
    if (note !== null) fresh.write(() => fresh.delete(note)); // untracked: a restore leaves no tombstone
  }
  options.afterBase?.(backup, clocks.a);
  const realms: Record<Side, StoreRealm | undefined> = { a: backup, b: fresh, c: backupC };
  for (const edit of input.edits) {
    wall += edit.dt;
    applyOp(realms[edit.side]!, clocks[edit.side], edit.op, edit.side);
  }
  const since = input.since.kind === "full" ? null : input.since.kind === "checkpoint" ? checkpointA : formatStamp({ millis: WALL0 + input.since.ms, counter: 0, nodeHash: 0 });
  return { fresh, backup, backupC, since, sinceC: since0 };
}

// ---- reading realms ----------------------------------------------------------------------

/** A dictionary's entries as a plain record (store-neutral). */
export function entries(dictionary: unknown): Record<string, string> {
  const d = dictionary as { keys(): Iterable<string> } & Record<string, string>;
  return Object.fromEntries(Array.from(d.keys(), (key) => [key, d[key] as string]));
}

export const stampsOf = (object: RealmObjectLike): Record<string, Stamp> => entries(object.fieldTimestamps);
export const generationOf = (stamps: Readonly<Record<string, Stamp>>): number => Number(stamps["#gen"] ?? 1);
export const keyOf = (id: number): string => encodePrimaryKey(id);

/** A cell's effective stamp: the greatest of its own, its parent's (`tags`) and `#created`. */
export function effectiveStamp(stamps: Readonly<Record<string, Stamp>>, cell: Cell): Stamp | undefined {
  const candidates = [stamps[cell], cell.includes("/") ? stamps[cell.split("/")[0]!] : undefined, stamps["#created"]];
  return candidates.reduce<Stamp | undefined>((a, b) => (b !== undefined && (a === undefined || b > a) ? b : a), undefined);
}

/** The newest stamp an object carries (`#gen` is a counter, not a stamp). */
export const newestStamp = (stamps: Readonly<Record<string, Stamp>>): Stamp =>
  Object.entries(stamps).filter(([key]) => key !== "#gen").reduce((a, [, b]) => (b > a ? b : a), "");

/** A cell's value: scalars as they are, a link as its target's id, an absent entry as undefined. */
export function cellValue(object: RealmObjectLike, cell: Cell): unknown {
  if (cell.startsWith("tags/")) return entries(object.tags)[cell.slice(5)];
  if (cell === "friend") return object.friend === null || object.friend === undefined ? null : (object.friend as RealmObjectLike)._id;
  return object[cell] ?? null;
}

/** A value of a report or changeset (encoded) in `cellValue`'s form. */
export function decodedValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  if (value !== null && typeof value === "object") {
    if ("$absent" in value) return undefined;
    if ("$link" in value) return Number((value as { $link: { key: string } }).$link.key.slice(2));
  }
  return value;
}

export interface NoteState {
  readonly id: number;
  readonly stamps: Record<string, Stamp>;
  readonly values: Record<Cell, unknown>;
}

/** Every note of a realm, by id: its cells' values and its stamps. */
export function notesOf(realm: RealmLike): Map<number, NoteState> {
  const notes = new Map<number, NoteState>();
  for (const object of realm.objects(MODEL)) {
    const note = object as RealmObjectLike;
    const values = Object.fromEntries(CELLS.map((cell) => [cell, cellValue(note, cell)])) as Record<Cell, unknown>;
    notes.set(note._id as number, { id: note._id as number, stamps: stampsOf(note), values });
  }
  return notes;
}

export interface TombstoneState {
  readonly key: string;
  readonly stamp: Stamp;
  readonly generation: number;
}
export function tombstonesOf(realm: RealmLike): Map<string, TombstoneState> {
  const found = new Map<string, TombstoneState>();
  for (const t of realm.objects("FieldRecoveryTombstone")) {
    const tomb = t as RealmObjectLike;
    if (tomb.model === MODEL) found.set(tomb.key as string, { key: tomb.key as string, stamp: tomb.stamp as string, generation: tomb.generation as number });
  }
  return found;
}

/** Is a cell of this backup note unsynced (law 5)? */
export const isUnsynced = (note: NoteState, cell: Cell, since: Stamp | null): boolean => {
  const stamp = effectiveStamp(note.stamps, cell);
  return stamp !== undefined && (since === null || stamp > since);
};

// ---- whole-realm fingerprints (laws 14-17) ----------------------------------------------

/** A deep dump of any realm (both stores), objects and dictionary keys sorted, as one string. */
export function dumpOf(realm: RealmLike, options: { readonly data?: boolean } = {}): string {
  const dump = dumpMemoryRealm(realm);
  const objects = Object.fromEntries(
    Object.entries(dump.objects)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([model, rows]) => {
        const sorted = rows.map((row) => {
          if (options.data !== true) return row;
          // Data only: stamps and the newest-stamp counter are bookkeeping (law 15 is about data).
          const { fieldTimestamps: _stamps, newestStampMillis: _newest, ...data } = row as Record<string, unknown>;
          return data;
        });
        const canonical = sorted.map(canonicalJson);
        canonical.sort();
        return [model, canonical];
      }),
  );
  return JSON.stringify(objects);
}

/** JSON with every object's keys sorted: a dictionary's key order is not data. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record).sort().map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of a realm file's bytes (real Realm only). */
export const fileHash = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
