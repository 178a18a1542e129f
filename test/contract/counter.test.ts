// The Counter presentation of an int (realm >= 12.10): read as a Counter, changed through its methods.
import { expect, it } from "vitest";
import { describeStores } from "./stores.js";

interface CounterLike {
  readonly value: number;
  increment(by?: number): void;
  decrement(by?: number): void;
  set(value: number): void;
}

describeStores("counter", (store) => {
  const open = () => {
    const realm = store.open([{ name: "Stats", primaryKey: "_id", properties: { _id: "int", visits: "counter", maybe: "counter?" } }]);
    const stats = realm.write(() => realm.create("Stats", { _id: 1, visits: 5 }));
    return { realm, stats };
  };

  it("reads a Counter and changes it with increment, decrement and set", () => {
    const { realm, stats } = open();
    const visits = stats.visits as CounterLike;
    expect(visits.value).toBe(5);
    realm.write(() => {
      visits.increment();
      visits.increment(10);
      visits.decrement(2);
    });
    expect(visits.value).toBe(14);
    realm.write(() => visits.set(1));
    expect((stats.visits as CounterLike).value).toBe(1);
  });

  it("refuses counter changes outside a write and direct reassignment", () => {
    const { realm, stats } = open();
    expect(() => (stats.visits as CounterLike).increment()).toThrow("Cannot modify managed objects outside of a write transaction.");
    expect(() =>
      realm.write(() => {
        stats.visits = 3;
      }),
    ).toThrow(/You can only reset a Counter instance when initializing/);
  });

  it("reads a null optional counter as null and lets it be initialized", () => {
    const { realm, stats } = open();
    expect(stats.maybe).toBeNull();
    realm.write(() => {
      stats.maybe = 2;
    });
    expect((stats.maybe as CounterLike).value).toBe(2);
  });
});
