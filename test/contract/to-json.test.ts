// `toJSON()` of every property kind, as real Realm's Object.toJSON builds it: objects inlined
// (cycles reuse one output object), collections as arrays / records, and what it leaves alone.
import { Decimal128, ObjectId, UUID } from "bson";
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { describeStores } from "./stores.js";

const SCHEMA = [
  {
    name: "Thing",
    primaryKey: "_id",
    properties: {
      _id: "int",
      string: "string",
      int: "int",
      double: "double",
      bool: "bool",
      date: "date",
      objectId: "objectId",
      uuid: "uuid",
      decimal: "decimal128",
      data: "data",
      none: "string?",
      mixed: "mixed",
      mixedLink: "mixed",
      ints: "int[]",
      tags: "string<>",
      notes: "string{}",
      ids: "objectId[]",
      place: "Place?",
      places: "Place[]",
      friend: "Thing?",
      friends: "Thing[]",
      visits: "counter",
      friendOf: { type: "linkingObjects", objectType: "Thing", property: "friend" },
    },
  },
  { name: "Place", embedded: true, properties: { city: "string" } },
];

const toJSON = (object: RealmObjectLike): Record<string, unknown> => (object as unknown as { toJSON(): Record<string, unknown> }).toJSON();

describeStores("toJSON", (store) => {
  const seed = () => {
    const realm = store.open(SCHEMA);
    const thing = realm.write(() =>
      realm.create("Thing", {
        _id: 1,
        string: "s",
        int: 2,
        double: 2.5,
        bool: true,
        date: new Date(1_000),
        objectId: new ObjectId("0123456789abcdef01234567"),
        uuid: new UUID("d3a6e9f4-8b7c-4a1e-9f2d-3c4b5a6d7e8f"),
        decimal: Decimal128.fromString("1.5"),
        data: new Uint8Array([1, 2]),
        mixed: { list: [1, { deep: true }] },
        ints: [3, 4],
        tags: ["t"],
        notes: { k: "v" },
        ids: [new ObjectId("0123456789abcdef01234567")],
        place: { city: "Oslo" },
        places: [{ city: "Rome" }],
        visits: 3,
      }),
    );
    realm.write(() => {
      thing.friend = thing;
      (thing.friends as unknown as { push(value: unknown): void }).push(thing);
      thing.mixedLink = thing;
    });
    return { realm, json: toJSON(thing) };
  };

  it("keeps scalars; dates, BSON values and data stay instances", () => {
    const { json } = seed();
    expect(json).toMatchObject({ _id: 1, string: "s", int: 2, double: 2.5, bool: true, none: null });
    expect(json.date).toBeInstanceOf(Date);
    expect((json.date as Date).getTime()).toBe(1_000);
    expect((json.objectId as ObjectId).toHexString()).toBe("0123456789abcdef01234567");
    expect((json.uuid as UUID).toHexString(true)).toBe("d3a6e9f4-8b7c-4a1e-9f2d-3c4b5a6d7e8f");
    expect(String(json.decimal)).toBe("1.5");
    expect(json.data).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(json.data as ArrayBuffer)]).toEqual([1, 2]);
  });

  it("turns lists and sets into arrays and dictionaries into records", () => {
    const { json } = seed();
    expect(json.ints).toEqual([3, 4]);
    expect(json.tags).toEqual(["t"]);
    expect(json.notes).toEqual({ k: "v" });
    expect(Array.isArray(json.ids)).toBe(true);
    expect(((json.ids as unknown[])[0] as ObjectId).toHexString()).toBe("0123456789abcdef01234567");
  });

  it("inlines embedded objects and links; a cycle reuses the same output object", () => {
    const { json } = seed();
    expect(json.place).toEqual({ city: "Oslo" });
    expect(json.places).toEqual([{ city: "Rome" }]);
    expect(json.friend).toBe(json);
    expect((json.friends as unknown[])[0]).toBe(json);
    expect(json.mixedLink).toBe(json);
    expect(Array.isArray(json.friendOf)).toBe(true);
    expect((json.friendOf as unknown[])[0]).toBe(json);
  });

  it("leaves a Counter a Counter, and collections nested in mixed live (not arrays)", () => {
    const { json } = seed();
    expect((json.visits as { value: number }).value).toBe(3);
    const mixed = json.mixed as Record<string, unknown>;
    expect(Object.keys(mixed)).toEqual(["list"]);
    const list = mixed.list as { length: number; [index: number]: unknown };
    expect(Array.isArray(list)).toBe(false);
    expect(list.length).toBe(2);
    expect((list[1] as Record<string, unknown>).deep).toBe(true);
  });

  it("is plain enough for JSON.stringify of the scalar fields", () => {
    const { realm } = seed();
    const thing = realm.objectForPrimaryKey("Thing", 1) as RealmObjectLike;
    const json = toJSON(thing);
    const text = JSON.stringify({ ints: json.ints, notes: json.notes });
    expect(text).toBe('{"ints":[3,4],"notes":{"k":"v"}}');
  });
});
