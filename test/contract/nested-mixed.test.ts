// Collections nested inside `mixed` (realm >= 12.9): lists and dictionaries in lists and
// dictionaries, edited in place at depth and replaced, on both stores.
//
// Real Realm 20.2.0 (the shared build) crashes natively (SIGSEGV) on `create` in a model after a
// collection was stored in a `mixed` property of any object but the model's last: every case
// here creates its objects first and only then stores collections (see docs/testing.md).
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { describeStores, entriesOf } from "./stores.js";

type ListLike = { readonly length: number; readonly [index: number]: unknown; push(...values: unknown[]): number; splice(start: number, count?: number, ...items: unknown[]): unknown[]; [Symbol.iterator](): Iterator<unknown> };
type DictLike = Record<string, unknown> & { set(values: Record<string, unknown>): unknown; remove(keys: string | string[]): unknown };

/** A store-neutral plain copy: lists to arrays, dictionaries to records (no symbol-keyed internals). */
function plain(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value;
  // Lists (and sets) have a length; dictionaries (iterable as entries on both stores) do not.
  if (Array.isArray(value) || typeof (value as { length?: unknown }).length === "number") {
    return [...(value as Iterable<unknown>)].map(plain);
  }
  return Object.fromEntries(Object.entries(entriesOf(value)).map(([key, item]) => [key, plain(item)]));
}

describeStores("nested collections in mixed", (store) => {
  const open = () => {
    const realm = store.open([{ name: "Doc", primaryKey: "_id", properties: { _id: "int", value: "mixed", values: "mixed[]", byKey: "mixed{}" } }]);
    const doc = realm.write(() => realm.create("Doc", { _id: 1 }));
    return { realm, doc };
  };

  it("stores lists and dictionaries in lists and dictionaries, three levels deep", () => {
    const { realm, doc } = open();
    realm.write(() => {
      doc.value = { list: [1, [2, { deep: [3] }]], dict: { a: { b: ["c"] } } };
      doc.values = [[1, 2], { k: [true] }];
      doc.byKey = { l: [{ x: 1 }], d: { y: [null] } };
    });
    expect(plain(doc.value)).toEqual({ list: [1, [2, { deep: [3] }]], dict: { a: { b: ["c"] } } });
    expect(plain(doc.values)).toEqual([[1, 2], { k: [true] }]);
    expect(plain(doc.byKey)).toEqual({ l: [{ x: 1 }], d: { y: [null] } });
  });

  it("edits nested lists in place at every level: push, index set, splice", () => {
    const { realm, doc } = open();
    realm.write(() => {
      doc.value = [1, [2, [3]]];
    });
    const outer = doc.value as ListLike;
    realm.write(() => {
      outer.push("end");
      const middle = outer[1] as ListLike;
      middle.push({ added: true });
      (middle[1] as ListLike).push(4);
      (middle[1] as unknown as unknown[])[0] = 30;
      outer.splice(0, 1);
    });
    expect(plain(doc.value)).toEqual([[2, [30, 4], { added: true }], "end"]);
  });

  it("edits nested dictionaries in place: property set, set(), remove(), delete", () => {
    const { realm, doc } = open();
    realm.write(() => {
      doc.value = { a: { b: { c: 1 } }, keep: "k" };
    });
    realm.write(() => {
      const a = (doc.value as Record<string, unknown>).a as DictLike;
      (a.b as DictLike).d = [1];
      (a.b as DictLike).set({ e: "x" });
      (a.b as DictLike).remove("c");
      a.other = { n: null };
      delete (doc.value as Record<string, unknown>).keep;
    });
    expect(plain(doc.value)).toEqual({ a: { b: { d: [1], e: "x" }, other: { n: null } } });
  });

  it("replaces a nested collection with another collection or a scalar", () => {
    const { realm, doc } = open();
    realm.write(() => {
      doc.value = { slot: [1, 2], other: { x: 1 } };
    });
    realm.write(() => {
      const value = doc.value as Record<string, unknown>;
      value.slot = { now: "dict" };
      value.other = [9];
    });
    expect(plain(doc.value)).toEqual({ slot: { now: "dict" }, other: [9] });
    realm.write(() => {
      ((doc.value as Record<string, unknown>).slot as Record<string, unknown>).now = ["list", ["in", "list"]];
      (doc.value as Record<string, unknown>).other = 5;
    });
    expect(plain(doc.value)).toEqual({ slot: { now: ["list", ["in", "list"]] }, other: 5 });
  });

  it("invalidates the handle of a replaced collection; a fresh read sees the new one", () => {
    const { realm, doc } = open();
    realm.write(() => {
      doc.value = { inner: [1] };
    });
    const before = (doc.value as Record<string, unknown>).inner as { isValid(): boolean };
    realm.write(() => {
      doc.value = ["new"];
    });
    expect(before.isValid()).toBe(false);
    expect(plain(doc.value)).toEqual(["new"]);
  });

  it("rolls nested edits back when the write throws", () => {
    const { realm, doc } = open();
    realm.write(() => {
      doc.value = { list: [1, { d: [2] }] };
    });
    expect(() =>
      realm.write(() => {
        const list = (doc.value as Record<string, unknown>).list as ListLike;
        list.push(3);
        (((list[1] as Record<string, unknown>).d) as ListLike).push(4);
        (doc.value as Record<string, unknown>).added = { x: 1 };
        throw new Error("undo");
      }),
    ).toThrow("undo");
    expect(plain(doc.value)).toEqual({ list: [1, { d: [2] }] });
  });

  it("holds links inside nested collections", () => {
    const realm = store.open([
      { name: "Doc", primaryKey: "_id", properties: { _id: "int", value: "mixed" } },
      { name: "Pet", primaryKey: "_id", properties: { _id: "string" } },
    ]);
    const doc = realm.write(() => {
      realm.create("Pet", { _id: "rex" });
      return realm.create("Doc", { _id: 1 });
    });
    realm.write(() => {
      doc.value = { pets: [realm.objectForPrimaryKey("Pet", "rex")] };
    });
    const pets = (doc.value as Record<string, unknown>).pets as ListLike;
    expect((pets[0] as RealmObjectLike)._id).toBe("rex");
  });
});
