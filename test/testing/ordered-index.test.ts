// The ordered index alone: entry order, range bounds, duplicates, block splits, and a
// random-operation property against a sorted-array oracle.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BLOCK_SIZE, OrderedIndex } from "../../src/testing/ordered-index.js";

interface Item {
  readonly id: number;
}

const items = Array.from({ length: 4000 }, (_, id) => ({ id }));
const item = (id: number): Item => items[id] as Item;
const ids = (found: Iterable<Item>): number[] => [...found].map((i) => i.id);
/** The items of one range, through `collect` (which also counts what it appended). */
function range(index: OrderedIndex<Item>, min: number, minInclusive: boolean, max: number, maxInclusive: boolean): Item[] {
  const out: Item[] = [];
  expect(index.collect(min, minInclusive, max, maxInclusive, out)).toBe(out.length);
  return out;
}

/** The oracle: entries sorted by value then id. */
function sortedEntries(entries: readonly (readonly [number, Item])[]): [number, Item][] {
  return [...entries].sort((a, b) => a[0] - b[0] || a[1].id - b[1].id) as [number, Item][];
}

function oracleRange(entries: readonly (readonly [number, Item])[], min: number, minIn: boolean, max: number, maxIn: boolean): number[] {
  return sortedEntries(entries)
    .filter(([v]) => (minIn ? v >= min : v > min) && (maxIn ? v <= max : v < max))
    .map(([, i]) => i.id);
}

describe("OrderedIndex", () => {
  it("orders entries by value, then by id", () => {
    const index = new OrderedIndex<Item>();
    index.insert(5, item(3));
    index.insert(1, item(9));
    index.insert(5, item(1));
    index.insert(-2, item(4));
    expect([...index.entries()].map(([v, i]) => [v, i.id])).toEqual([
      [-2, 4],
      [1, 9],
      [5, 1],
      [5, 3],
    ]);
    expect(index.size).toBe(4);
  });

  it("honours inclusive and exclusive bounds, unbounded ends, and empty ranges", () => {
    const index = new OrderedIndex<Item>();
    for (const [value, id] of [[1, 1], [2, 2], [2, 3], [3, 4], [4, 5]] as const) index.insert(value, item(id));
    expect(ids(range(index, 2, true, 3, true))).toEqual([2, 3, 4]);
    expect(ids(range(index, 2, false, 3, true))).toEqual([4]);
    expect(ids(range(index, 2, true, 3, false))).toEqual([2, 3]);
    expect(ids(range(index, 2, false, 3, false))).toEqual([]);
    expect(ids(range(index, 2, true, 2, true))).toEqual([2, 3]);
    expect(ids(range(index, -Infinity, true, 1, true))).toEqual([1]);
    expect(ids(range(index, 3, false, Infinity, true))).toEqual([5]);
    expect(ids(range(index, 5, true, Infinity, true))).toEqual([]);
    expect(ids(range(index, -Infinity, true, 0, true))).toEqual([]);
    expect(ids(range(index, 3, true, 2, true))).toEqual([]);
    expect(ids(range(index, Number.NaN, true, 2, true))).toEqual([]);
    expect(ids(range(new OrderedIndex<Item>(), -Infinity, true, Infinity, true))).toEqual([]);
  });

  it("removes only the exact entry, and reports a missing one", () => {
    const index = new OrderedIndex<Item>();
    index.insert(7, item(1));
    index.insert(7, item(2));
    expect(index.remove(7, item(3))).toBe(false);
    expect(index.remove(8, item(1))).toBe(false);
    expect(index.remove(7, item(1))).toBe(true);
    expect(index.remove(7, item(1))).toBe(false);
    expect(ids(range(index, 7, true, 7, true))).toEqual([2]);
    expect(index.remove(7, item(2))).toBe(true);
    expect(index.size).toBe(0);
    expect(index.blockCount).toBe(0);
    expect(index.remove(7, item(2))).toBe(false);
  });

  it("splits full blocks and drops emptied ones", () => {
    const index = new OrderedIndex<Item>();
    for (let id = 0; id < 2000; id++) index.insert(id % 7, item(id));
    expect(index.size).toBe(2000);
    expect(index.blockCount).toBeGreaterThanOrEqual(4);
    expect(ids(range(index, 3, true, 3, true))).toEqual(items.slice(0, 2000).filter((i) => i.id % 7 === 3).map((i) => i.id));
    for (let id = 0; id < 2000; id++) expect(index.remove(id % 7, item(id))).toBe(true);
    expect(index.size).toBe(0);
    expect(index.blockCount).toBe(0);
    index.insert(1, item(1));
    expect(ids(range(index, -Infinity, true, Infinity, true))).toEqual([1]);
  });

  it("fills blocks completely when entries arrive in order", () => {
    const index = new OrderedIndex<Item>();
    const full = 4 * BLOCK_SIZE;
    for (let id = 0; id < full; id++) index.insert(0, item(id));
    expect(index.blockCount).toBe(4);
    index.insert(0, item(full));
    expect(index.blockCount).toBe(5);
    index.insert(-1, item(3000)); // into a full first block: it splits
    expect(index.blockCount).toBe(6);
    expect(ids(range(index, -Infinity, true, 0, false))).toEqual([3000]);
    expect(ids(range(index, 0, true, 0, true))).toEqual(items.slice(0, full + 1).map((i) => i.id));
  });

  it("collect appends to the given array and counts what it read", () => {
    const index = new OrderedIndex<Item>();
    for (let id = 0; id < 10; id++) index.insert(id, item(id));
    const out: Item[] = [item(99)];
    expect(index.collect(7, true, Infinity, true, out)).toBe(3);
    expect(ids(out)).toEqual([99, 7, 8, 9]);
  });

  it("matches a sorted-array oracle over thousands of random inserts and removes", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("insert" as const), value: fc.integer({ min: -50, max: 50 }), id: fc.nat({ max: 3999 }) }),
      fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
    );
    const bound = fc.tuple(fc.integer({ min: -60, max: 60 }), fc.boolean());
    fc.assert(
      fc.property(fc.array(op, { minLength: 500, maxLength: 3000 }), fc.array(fc.tuple(bound, bound), { minLength: 1, maxLength: 8 }), (ops, queries) => {
        const index = new OrderedIndex<Item>();
        const entries: [number, Item][] = [];
        const present = new Set<number>(); // an item holds at most one entry, as a row does per index
        for (const o of ops) {
          if (o.kind === "insert") {
            if (present.has(o.id)) continue;
            present.add(o.id);
            index.insert(o.value, item(o.id));
            entries.push([o.value, item(o.id)]);
          } else if (entries.length > 0) {
            const [entry] = entries.splice(o.pick % entries.length, 1);
            const [value, removed] = entry as [number, Item];
            present.delete(removed.id);
            expect(index.remove(value, removed)).toBe(true);
          }
        }
        expect(index.size).toBe(entries.length);
        expect([...index.entries()].map(([v, i]) => [v, i.id])).toEqual(sortedEntries(entries).map(([v, i]) => [v, i.id]));
        for (const [[min, minIn], [max, maxIn]] of queries) {
          expect(ids(range(index, min, minIn, max, maxIn))).toEqual(oracleRange(entries, min, minIn, max, maxIn));
        }
      }),
      { numRuns: 40 },
    );
  });
});
