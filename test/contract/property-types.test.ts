// Every property type round-trips, optional properties hold null, collections keep their elements.
import { Decimal128, ObjectId, UUID } from "bson";
import { describe, expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { AllTypes, Dog, PEOPLE } from "./models.js";
import { describeStores, entriesOf } from "./stores.js";

const oid = new ObjectId("64b7f0c2a1b2c3d4e5f60718");
const uuid = new UUID("8f14e45f-ceea-4167-a5a4-1d8f5a6c3b21");
const when = new Date("2024-05-06T07:08:09.123Z");

const full = {
  _id: 1,
  bool: true,
  int: 42,
  float: 1.5,
  double: 3.25,
  string: "héllo",
  date: when,
  objectId: oid,
  uuid,
  decimal: Decimal128.fromString("12.345"),
  data: new Uint8Array([1, 2, 3]).buffer,
  mixed: "anything",
  ints: [3, 1, 2],
  optStrings: ["a", null],
  stringSet: ["x", "y", "x"],
  intDict: { a: 1, b: 2 },
  mixedList: [1, "two", null, true],
};

const bytes = (value: unknown): number[] => [...new Uint8Array(value as ArrayBuffer)];

describeStores("property types", (store) => {
  const open = () => store.open([AllTypes]);

  it("round-trips every scalar type", () => {
    const realm = open();
    const object = realm.write(() => realm.create("AllTypes", full));
    expect(object.bool).toBe(true);
    expect(object.int).toBe(42);
    expect(object.float).toBe(1.5);
    expect(object.double).toBe(3.25);
    expect(object.string).toBe("héllo");
    expect((object.date as Date).toISOString()).toBe(when.toISOString());
    expect((object.objectId as ObjectId).toHexString()).toBe(oid.toHexString());
    expect((object.uuid as UUID).toHexString(true)).toBe(uuid.toHexString(true));
    expect(String(object.decimal)).toBe("12.345");
    expect(bytes(object.data)).toEqual([1, 2, 3]);
    expect(object.mixed).toBe("anything");
  });

  it("reads optional properties left out as null, and accepts null on them", () => {
    const realm = open();
    const object = realm.write(() => realm.create("AllTypes", full));
    for (const name of ["optBool", "optInt", "optDouble", "optString", "optDate", "optObjectId", "optUuid", "optDecimal", "optData"]) {
      expect(object[name]).toBeNull();
    }
    realm.write(() => {
      object.optInt = 7;
      object.optString = "set";
      object.optDate = when;
    });
    expect([object.optInt, object.optString]).toEqual([7, "set"]);
    realm.write(() => {
      object.optInt = null;
      object.optString = null;
      object.optDate = null;
    });
    expect([object.optInt, object.optString, object.optDate]).toEqual([null, null, null]);
  });

  it("round-trips lists, sets and dictionaries of primitives", () => {
    const realm = open();
    const object = realm.write(() => realm.create("AllTypes", full));
    expect([...(object.ints as Iterable<number>)]).toEqual([3, 1, 2]);
    expect([...(object.optStrings as Iterable<string | null>)]).toEqual(["a", null]);
    expect([...(object.stringSet as Iterable<string>)].sort()).toEqual(["x", "y"]);
    expect(entriesOf(object.intDict)).toEqual({ a: 1, b: 2 });
    expect([...(object.mixedList as Iterable<unknown>)]).toEqual([1, "two", null, true]);
  });

  it("stores mixed values of several types and links", () => {
    const realm = store.open([AllTypes, Dog]);
    const object = realm.write(() => realm.create("AllTypes", full));
    const values: unknown[] = [12, 2.5, "text", false, null];
    for (const value of values) {
      realm.write(() => {
        object.mixed = value;
      });
      expect(object.mixed).toBe(value);
    }
    realm.write(() => {
      object.mixed = when;
    });
    expect((object.mixed as Date).getTime()).toBe(when.getTime());
    realm.write(() => {
      object.mixed = oid;
    });
    expect((object.mixed as ObjectId).toHexString()).toBe(oid.toHexString());
    const dog = realm.write(() => realm.create("Dog", { _id: "rex" }));
    realm.write(() => {
      object.mixed = dog;
    });
    expect((object.mixed as RealmObjectLike)._id).toBe("rex");
  });

  it("returns a fresh Date each read: mutating it does not change the stored value", () => {
    const realm = open();
    const object = realm.write(() => realm.create("AllTypes", full));
    (object.date as Date).setTime(0);
    expect((object.date as Date).getTime()).toBe(when.getTime());
  });

  it("lists the schema's properties through Object.keys and spread", () => {
    const realm = store.open([Dog]);
    const dog = realm.write(() => realm.create("Dog", { _id: "a", name: "Rex" }));
    expect(Object.keys(dog)).toEqual(["_id", "name"]);
    expect({ ...dog }).toEqual({ _id: "a", name: "Rex" });
    expect(Object.entries(dog)).toEqual([
      ["_id", "a"],
      ["name", "Rex"],
    ]);
  });

  it("applies schema defaults", () => {
    const realm = store.open([Dog]);
    const dog = realm.write(() => realm.create("Dog", { _id: "a" }));
    expect(dog.name).toBe("unnamed");
  });
});

describeStores("links and embedded objects", (store) => {
  it("round-trips links, lists of links and embedded objects created from plain objects", () => {
    const realm = store.open(PEOPLE);
    const person = realm.write(() =>
      realm.create("Person", {
        _id: 1,
        name: "Ann",
        dog: { _id: "rex", name: "Rex" },
        dogs: [{ _id: "fido", name: "Fido" }],
        address: { city: "Oslo" },
        addresses: [{ city: "Bergen", zip: "5003" }],
      }),
    );
    expect((person.dog as RealmObjectLike).name).toBe("Rex");
    expect((person.dogs as RealmObjectLike[])[0]?.name).toBe("Fido");
    expect((person.address as RealmObjectLike).city).toBe("Oslo");
    expect((person.address as RealmObjectLike).zip).toBeNull();
    expect((person.addresses as RealmObjectLike[])[0]?.zip).toBe("5003");
    expect(realm.objects("Dog").length).toBe(2);
  });

  it("links to an existing object by reference", () => {
    const realm = store.open(PEOPLE);
    realm.write(() => {
      const rex = realm.create("Dog", { _id: "rex" });
      realm.create("Person", { _id: 1, name: "Ann", dog: rex });
      realm.create("Person", { _id: 2, name: "Bob", dog: rex });
    });
    expect(realm.objects("Dog").length).toBe(1);
    expect((realm.objectForPrimaryKey("Person", 2)?.dog as RealmObjectLike)._id).toBe("rex");
  });

  it("replaces an embedded object on reassignment", () => {
    const realm = store.open(PEOPLE);
    const person = realm.write(() => realm.create("Person", { _id: 1, name: "Ann", address: { city: "Oslo" } }));
    const first = person.address as RealmObjectLike;
    realm.write(() => {
      person.address = { city: "Rome" };
    });
    expect((person.address as RealmObjectLike).city).toBe("Rome");
    expect(first.isValid()).toBe(false);
  });

  describe("embedded objects", () => {
    it("are changed in place through their parent", () => {
      const realm = store.open(PEOPLE);
      const person = realm.write(() => realm.create("Person", { _id: 1, name: "Ann", address: { city: "Oslo" } }));
      realm.write(() => {
        (person.address as RealmObjectLike).city = "Paris";
      });
      expect((person.address as RealmObjectLike).city).toBe("Paris");
    });
  });
});
