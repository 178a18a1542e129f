// Store-specific surface: onCommit, filtered/sorted, class models, path and options.
import { describe, expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { MemoryRealmError, openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryCommit, MemoryRealm } from "../../src/testing/index.js";

const schema = [
  { name: "Task", primaryKey: "_id", properties: { _id: "int", title: "string", done: "bool", points: "int?", address: "Place" } },
  { name: "Place", embedded: true, properties: { city: "string" } },
];

function seeded(): MemoryRealm {
  const realm = openMemoryRealm({ schema });
  realm.write(() => {
    realm.create("Task", { _id: 1, title: "write", done: false, points: 3, address: { city: "Oslo" } });
    realm.create("Task", { _id: 2, title: "test", done: true, points: 5 });
    realm.create("Task", { _id: 3, title: "ship", done: false, points: null });
  });
  return realm;
}

// Compile-time: the store satisfies the engine's contract with no cast.
export const asRealmLike = (realm: MemoryRealm): RealmLike => realm;

describe("onCommit", () => {
  it("reports inserted, modified (with top-level fields) and deleted objects synchronously", () => {
    const realm = seeded();
    const commits: MemoryCommit[] = [];
    const stop = realm.onCommit((commit) => commits.push(commit));
    realm.write(() => {
      const first = realm.objectForPrimaryKey("Task", 1) as RealmObjectLike;
      first.done = true;
      (first.address as RealmObjectLike).city = "Rome";
      realm.create("Task", { _id: 4, title: "new", done: false });
      realm.delete(realm.objectForPrimaryKey("Task", 2));
      realm.create("Task", { _id: 5, title: "gone", done: false });
      realm.delete(realm.objectForPrimaryKey("Task", 5));
    });
    expect(commits).toHaveLength(1);
    const [commit] = commits;
    expect(commit?.insertions.map((i) => i.primaryKey)).toEqual([4]);
    expect(commit?.modifications.map((m) => [m.model, m.primaryKey, [...m.fields].sort()])).toEqual([["Task", 1, ["address", "done"]]]);
    expect(commit?.deletions).toEqual([{ model: "Task", primaryKey: 2 }]);
    stop();
    realm.write(() => realm.create("Task", { _id: 6, title: "x", done: false }));
    expect(commits).toHaveLength(1);
  });

  it("does not report a rolled-back write, nor a modified-mode create that changes nothing", () => {
    const realm = seeded();
    const commits: MemoryCommit[] = [];
    realm.onCommit((commit) => commits.push(commit));
    expect(() =>
      realm.write(() => {
        realm.create("Task", { _id: 9, title: "x", done: false });
        throw new Error("no");
      }),
    ).toThrow("no");
    realm.write(() => realm.create("Task", { _id: 1, title: "write", done: false }, "modified"));
    expect(commits).toHaveLength(1);
    expect(commits[0]?.modifications).toEqual([]);
  });
});

describe("filtered and sorted", () => {
  it("supports comparisons, AND/OR/NOT, string operators and $n arguments", () => {
    const realm = seeded();
    const ids = (query: string, ...args: unknown[]) => [...realm.objects("Task").filtered(query, ...args)].map((t) => t._id);
    expect(ids("done == false")).toEqual([1, 3]);
    expect(ids("points > $0 AND done == $1", 2, false)).toEqual([1]);
    expect(ids("points >= 5 OR title BEGINSWITH 'sh'")).toEqual([2, 3]);
    expect(ids("NOT (done == true) && points != null")).toEqual([1]);
    expect(ids("title CONTAINS[c] 'ES'")).toEqual([2]);
    expect(ids("address.city == 'Oslo'")).toEqual([1]);
    expect(() => realm.objects("Task").filtered("nope == 1")).toThrow(MemoryRealmError);
  });

  it("stays live and sorts by one or more keys", () => {
    const realm = seeded();
    const open = realm.objects("Task").filtered("done == false");
    expect(open.length).toBe(2);
    realm.write(() => realm.create("Task", { _id: 4, title: "again", done: false, points: 1 }));
    expect(open.length).toBe(3);
    expect([...realm.objects("Task").sorted("points", true)].map((t) => t._id)).toEqual([2, 1, 4, 3]);
    expect([...realm.objects("Task").sorted([["done", false], ["title", true]])].map((t) => t._id)).toEqual([1, 3, 4, 2]);
  });
});

describe("class models", () => {
  class Task {
    static schema = { name: "Task", primaryKey: "_id", properties: { _id: "int", title: "string" } };
    declare title: string;
    shout(): string {
      return this.title.toUpperCase();
    }
  }

  it("gives managed objects the class prototype (instanceof, methods)", () => {
    const realm = openMemoryRealm({ schema: [Task] });
    const task = realm.write(() => realm.create("Task", { _id: 1, title: "hi" }));
    expect(task).toBeInstanceOf(Task);
    expect((task as unknown as Task).shout()).toBe("HI");
    expect(realm.objects(Task).length).toBe(1);
  });
});

describe("options", () => {
  it("uses the given path, or a pseudo path", () => {
    expect(openMemoryRealm({ schema, path: "/data/app.realm" }).path).toBe("/data/app.realm");
    expect(openMemoryRealm({ schema }).path).toMatch(/^memory:\/\//);
  });

  it("needs a schema, a copy source or a dump", () => {
    expect(() => openMemoryRealm({})).toThrow(/needs a `schema`/);
  });

  it("delivers listener notifications on flushNotifications()", () => {
    const realm = seeded();
    const seen: number[][] = [];
    realm.objects("Task").addListener((_c, changes) => seen.push(changes.insertions));
    realm.flushNotifications();
    realm.write(() => realm.create("Task", { _id: 7, title: "x", done: false }));
    realm.flushNotifications();
    expect(seen).toEqual([[], [3]]);
  });
});

describe("dictionary methods", () => {
  it("hand out one bound function per method, and set({…}) records one modification per batch", () => {
    const realm = openMemoryRealm({ schema: [{ name: "Doc", primaryKey: "_id", properties: { _id: "int", meta: "string{}" } }] });
    const doc = realm.write(() => realm.create("Doc", { _id: 1, meta: { a: "1" } }));
    const meta = doc.meta as Record<string, unknown> & { set(values: Record<string, string>): unknown };
    expect(meta.set).toBe(meta.set);
    const commits: MemoryCommit[] = [];
    realm.onCommit((commit) => commits.push(commit));
    const { set } = meta;
    realm.write(() => set({ b: "2", c: "3" }));
    expect({ ...meta }).toEqual({ a: "1", b: "2", c: "3" });
    expect(commits.map((c) => c.modifications.map((m) => m.fields))).toEqual([[["meta"]]]);
  });
});
