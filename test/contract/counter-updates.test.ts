// How a Counter may change on an existing object: increment / decrement / set only; plain
// assignment and `create(..., "modified" | "all")` carrying the counter are refused.
import { expect, it } from "vitest";
import { describeStores } from "./stores.js";

interface CounterLike {
  readonly value: number;
  increment(by?: number): void;
}

const RESET = /You can only reset a Counter instance when initializing a previously null Counter/;

describeStores("counter updates", (store) => {
  const open = () => {
    const realm = store.open([{ name: "Stats", primaryKey: "_id", properties: { _id: "int", name: "string?", visits: "counter" } }]);
    const stats = realm.write(() => realm.create("Stats", { _id: 1, visits: 5 }));
    return { realm, stats };
  };

  it("increments inside a write and refuses a fractional step", () => {
    const { realm, stats } = open();
    realm.write(() => (stats.visits as CounterLike).increment(2));
    expect((stats.visits as CounterLike).value).toBe(7);
    expect(() => realm.write(() => (stats.visits as CounterLike).increment(1.5))).toThrow("Expected 'by' to be an integer, got a decimal number");
    expect((stats.visits as CounterLike).value).toBe(7);
  });

  it("refuses assigning a number to an existing counter, and leaves it unchanged", () => {
    const { realm, stats } = open();
    expect(() =>
      realm.write(() => {
        stats.visits = 9;
      }),
    ).toThrow(RESET);
    expect((stats.visits as CounterLike).value).toBe(5);
  });

  for (const mode of ["modified", "all"] as const) {
    it(`refuses create(..., "${mode}") carrying the counter of an existing object`, () => {
      const { realm, stats } = open();
      expect(() => realm.write(() => realm.create("Stats", { _id: 1, visits: 7 }, mode))).toThrow(RESET);
      expect(() => realm.write(() => realm.create("Stats", { _id: 1, visits: stats.visits }, mode))).toThrow(RESET);
      expect((stats.visits as CounterLike).value).toBe(5);
    });
  }

  it('accepts create(..., "modified") without the counter and keeps its value', () => {
    const { realm, stats } = open();
    realm.write(() => realm.create("Stats", { _id: 1, name: "x" }, "modified"));
    expect(stats.name).toBe("x");
    expect((stats.visits as CounterLike).value).toBe(5);
  });
});
