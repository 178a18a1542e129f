// Edge generators for the multi-device simulation (issue 13): values and clocks other suites
// leave out — lists and dictionaries nested in `mixed` (edited in place and replaced), hostile
// dictionary keys, devices and servers whose clocks run a day ahead, counter increments, a
// server delete, concurrent creates of one key, and resolvers that misbehave. Each history is
// checked cell by cell against law 8 (per cell, the greater stamp wins; a stamp beyond the drift
// bound never does), law 14 (a second run applies nothing), whole-object skips carrying their
// values, far-future fresh stamps flagged, and user-code failures typed with nothing written.
// These generators find issue 13's items 1–5 on the code before it.
import fc from "fast-check";
import { expect, it } from "vitest";
import { HybridClock, stampMillis } from "../../src/clock/index.js";
import { FieldRecoveryError } from "../../src/errors.js";
import { resolver } from "../../src/policies/index.js";
import type { FieldPolicyOption, MergePolicies } from "../../src/policies/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { readStampDictionary } from "../../src/recovery/fresh-view.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import type { RecoveryReport } from "../../src/recovery/report.js";
import { effectiveStamp } from "../../src/recovery/stamped-paths.js";
import { CallbackFailedError, InvalidCallbackResultError } from "../../src/recovery/user-code-errors.js";
import { decodeFieldKey, encodeFieldKey } from "../../src/schema/field-keys.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import { plainMixed } from "../recovery/edges-helpers.js";
import { SIM_SEED, TIMEOUT, runs } from "./settings.js";

const BASE = 1_700_000_000_000;
const NOW = BASE + 100_000;
const MAX_DRIFT = 300_000;
const DAY = 86_400_000;
const SCHEMA = trackFields([{ name: "Doc", primaryKey: "_id", properties: { _id: "string", extra: "mixed", notes: "string{}", meta: "mixed{}", clicks: { type: "int", presentation: "counter" } } }]);
const KEYS = ["__proto__", "constructor", "toString", "values", "keys", "set", "length", "", "a/b", "#x", "50%", "k"] as const;

// --- generators

const key = fc.constantFrom(...KEYS);
const scalar = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom("x", "y", ""), fc.boolean(), fc.constant(null));
const { mixed } = fc.letrec<{ mixed: unknown }>((tie) => ({
  mixed: fc.oneof({ depthSize: "small", maxDepth: 3 }, scalar, fc.array(tie("mixed"), { maxLength: 3 }), fc.dictionary(key, tie("mixed"), { maxKeys: 3 })),
}));
/** A dictionary with own keys only (fc.dictionary may yield "__proto__" as an own key already; made explicit here). */
const own = (entries: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(entries)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
};

type Op =
  | { kind: "setExtra"; value: unknown }
  | { kind: "editExtra"; item: unknown; at: string }
  | { kind: "setNote"; key: string; value: string }
  | { kind: "removeNote"; key: string }
  | { kind: "setMeta"; key: string; value: unknown }
  | { kind: "increment"; by: number }
  | { kind: "delete" };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("setExtra" as const), value: mixed }),
  fc.record({ kind: fc.constant("editExtra" as const), item: scalar, at: key }),
  fc.record({ kind: fc.constant("setNote" as const), key, value: fc.constantFrom("1", "2", "3") }),
  fc.record({ kind: fc.constant("removeNote" as const), key }),
  fc.record({ kind: fc.constant("setMeta" as const), key, value: mixed }),
  fc.record({ kind: fc.constant("increment" as const), by: fc.integer({ min: 1, max: 3 }) }),
);
/** A misbehaving (or well-behaved) policy for `extra`: what issue 13's item 5 is about. */
const POLICIES = ["none", "valid", "forgets", "throws", "date", "nothing", "mergedWithoutValue"] as const;
type PolicyKind = (typeof POLICIES)[number];

const history = fc.record({
  deviceSkew: fc.constantFrom(0, 0, DAY),
  serverSkew: fc.constantFrom(0, 0, DAY),
  initial: fc.record({ extra: mixed, notes: fc.dictionary(key, fc.constantFrom("a", "b"), { maxKeys: 3 }), meta: fc.dictionary(key, mixed, { maxKeys: 2 }) }),
  device: fc.array(op, { maxLength: 6 }),
  server: fc.array(fc.oneof({ weight: 6, arbitrary: op }, { weight: 1, arbitrary: fc.constant<Op>({ kind: "delete" }) }), { maxLength: 5 }),
  /** Both sides create "e" (concurrent creates of one key), or only the device. */
  bothCreate: fc.boolean(),
  created: fc.record({ extra: mixed, notes: fc.dictionary(key, fc.constantFrom("a", "b"), { maxKeys: 3 }) }),
  serverCreated: fc.record({ extra: mixed, notes: fc.dictionary(key, fc.constantFrom("c", "d"), { maxKeys: 3 }) }),
  policy: fc.constantFrom(...POLICIES),
});
type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

// --- running a history

class Writer {
  private wall = BASE;
  readonly clock: HybridClock;
  constructor(nodeId: string, private readonly skew: number) {
    this.clock = new HybridClock({ nodeId, now: () => this.wall, maxDrift: Number.POSITIVE_INFINITY });
  }
  at(ms: number): this {
    this.wall = BASE + ms + this.skew;
    return this;
  }
  write(realm: RealmLike, body: Parameters<typeof trackedWrite>[1]): void {
    trackedWrite(realm, body, { clock: this.clock });
  }
}

function apply(writer: Writer, realm: RealmLike, id: string, o: Op): void {
  const doc = realm.objectForPrimaryKey("Doc", id);
  if (doc === null) return;
  writer.write(realm, (tx) => {
    switch (o.kind) {
      case "setExtra":
        return tx.assign(doc, { extra: o.value });
      case "editExtra":
        // In place, inside the immer draft: the case of issue 13's item 1.
        return tx.update(doc, (d: Record<string, any>) => {
          if (Array.isArray(d.extra)) d.extra.push(o.item);
          else if (typeof d.extra === "object" && d.extra !== null && o.at !== "__proto__") d.extra[o.at] = o.item;
          else d.extra = [o.item];
        });
      case "setNote":
        return tx.assign(doc, { notes: own({ ...(plainMixed(doc.notes) as object), [o.key]: o.value }) });
      case "removeNote": {
        const notes = own(plainMixed(doc.notes) as Record<string, unknown>);
        delete notes[o.key];
        return tx.assign(doc, { notes });
      }
      case "setMeta":
        return tx.assign(doc, { meta: own({ ...(plainMixed(doc.meta) as object), [o.key]: o.value }) });
      case "increment":
        return tx.increment(doc, "clicks", o.by);
      case "delete":
        return tx.delete(doc);
    }
  });
}

function policyFor(kind: PolicyKind, calls: { count: number }): MergePolicies | undefined {
  const record = (option: FieldPolicyOption): FieldPolicyOption =>
    typeof option === "function" ? (l, s, c) => (calls.count++, option(l, s, c)) : { name: option.name, resolve: (c) => (calls.count++, option.resolve(c)) };
  const options: Record<Exclude<PolicyKind, "none">, FieldPolicyOption> = {
    valid: resolver((local, server, context) => (context.localStamp > (context.serverStamp ?? "") ? local : server) ?? null, "valid"),
    forgets: resolver(() => undefined, "forgets"),
    throws: resolver(() => {
      throw new Error("resolver bug");
    }, "throws"),
    date: resolver(() => new Date(0) as never, "date"),
    nothing: { name: "nothing", resolve: () => undefined as never },
    mergedWithoutValue: { name: "mergedWithoutValue", resolve: () => ({ winner: "merged" }) as never },
  };
  return kind === "none" ? undefined : { models: { Doc: { fields: { extra: record(options[kind]) } } } };
}

// --- the oracle

const canonical = (value: unknown): string => {
  if (value === undefined) return "undefined";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
    .join(",")}}`;
};
const drifted = (stamp: string | undefined): boolean => stamp !== undefined && stampMillis(stamp) - NOW > MAX_DRIFT;

interface CellState {
  readonly value: string;
  /** The stamp that set (or removed) it; `undefined`: never set on that side. */
  readonly stamp: string | undefined;
}
type Cells = Map<string, CellState>;

/** The cells of one object: `extra` whole, and each entry of `notes` and `meta` (stamped per key). */
function cellsOf(object: RealmObjectLike | null): Cells | undefined {
  if (object === null) return undefined;
  const stamps = readStampDictionary(object.fieldTimestamps);
  const cells: Cells = new Map([["extra", { value: canonical(plainMixed(object.extra)), stamp: effectiveStamp(stamps, ["extra"]) }]]);
  for (const field of ["notes", "meta"]) {
    const entries = plainMixed(object[field]) as Record<string, unknown>;
    const keys = new Set([...Object.keys(entries), ...Object.keys(stamps).flatMap((k) => (k.startsWith(`${field}/`) ? [decodeFieldKey(k)?.[1] ?? ""] : []))]);
    for (const k of keys) {
      const path = [field, k];
      const has = Object.prototype.hasOwnProperty.call(entries, k);
      // A key's own stamp (set or removal), else the stamp that wrote the value it holds; a key
      // this side never held has no stamp (a create sets its keys, it removes none).
      const ownStamp = stamps[encodeFieldKey(path)];
      cells.set(`${field}.${k}`, { value: has ? canonical(entries[k]) : "undefined", stamp: ownStamp !== undefined || has ? effectiveStamp(stamps, path) : undefined });
    }
  }
  return cells;
}

function expectCells(after: Cells | undefined, fresh: Cells | undefined, backup: Cells | undefined, since: string | null, id: string): void {
  if (fresh === undefined && backup === undefined) return;
  expect(after, `object ${id} exists after recovery`).toBeDefined();
  for (const name of new Set([...(after?.keys() ?? []), ...(fresh?.keys() ?? []), ...(backup?.keys() ?? [])])) {
    const f = fresh?.get(name);
    const b = backup?.get(name);
    const unsynced = b?.stamp !== undefined && (since === null || b.stamp > since);
    const localWins = unsynced && !drifted(b?.stamp) && (f?.stamp === undefined || (b?.stamp as string) > f.stamp);
    const expected = localWins ? (b?.value ?? "undefined") : (f?.value ?? "undefined");
    expect(after?.get(name)?.value ?? "undefined", `${id}.${name}: fresh ${f?.value}@${f?.stamp}, backup ${b?.value}@${b?.stamp}, since ${since}`).toBe(expected);
  }
}

describeStores("edge simulation (nested mixed, hostile keys, far-future clocks, misbehaving resolvers)", (store) => {
  const clicks = (object: RealmObjectLike | null): number | undefined => (object === null ? undefined : (object.clicks as { value: number }).value);

  const check = (h: History): void => {
    // The origin (a right clock) creates the shared object; "server" stands for other devices
    // writing to the server afterwards, with a clock that may run a day ahead.
    const origin = new Writer("origin", 0);
    const server = new Writer("server", h.serverSkew);
    const device = new Writer("device", h.deviceSkew);
    const serverRealm = store.open(SCHEMA);
    origin.at(1_000).write(serverRealm, (tx) => tx.create("Doc", { _id: "d", extra: h.initial.extra, notes: own(h.initial.notes), meta: own(h.initial.meta), clicks: 0 }));
    const since = origin.clock.last() as string;
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    h.device.forEach((o, i) => apply(device.at(2_000 + i * 100), local, "d", o));
    let deviceIncrements = 0;
    for (const o of h.device) if (o.kind === "increment") deviceIncrements += o.by;
    device.at(3_000).write(local, (tx) => tx.create("Doc", { _id: "e", extra: h.created.extra, notes: own(h.created.notes), clicks: 0 }));
    h.server.forEach((o, i) => apply(server.at(2_050 + i * 100), serverRealm, "d", o));
    if (h.bothCreate) server.at(3_050).write(serverRealm, (tx) => tx.create("Doc", { _id: "e", extra: h.serverCreated.extra, notes: own(h.serverCreated.notes), clicks: 0 }));

    const backup = store.copy(local, { readOnly: true });
    const fresh = store.copy(serverRealm);
    const doc = (realm: RealmLike, id: string) => realm.objectForPrimaryKey("Doc", id);
    const before = { d: cellsOf(doc(fresh, "d")), e: cellsOf(doc(fresh, "e")), clicks: clicks(doc(fresh, "d")) };
    const snapshot = (): string => canonical(["d", "e"].map((id) => [...(cellsOf(doc(fresh, id))?.entries() ?? [])]));
    const freshBefore = snapshot();
    const calls = { count: 0 };
    const policies = policyFor(h.policy, calls);
    const run = (): RecoveryReport => recoverUnsyncedChanges({ backup, fresh, since, now: () => NOW, maxDrift: MAX_DRIFT, ...(policies === undefined ? {} : { policies }) });

    let report: RecoveryReport;
    try {
      report = run();
    } catch (error) {
      // Only a misbehaving policy may stop the run, with a typed error, and nothing is written.
      expect(error, String(error)).toBeInstanceOf(FieldRecoveryError);
      expect(h.policy === "valid" || h.policy === "none").toBe(false);
      expect(calls.count).toBeGreaterThan(0);
      expect(error instanceof CallbackFailedError || error instanceof InvalidCallbackResultError).toBe(true);
      expect((error as { field?: string }).field).toBe("extra");
      expect(snapshot()).toBe(freshBefore);
      return;
    }
    // A misbehaving policy that was called must have thrown (the "valid" one and unused ones do not).
    if (calls.count > 0) expect(["valid"]).toContain(h.policy);
    expect(report.errors).toEqual([]);
    for (const entry of report.skipped) {
      expect(["CLOCK_DRIFT", "DELETED_ON_SERVER"]).toContain(entry.code);
      if (entry.field === undefined) expect(entry.object ?? entry.tombstone, `whole-object skip ${entry.code} carries its change`).toBeDefined();
    }
    for (const entry of report.kept) if (drifted(entry.server.stamp)) expect(entry.serverStampAheadBy).toBeGreaterThan(MAX_DRIFT);

    // Law 8 per cell (the valid resolver picks the greater stamp, as lastWriterWins does).
    const backupCells = { d: cellsOf(doc(backup, "d")), e: cellsOf(doc(backup, "e")) };
    if (before.d === undefined) expect(doc(fresh, "d")).toBeNull();
    else expectCells(cellsOf(doc(fresh, "d")), before.d, backupCells.d, since, "d");
    const eCreatedDrifted = h.deviceSkew > 0;
    if (before.e === undefined && eCreatedDrifted) expect(doc(fresh, "e")).toBeNull();
    else expectCells(cellsOf(doc(fresh, "e")), before.e, backupCells.e, before.e === undefined ? null : since, "e");
    // Counter increments: re-added unless their stamps lie beyond the drift bound.
    if (before.d !== undefined) expect(clicks(doc(fresh, "d"))).toBe((before.clicks ?? 0) + (h.deviceSkew > 0 ? 0 : deviceIncrements));

    // Law 14.
    const after = snapshot();
    const again = run();
    expect(again.counts.applied + again.counts.created + again.counts.deleted).toBe(0);
    expect(snapshot()).toBe(after);
  };

  it(
    "per-cell last writer wins, idempotence, complete skips and typed user-code failures over random edge histories",
    () => {
      fc.assert(
        fc.property(history, (h) => {
          check(h);
        }),
        { seed: SIM_SEED, numRuns: runs(store.isReal ? 25 : 120) },
      );
    },
    TIMEOUT,
  );
});
