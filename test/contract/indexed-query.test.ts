// The query extraction asks (storage format 2): comparisons on an indexed `int` counter joined
// by OR, answered the same by both stores, in table order.
import { expect, it } from "vitest";
import { describeStores } from "./stores.js";

describeStores("filtered on an indexed int counter", (store) => {
  const open = () => {
    const realm = store.open([{ name: "Item", primaryKey: "_id", properties: { _id: "int", newest: { type: "int", presentation: "counter", indexed: true, default: 0 } } }]);
    realm.write(() => {
      for (const [id, newest] of [[1, 50], [2, 0], [3, 10], [4, 50], [5, 70], [6, 0]] as const) realm.create("Item", { _id: id, newest });
    });
    return realm;
  };
  const ids = (results: Iterable<Record<string, unknown>>): unknown[] => Array.from(results, (object) => object._id);

  it("answers `>= $0 OR == 0` with the matching objects in table order", () => {
    const realm = open();
    expect(ids(realm.objects("Item").filtered("newest >= $0 OR newest == 0", 50))).toEqual([1, 2, 4, 5, 6]);
    expect(ids(realm.objects("Item").filtered("newest > $0", 50))).toEqual([5]);
    expect(ids(realm.objects("Item").filtered("newest < 50"))).toEqual([2, 3, 6]);
  });

  it("follows increments, deletes and rolled-back writes", () => {
    const realm = open();
    // Sorted: which objects match is the contract here, not where deletes leave them.
    const query = () => ids(realm.objects("Item").filtered("newest >= $0 OR newest == 0", 60)).sort();
    realm.write(() => {
      (realm.objectForPrimaryKey("Item", 3)?.newest as { increment(by: number): void }).increment(55);
      realm.delete(realm.objectForPrimaryKey("Item", 6));
    });
    expect(query()).toEqual([2, 3, 5]);
    expect(() =>
      realm.write(() => {
        (realm.objectForPrimaryKey("Item", 1)?.newest as { increment(by: number): void }).increment(100);
        realm.create("Item", { _id: 7, newest: 99 });
        throw new Error("roll back");
      }),
    ).toThrow("roll back");
    expect(query()).toEqual([2, 3, 5]);
  });
});
