// Queries served by the ordered indexes of indexed int properties: same rows, same order as a
// scan after random writes, deletes and rollbacks; the index matches the rows; and it is used.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryCounter, MemoryRealm } from "../../src/testing/index.js";

const schema = [
  {
    name: "Item",
    primaryKey: "_id",
    properties: {
      _id: "int",
      stamp: { type: "int", presentation: "counter", indexed: true, default: 0 },
      level: { type: "int", indexed: true, optional: true },
      plain: { type: "int", default: 0 },
    },
  },
  { name: "Log", properties: { at: { type: "int", indexed: true }, note: "string?" } },
];

type Prop = "stamp" | "level";
type Op = "==" | "=" | "<" | "<=" | ">" | ">=";

/** One comparison `prop OP x` (or `x OP prop` when flipped), x a literal or `$n`. */
interface Comparison {
  readonly prop: Prop;
  readonly op: Op;
  readonly value: number;
  readonly flipped: boolean;
  readonly asArg: boolean;
}

const TESTS: Readonly<Record<Op, (a: number, b: number) => boolean>> = {
  "==": (a, b) => a === b,
  "=": (a, b) => a === b,
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

/** Plain values of an Item (counters read as numbers). */
function valueOf(object: RealmObjectLike, prop: Prop | "plain"): number | null {
  const raw = object[prop];
  if (raw === null || raw === undefined) return null;
  return typeof raw === "number" ? raw : (raw as MemoryCounter).value;
}

/** Renders a disjunction as a query string and its arguments. */
function render(terms: readonly Comparison[], joiner: string): { query: string; args: number[] } {
  const args: number[] = [];
  const parts = terms.map((t) => {
    let operand = String(t.value);
    if (t.asArg) {
      operand = `$${args.length}`;
      args.push(t.value);
    }
    return t.flipped ? `${operand} ${t.op} ${t.prop}` : `${t.prop} ${t.op} ${operand}`;
  });
  return { query: parts.join(` ${joiner} `), args };
}

function scanMatches(object: RealmObjectLike, t: Comparison): boolean {
  const v = valueOf(object, t.prop);
  if (v === null) return false;
  return t.flipped ? TESTS[t.op](t.value, v) : TESTS[t.op](v, t.value);
}

const ids = (objects: Iterable<RealmObjectLike>): unknown[] => [...objects].map((o) => o._id ?? o.at);

/** Every index holds exactly the numeric values of its model's rows; rows sit at their `pos`. */
function expectIndexesMatchRows(realm: MemoryRealm): void {
  for (const model of realm.internal.models.values()) {
    model.rows.forEach((row, position) => expect(row.pos).toBe(position));
    for (const [name, index] of model.indexes) {
      const expected = model.rows
        .filter((row) => typeof row.values[name] === "number")
        .map((row) => [row.values[name] as number, row.id])
        .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
      expect([...index.entries()].map(([value, row]) => [value, row.id])).toEqual(expected);
    }
  }
}

const comparison: fc.Arbitrary<Comparison> = fc.record({
  prop: fc.constantFrom<Prop>("stamp", "level"),
  op: fc.constantFrom<Op>("==", "=", "<", "<=", ">", ">="),
  value: fc.integer({ min: -3, max: 12 }),
  flipped: fc.boolean(),
  asArg: fc.boolean(),
});

type Step =
  | { readonly kind: "create"; readonly stamp: number; readonly level: number | null }
  | { readonly kind: "increment"; readonly pick: number; readonly by: number }
  | { readonly kind: "setCounter"; readonly pick: number; readonly value: number }
  | { readonly kind: "setLevel"; readonly pick: number; readonly value: number | null }
  | { readonly kind: "upsert"; readonly pick: number; readonly level: number | null }
  | { readonly kind: "delete"; readonly pick: number };

const level = fc.option(fc.integer({ min: -3, max: 12 }), { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), stamp: fc.integer({ min: 0, max: 10 }), level }),
  fc.record({ kind: fc.constant("increment" as const), pick: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
  fc.record({ kind: fc.constant("setCounter" as const), pick: fc.nat(), value: fc.integer({ min: -3, max: 12 }) }),
  fc.record({ kind: fc.constant("setLevel" as const), pick: fc.nat(), value: level }),
  fc.record({ kind: fc.constant("upsert" as const), pick: fc.nat(), level }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
);
const transaction = fc.record({ steps: fc.array(step, { maxLength: 8 }), fails: fc.boolean() });

function apply(realm: MemoryRealm, s: Step, nextId: () => number): void {
  const live = [...realm.objects("Item")];
  const target = live.length === 0 ? undefined : live[("pick" in s ? s.pick : 0) % live.length];
  switch (s.kind) {
    case "create":
      realm.create("Item", { _id: nextId(), stamp: s.stamp, level: s.level, plain: s.stamp });
      realm.create("Log", { at: s.stamp });
      return;
    case "increment":
      if (target) (target.stamp as MemoryCounter).increment(s.by);
      return;
    case "setCounter":
      if (target) (target.stamp as MemoryCounter).set(s.value);
      return;
    case "setLevel":
      if (target) target.level = s.value;
      return;
    case "upsert":
      if (target) realm.create("Item", { _id: target._id, level: s.level, plain: 7 }, "modified");
      return;
    case "delete": {
      if (target) realm.delete(target);
      const logs = [...realm.objects("Log")];
      if (logs.length > 0) realm.delete(logs[s.pick % logs.length]);
      return;
    }
  }
}

/** Index-served queries equal a scan of the live objects, in table order. */
function expectQueriesMatchScan(realm: MemoryRealm, queries: readonly (readonly Comparison[])[]): void {
  const before = realm.internal.indexStats.queries;
  for (const [i, terms] of queries.entries()) {
    const { query, args } = render(terms, ["OR", "or", "||"][i % 3] as string);
    const expected = [...realm.objects("Item")].filter((o) => terms.some((t) => scanMatches(o, t)));
    expect(ids(realm.objects("Item").filtered(query, ...args)), query).toEqual(ids(expected));
  }
  expect(realm.internal.indexStats.queries - before).toBe(queries.length);
  const logs = [...realm.objects("Log")];
  expect(ids(realm.objects("Log").filtered("at >= $0 OR at == 0", 5))).toEqual(ids(logs.filter((o) => (o.at as number) >= 5 || o.at === 0)));
}

describe("indexed int queries", () => {
  it("match a scan, in the same order, after random writes, deletes and rolled-back transactions", () => {
    fc.assert(
      fc.property(fc.array(transaction, { minLength: 1, maxLength: 12 }), fc.array(fc.array(comparison, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }), (txs, queries) => {
        const realm = openMemoryRealm({ schema });
        let id = 0;
        const nextId = (): number => ++id;
        for (const tx of txs) {
          const run = (): void =>
            realm.write(() => {
              for (const s of tx.steps) apply(realm, s, nextId);
              // Mid-transaction: deleted rows still sit in the table and the index.
              expectIndexesMatchRows(realm);
              expectQueriesMatchScan(realm, queries);
              if (tx.fails) throw new Error("rolled back");
            });
          if (tx.fails) expect(run).toThrow("rolled back");
          else run();
          expectIndexesMatchRows(realm);
          expectQueriesMatchScan(realm, queries);
        }
        realm.close();
      }),
      { numRuns: 60 },
    );
  });

  it("answers the recovery query shape on a counter", () => {
    const realm = openMemoryRealm({ schema });
    realm.write(() => {
      for (const [id, stamp] of [[1, 0], [2, 500], [3, 100], [4, 900], [5, 0]] as const) realm.create("Item", { _id: id, stamp });
    });
    const found = realm.objects("Item").filtered("stamp >= $0 OR stamp == 0", 500);
    expect(ids(found)).toEqual([1, 2, 4, 5]);
    realm.write(() => (realm.objectForPrimaryKey("Item", 3)?.stamp as MemoryCounter).increment(450));
    expect(ids(found)).toEqual([1, 2, 3, 4, 5]);
    expect(ids(realm.objects("Item").filtered("stamp >= $0", 500n))).toEqual([2, 3, 4]);
  });

  it("serves a counter without a search index (the newest-stamp counter, storage format 3) from its ordered index", () => {
    const realm = openMemoryRealm({ schema: [{ name: "Item", primaryKey: "_id", properties: { _id: "int", stamp: { type: "int", presentation: "counter", default: 0 } } }] });
    realm.write(() => {
      for (const [id, stamp] of [[1, 0], [2, 500], [3, 100], [4, 900]] as const) realm.create("Item", { _id: id, stamp });
      (realm.objectForPrimaryKey("Item", 3)?.stamp as MemoryCounter).increment(450);
    });
    expectIndexesMatchRows(realm);
    const before = realm.internal.indexStats.queries;
    expect(ids(realm.objects("Item").filtered("stamp >= $0 OR stamp == 0", 500))).toEqual([1, 2, 3, 4]);
    expect(realm.internal.indexStats.queries - before).toBe(1);
  });

  it("falls back to the scan, with the same results, for every other shape", () => {
    const realm = openMemoryRealm({ schema });
    realm.write(() => {
      for (let i = 1; i <= 12; i++) realm.create("Item", { _id: i, stamp: i % 4, level: i % 3 === 0 ? null : i, plain: i % 5 });
    });
    const all = [...realm.objects("Item")];
    const v = (o: RealmObjectLike, p: Prop | "plain"): number | null => valueOf(o, p);
    const cases: [string, unknown[], (o: RealmObjectLike) => boolean][] = [
      ["stamp >= $0 AND level > 4", [2], (o) => (v(o, "stamp") as number) >= 2 && (v(o, "level") ?? -Infinity) > 4],
      ["NOT stamp == 0", [], (o) => v(o, "stamp") !== 0],
      ["(stamp == 1) OR stamp == 2", [], (o) => v(o, "stamp") === 1 || v(o, "stamp") === 2],
      ["plain >= 3 OR stamp == 0", [], (o) => (v(o, "plain") as number) >= 3 || v(o, "stamp") === 0],
      ["level == null", [], (o) => v(o, "level") === null],
      ["level != 4", [], (o) => v(o, "level") !== 4],
      ["stamp == $0", ["1"], () => false],
      ["stamp >= $0", [Number.POSITIVE_INFINITY], () => false],
      ["stamp == stamp", [], () => true],
      ["_id >= 10", [], (o) => (o._id as number) >= 10],
    ];
    const before = realm.internal.indexStats.queries;
    for (const [query, args, test] of cases) expect(ids(realm.objects("Item").filtered(query, ...args)), query).toEqual(ids(all.filter(test)));
    // Not the model in table order: a sorted view is scanned.
    expect(ids(realm.objects("Item").sorted("_id", true).filtered("stamp == 1"))).toEqual(ids(all.filter((o) => v(o, "stamp") === 1).reverse()));
    expect(realm.internal.indexStats.queries).toBe(before);
  });

  it("is built when a realm is loaded from another one", () => {
    const source = openMemoryRealm({ schema });
    source.write(() => {
      for (let i = 1; i <= 5; i++) source.create("Item", { _id: i, stamp: i * 10, level: i });
    });
    const copy = openMemoryRealm({ copyFrom: source });
    expectIndexesMatchRows(copy);
    expect(ids(copy.objects("Item").filtered("stamp > 30 OR level <= 1"))).toEqual([1, 4, 5]);
    expect(copy.internal.indexStats.queries).toBe(1);
  });

  it("reads only the matching index entries among 200k rows", () => {
    const realm = openMemoryRealm({ schema });
    const total = 200_000;
    realm.write(() => {
      for (let i = 1; i <= total; i++) realm.create("Item", { _id: i, stamp: i > total - 10 ? 1_000 + i : 5 });
    });
    const stats = realm.internal.indexStats;
    const before = stats.entries;
    const found = realm.objects("Item").filtered("stamp >= $0 OR stamp == 0", 1_000);
    expect(found.length).toBe(10);
    expect(ids(found)).toEqual(Array.from({ length: 10 }, (_, i) => total - 9 + i));
    expect(stats.queries).toBe(1);
    expect(stats.entries - before).toBe(10);
  });
});
