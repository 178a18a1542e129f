// The undo log: any sequence of operations followed by a throw leaves the realm exactly as it
// was (checked on the JSON dump), and committed sequences leave no trace of the log behind.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { dumpMemoryRealm, openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealm } from "../../src/testing/index.js";

const schema = [
  { name: "Item", primaryKey: "_id", properties: { _id: "int", label: "string", count: "int?", tags: "string[]", meta: "int{}", box: "Box", next: "Item", extra: "mixed", labels: "string<>" } },
  { name: "Box", embedded: true, properties: { size: "int" } },
];

type Op =
  | { kind: "create"; id: number }
  | { kind: "upsert"; id: number; label: string }
  | { kind: "set"; id: number; count: number | null }
  | { kind: "push"; id: number; tag: string }
  | { kind: "dict"; id: number; key: string; value: number }
  | { kind: "unset"; id: number; key: string }
  | { kind: "listSet"; id: number; index: number; tag: string }
  | { kind: "splice"; id: number; index: number }
  | { kind: "label"; id: number; label: string; add: boolean }
  | { kind: "box"; id: number; size: number | null }
  | { kind: "link"; id: number; to: number }
  | { kind: "delete"; id: number }
  | { kind: "mixed"; id: number; value: unknown }
  | { kind: "mixedPush"; id: number; value: number };

const id = fc.integer({ min: 0, max: 5 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("create" as const), id }),
  fc.record({ kind: fc.constant("upsert" as const), id, label: fc.string({ maxLength: 3 }) }),
  fc.record({ kind: fc.constant("set" as const), id, count: fc.option(fc.integer(), { nil: null }) }),
  fc.record({ kind: fc.constant("push" as const), id, tag: fc.string({ maxLength: 2 }) }),
  fc.record({ kind: fc.constant("dict" as const), id, key: fc.constantFrom("a", "b", "c"), value: fc.integer() }),
  fc.record({ kind: fc.constant("unset" as const), id, key: fc.constantFrom("a", "b", "c") }),
  fc.record({ kind: fc.constant("listSet" as const), id, index: fc.integer({ min: 0, max: 2 }), tag: fc.string({ maxLength: 2 }) }),
  fc.record({ kind: fc.constant("splice" as const), id, index: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant("label" as const), id, label: fc.constantFrom("x", "y", "z"), add: fc.boolean() }),
  fc.record({ kind: fc.constant("box" as const), id, size: fc.option(fc.integer(), { nil: null }) }),
  fc.record({ kind: fc.constant("link" as const), id, to: id }),
  fc.record({ kind: fc.constant("delete" as const), id }),
  fc.record({
    kind: fc.constant("mixed" as const),
    id,
    value: fc.oneof(fc.integer(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.constantFrom("x", "y"), fc.array(fc.integer(), { maxLength: 2 }))),
  }),
  fc.record({ kind: fc.constant("mixedPush" as const), id, value: fc.integer() }),
);

function apply(realm: MemoryRealm, step: Op): void {
  const item = realm.objectForPrimaryKey("Item", step.id);
  switch (step.kind) {
    case "create":
      if (!item) realm.create("Item", { _id: step.id, label: "new", box: { size: 1 } });
      return;
    case "upsert":
      realm.create("Item", { _id: step.id, label: step.label }, "modified");
      return;
    case "delete":
      if (item) realm.delete(item);
      return;
  }
  if (!item) return;
  switch (step.kind) {
    case "set":
      item.count = step.count;
      break;
    case "push":
      (item.tags as { push(v: string): void }).push(step.tag);
      break;
    case "dict":
      (item.meta as Record<string, number>)[step.key] = step.value;
      break;
    case "unset":
      (item.meta as { remove(key: string): void }).remove(step.key);
      break;
    case "listSet": {
      const tags = item.tags as { length: number; [index: number]: string };
      if (step.index < tags.length) tags[step.index] = step.tag;
      break;
    }
    case "splice":
      (item.tags as { splice(start: number, count: number): void }).splice(step.index, 1);
      break;
    case "label": {
      const labels = item.labels as { add(v: string): void; delete(v: string): void };
      if (step.add) labels.add(step.label);
      else labels.delete(step.label);
      break;
    }
    case "box":
      if (step.size === null) item.box = null;
      else if (item.box) (item.box as RealmObjectLike).size = step.size;
      else item.box = { size: step.size };
      break;
    case "link":
      item.next = realm.objectForPrimaryKey("Item", step.to);
      break;
    case "mixed":
      item.extra = step.value;
      break;
    case "mixedPush": {
      const extra = item.extra as { push?: (value: number) => void } | null;
      if (extra && typeof extra.push === "function") extra.push(step.value);
      else if (extra && typeof extra === "object") (extra as Record<string, unknown>).z = [step.value];
      break;
    }
  }
}

describe("rollback", () => {
  it("restores the exact previous state after any sequence of operations", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 15 }), fc.array(op, { maxLength: 15 }), (setup, attempt) => {
        const realm = openMemoryRealm({ schema });
        realm.write(() => setup.forEach((step) => apply(realm, step)));
        const before = dumpMemoryRealm(realm);
        expect(() =>
          realm.write(() => {
            attempt.forEach((step) => apply(realm, step));
            throw new Error("rollback");
          }),
        ).toThrow("rollback");
        expect(dumpMemoryRealm(realm)).toEqual(before);
        // Order too: dictionary keys, set elements and list elements come back where they were.
        expect(JSON.stringify(dumpMemoryRealm(realm))).toBe(JSON.stringify(before));
        // The realm stays fully usable: the same attempt committed equals a fresh replay.
        realm.write(() => attempt.forEach((step) => apply(realm, step)));
        const replay = openMemoryRealm({ schema });
        replay.write(() => setup.forEach((step) => apply(replay, step)));
        replay.write(() => attempt.forEach((step) => apply(replay, step)));
        expect(dumpMemoryRealm(realm)).toEqual(dumpMemoryRealm(replay));
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it("undoes element edits (index sets, appends, key sets and removals) in order", () => {
    const realm = openMemoryRealm({ schema });
    const item = realm.write(() => realm.create("Item", { _id: 1, label: "a", tags: ["p", "q"], meta: { a: 1, b: 2 }, labels: ["x"] }));
    const before = JSON.stringify(dumpMemoryRealm(realm));
    expect(() =>
      realm.write(() => {
        const tags = item.tags as { push(v: string): void; splice(s: number, n: number): void; [index: number]: string };
        tags[0] = "P";
        tags.push("r");
        tags[2] = "R";
        tags.splice(0, 1);
        tags[0] = "Q";
        const meta = item.meta as Record<string, number> & { remove(key: string): void; set(v: Record<string, number>): void };
        meta.set({ a: 10, c: 3 });
        meta.remove("a");
        meta.a = 11;
        const labels = item.labels as { add(v: string): void; delete(v: string): void };
        labels.add("y");
        labels.delete("x");
        labels.add("x");
        item.label = "b";
        item.label = "c";
        throw new Error("rollback");
      }),
    ).toThrow("rollback");
    expect(JSON.stringify(dumpMemoryRealm(realm))).toBe(before);
    expect([...(item.tags as Iterable<string>)]).toEqual(["p", "q"]);
  });

  it("restores objects held before the write: their handles are valid again", () => {
    const realm = openMemoryRealm({ schema });
    const item = realm.write(() => realm.create("Item", { _id: 1, label: "a", box: { size: 2 } }));
    const box = item.box as RealmObjectLike;
    expect(() =>
      realm.write(() => {
        realm.delete(item);
        throw new Error("undo");
      }),
    ).toThrow("undo");
    expect(item.isValid()).toBe(true);
    expect(box.isValid()).toBe(true);
    expect(box.size).toBe(2);
  });

  it("invalidates objects created by a rolled-back write", () => {
    const realm = openMemoryRealm({ schema });
    let created: RealmObjectLike | undefined;
    expect(() =>
      realm.write(() => {
        created = realm.create("Item", { _id: 1, label: "a" });
        throw new Error("undo");
      }),
    ).toThrow("undo");
    expect(created?.isValid()).toBe(false);
    expect(realm.objects("Item").length).toBe(0);
  });
});
