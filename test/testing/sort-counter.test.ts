// The memory store sorts a counter property by its number, as Realm does (both stores).
import { expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";

describeStores("sorted() by a counter", (store) => {
  it("orders by the counter's value, ascending and descending", () => {
    const realm = store.open([{ name: "Hit", primaryKey: "_id", properties: { _id: "int", count: "counter" } }]);
    realm.write(() => {
      for (const [id, count] of [[1, 30], [2, 5], [3, 400], [4, 0]] as const) realm.create("Hit", { _id: id, count });
    });
    const ids = (results: Iterable<{ _id?: unknown }>): unknown[] => [...results].map((o) => o._id);
    const hits = realm.objects("Hit") as unknown as { sorted(path: string, reverse?: boolean): Iterable<{ _id?: unknown }> };
    expect(ids(hits.sorted("count"))).toEqual([4, 2, 1, 3]);
    expect(ids(hits.sorted("count", true))).toEqual([3, 1, 2, 4]);
  });
});
