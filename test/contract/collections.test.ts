// Lists, sets and dictionaries: Realm's mutators, reads and dictionary key rules.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { describeStores, entriesOf } from "./stores.js";

const Bag: ObjectSchemaInput = {
  name: "Bag",
  primaryKey: "_id",
  properties: { _id: "int", list: "string[]", set: "int<>", dict: "string{}", mixed: "mixed{}" },
};

interface ListLike extends Iterable<string> {
  readonly length: number;
  [index: number]: string;
  push(...values: string[]): number;
  pop(): string | undefined;
  shift(): string | undefined;
  unshift(...values: string[]): number;
  splice(start: number, deleteCount?: number, ...values: string[]): string[];
  remove(index: number): void;
  move(from: number, to: number): void;
  swap(a: number, b: number): void;
}

interface SetLike extends Iterable<number> {
  readonly size: number;
  add(value: number): unknown;
  delete(value: number): boolean;
  has(value: number): boolean;
  clear(): void;
}

interface DictionaryLike {
  [key: string]: unknown;
  set(values: Record<string, unknown>): unknown;
  remove(keys: string | string[]): unknown;
}

describeStores("collections", (store) => {
  const open = () => {
    const realm = store.open([Bag]);
    const bag = realm.write(() => realm.create("Bag", { _id: 1, list: ["a", "b"], set: [1, 2], dict: { k: "v" } }));
    return { realm, bag };
  };

  it("lists: push, pop, shift, unshift, splice, index set, remove, move, swap", () => {
    const { realm, bag } = open();
    const list = bag.list as ListLike;
    realm.write(() => {
      expect(list.push("c")).toBe(3);
      expect(list.pop()).toBe("c");
      expect(list.unshift("z")).toBe(3);
      expect(list.shift()).toBe("z");
      expect(list.splice(1, 1, "x", "y")).toEqual(["b"]);
      list[0] = "A";
      list.move(0, 2);
      list.swap(0, 1);
    });
    expect([...list]).toEqual(["y", "x", "A"]);
    realm.write(() => list.remove(1));
    expect([...list]).toEqual(["y", "A"]);
    expect(list.length).toBe(2);
    expect(list[1]).toBe("A");
    expect(list[5]).toBeUndefined();
  });

  it("lists: reassigning replaces the contents", () => {
    const { realm, bag } = open();
    realm.write(() => {
      bag.list = ["q"];
    });
    expect([...(bag.list as ListLike)]).toEqual(["q"]);
  });

  it("sets: add, delete, has, size, clear; elements stay unique", () => {
    const { realm, bag } = open();
    const set = bag.set as SetLike;
    realm.write(() => {
      set.add(2);
      set.add(3);
    });
    expect(set.size).toBe(3);
    expect(set.has(3)).toBe(true);
    realm.write(() => {
      expect(set.delete(1)).toBe(true);
      expect(set.delete(9)).toBe(false);
    });
    expect([...set].sort()).toEqual([2, 3]);
    realm.write(() => set.clear());
    expect(set.size).toBe(0);
  });

  it("dictionaries: property access, set(), remove(), delete, Object.keys/entries", () => {
    const { realm, bag } = open();
    const dict = bag.dict as DictionaryLike;
    expect(dict.k).toBe("v");
    realm.write(() => {
      dict.a = "1";
      dict.set({ b: "2", c: "3" });
    });
    expect(Object.keys(dict).sort()).toEqual(["a", "b", "c", "k"]);
    realm.write(() => {
      dict.remove(["a", "b"]);
      delete dict.c;
    });
    expect(Object.entries(dict)).toEqual([["k", "v"]]);
    expect(dict.missing).toBeUndefined();
  });

  it("dictionaries: refuse keys containing '.' or starting with '$'", () => {
    const { realm, bag } = open();
    const dict = bag.dict as DictionaryLike;
    expect(() =>
      realm.write(() => {
        dict["a.b"] = "x";
      }),
    ).toThrow(/must not contain '\.'/);
    expect(() =>
      realm.write(() => {
        dict.$a = "x";
      }),
    ).toThrow(/must not start with '\$'/);
    expect(() => realm.write(() => realm.create("Bag", { _id: 2, dict: { "x.y": "1" } }))).toThrow(/must not contain '\.'/);
    expect(Object.keys(dict)).toEqual(["k"]);
  });

  it("dictionaries of mixed hold values of different types", () => {
    const { realm, bag } = open();
    realm.write(() => {
      bag.mixed = { n: 1, s: "two", b: true, z: null };
    });
    expect(entriesOf(bag.mixed)).toEqual({ n: 1, s: "two", b: true, z: null });
  });

  it("collections of a deleted object become invalid", () => {
    const { realm, bag } = open();
    const list = bag.list as ListLike & { isValid(): boolean };
    realm.write(() => realm.delete(bag as RealmObjectLike));
    expect(list.isValid()).toBe(false);
  });
});

describeStores("collections in mixed (realm >= 12.9)", (store) => {
  const open = () => store.open([{ name: "Doc", primaryKey: "_id", properties: { _id: "int", value: "mixed", values: "mixed[]" } }]);

  it("stores arrays as lists and plain objects as dictionaries, nested", () => {
    const realm = open();
    const doc = realm.write(() => realm.create("Doc", { _id: 1, value: [1, { a: "x", b: [true] }], values: [[2], { c: 3 }] }));
    const value = doc.value as { readonly length: number; readonly [index: number]: unknown };
    expect(value.length).toBe(2);
    expect(value[0]).toBe(1);
    const inner = value[1] as Record<string, unknown>;
    expect(inner.a).toBe("x");
    expect([...(inner.b as Iterable<unknown>)]).toEqual([true]);
    const values = doc.values as unknown[];
    expect([...(values[0] as Iterable<unknown>)]).toEqual([2]);
    expect((values[1] as Record<string, unknown>).c).toBe(3);
  });

  it("changes a nested collection in place, inside a write only, and rolls it back", () => {
    const realm = open();
    const doc = realm.write(() => realm.create("Doc", { _id: 1, value: { list: [1] } }));
    const list = (doc.value as Record<string, unknown>).list as { push(value: unknown): number; length: number };
    expect(() => list.push(2)).toThrow("Cannot modify managed objects outside of a write transaction.");
    realm.write(() => list.push(2));
    expect(list.length).toBe(2);
    expect(() =>
      realm.write(() => {
        list.push(3);
        (doc.value as Record<string, unknown>).extra = "x";
        throw new Error("undo");
      }),
    ).toThrow("undo");
    expect(list.length).toBe(2);
    expect(Object.keys(doc.value as object)).toEqual(["list"]);
  });

  it("replaces the collection when the mixed property is reassigned", () => {
    const realm = open();
    const doc = realm.write(() => realm.create("Doc", { _id: 1, value: [1, 2] }));
    realm.write(() => {
      doc.value = "scalar again";
    });
    expect(doc.value).toBe("scalar again");
  });
});
