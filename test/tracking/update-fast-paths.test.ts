// The fast paths of tx.update and tx.assign, on both stores: named stores per field and stamp
// key, the model found once per run of same-model objects, the recipe's outcome as arrays, and
// stamps validated only when they would be the newest. Each must write and stamp exactly what
// the plain path did (laws 2 and 3).
import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import { HybridClock } from "../../src/clock/index.js";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { MAX_NAMED_STORES, keyedStore, namedStore } from "../../src/tracking/named-store.js";
import { dictionaryEntries } from "../../src/utils/dictionary.js";
import { dogValues, schema, stampsOf, testClock, tracking } from "./fixtures.js";

type DogDraft = {
  name: string;
  age: number | null;
  born: Date | null;
  tags: string[];
  notes: Record<string, string>;
  address: { city: string | null; street: string | null; geo: { lat: number; lng: number } | null } | null;
  extra: unknown;
};

// Fields whose names collide with Dictionary members or need escaping in a compiled store.
const Odd = {
  name: "Odd",
  primaryKey: "_id",
  properties: { _id: "int", values: "string?", entries: "int?", "quo\"te": "string?", "back\\slash": "string?", "line\u2028sep": "string?" },
};
const oddSchema = trackFields([Odd]);

/** Every stamp entry through `entries()` (a direct read of "values" on a Realm Dictionary is its method). */
function allStamps(object: RealmObjectLike): Record<string, string> {
  return Object.fromEntries(dictionaryEntries(object.fieldTimestamps as object)) as Record<string, string>;
}

describeStores("tx.update and tx.assign fast paths", (store) => {
  function openDogs(clock: HybridClock = testClock()) {
    const realm = store.open(schema);
    trackedWrite(realm, (tx) => {
      tx.create("Dog", dogValues("rex"));
      tx.create("Dog", dogValues("max"));
      tx.create("Person", { _id: 1, name: "Ann" });
    }, { clock, tracking });
    const rex = realm.objectForPrimaryKey("Dog", "rex") as RealmObjectLike;
    const max = realm.objectForPrimaryKey("Dog", "max") as RealmObjectLike;
    const ann = realm.objectForPrimaryKey("Person", 1) as RealmObjectLike;
    return { realm, rex, max, ann, clock };
  }

  it("a recipe that reads a field, then writes it, writes and stamps it once; writing back what it read stamps nothing", () => {
    const { realm, rex, clock } = openDogs();
    const before = stampsOf(rex);
    trackedWrite(realm, (tx) => tx.update<DogDraft>(rex, (d) => {
      const name = d.name;
      d.name = `${name}!`;
      d.name = name; // back to the old value: no change (law 3)
    }), { clock, tracking });
    expect(stampsOf(rex)).toEqual(before);
    trackedWrite(realm, (tx) => tx.update<DogDraft>(rex, (d) => {
      d.name = `${d.name}!`;
    }), { clock, tracking });
    expect(rex.name).toBe("Rex!");
    expect(Object.keys(stampsOf(rex)).sort()).toEqual([...Object.keys(before), "name"].sort());
  });

  it("an equal value (string, number, date by time, list and dictionary by value) is neither written nor stamped", () => {
    const { realm, rex, clock } = openDogs();
    trackedWrite(realm, (tx) => tx.assign(rex, { born: new Date(1000) }), { clock, tracking });
    const before = stampsOf(rex);
    trackedWrite(realm, (tx) => tx.update<DogDraft>(rex, (d) => {
      d.name = "Rex";
      d.age = 3;
      d.born = new Date(1000);
      d.tags = ["a", "b"];
      d.notes = { color: "brown" };
    }), { clock, tracking });
    trackedWrite(realm, (tx) => tx.assign(rex, { name: "Rex", age: 3, born: new Date(1000) }), { clock, tracking });
    expect(stampsOf(rex)).toEqual(before);
  });

  it("nested, embedded, list and dictionary edits in one recipe stamp their own keys, with one stamp newer than what they overwrite", () => {
    const { realm, rex, clock } = openDogs();
    const created = stampsOf(rex)["#created"] as string;
    trackedWrite(realm, (tx) => tx.update<DogDraft>(rex, (d) => {
      d.age = 4;
      d.tags.push("c");
      d.notes.size = "big";
      if (d.address) d.address.city = "Bergen";
      if (d.address?.geo) d.address.geo.lat = 5;
    }), { clock, tracking });
    const stamps = stampsOf(rex);
    const keys = ["age", "tags", "notes/size", "address/city", "address/geo/lat"];
    for (const key of keys) expect(stamps[key], key).toBeDefined();
    expect(new Set(keys.map((key) => stamps[key])).size).toBe(1);
    expect(stamps.age! > created).toBe(true);
    expect(rex.age).toBe(4);
    expect(Array.from(rex.tags as Iterable<string>)).toEqual(["a", "b", "c"]);
    expect((rex.address as RealmObjectLike).city).toBe("Bergen");
    expect(((rex.address as RealmObjectLike).geo as RealmObjectLike).lat).toBe(5);
  });

  it("a recipe that throws midway writes nothing of its draft; the transaction goes on and later writes stamp as usual", () => {
    const { realm, rex, max, clock } = openDogs();
    const before = stampsOf(rex);
    trackedWrite(realm, (tx) => {
      expect(() => tx.update<DogDraft>(rex, (d) => {
        d.name = "Changed";
        d.age = 9;
        throw new Error("midway");
      })).toThrow("midway");
      tx.update<DogDraft>(max, (d) => void (d.age = 7));
    }, { clock, tracking });
    expect(rex.name).toBe("Rex");
    expect(rex.age).toBe(3);
    expect(stampsOf(rex)).toEqual(before);
    expect(max.age).toBe(7);
    expect(stampsOf(max).age).toBeDefined();
    // A throw out of trackedWrite rolls back data and stamps together.
    expect(() => trackedWrite(realm, (tx) => {
      tx.update<DogDraft>(rex, (d) => void (d.age = 10));
      throw new Error("after");
    }, { clock, tracking })).toThrow("after");
    expect(rex.age).toBe(3);
    expect(stampsOf(rex)).toEqual(before);
  });

  it("nested recipes and interleaved models each resolve their own model (errors name the right one)", () => {
    const { realm, rex, max, ann, clock } = openDogs();
    trackedWrite(realm, (tx) => {
      tx.update<DogDraft>(rex, (d) => {
        d.age = 5;
        tx.update<{ name: string }>(ann, (p) => void (p.name = "Bo"));
        tx.update<DogDraft>(max, (m) => void (m.name = "Maxi"));
        d.name = "Rexi";
      });
      tx.assign(ann, { name: "Cy" });
      tx.assign(rex, { age: 6 });
    }, { clock, tracking });
    expect([rex.name, rex.age, max.name, ann.name]).toEqual(["Rexi", 6, "Maxi", "Cy"]);
    expect(stampsOf(ann).name).toBeDefined();
    expect(stampsOf(max).name).toBeDefined();
    trackedWrite(realm, (tx) => {
      tx.assign(rex, { age: 7 });
      expect(() => tx.assign(ann, { age: 1 })).toThrow(/"Person" has no property "age"/);
      expect(() => tx.update<Record<string, unknown>>(rex, (d) => void (d.nope = 1))).toThrow(/"Dog" has no property "nope"/);
    }, { clock, tracking });
  });

  it("follows the newest well-formed overwritten stamp and ignores a malformed one, whatever their order", () => {
    const { realm, rex, clock } = openDogs();
    const ahead = new HybridClock({ nodeId: "device-b", now: () => 1_763_000_050_000 }).now();
    realm.write(() => {
      const stamps = rex.fieldTimestamps as Record<string, string>;
      stamps.name = "~~~~~~~~~~~~~~~~"; // 16 characters outside the stamp alphabet, greater than any stamp
      stamps.age = ahead;
    });
    trackedWrite(realm, (tx) => tx.update<DogDraft>(rex, (d) => {
      d.name = "A";
      d.age = 1;
    }), { clock, tracking });
    const stamps = stampsOf(rex);
    expect(stamps.name).toBe(stamps.age);
    expect(stamps.age! > ahead).toBe(true);
  });

  it("writes and stamps fields whose names collide with Dictionary members or need escaping", () => {
    const realm = store.open(oddSchema);
    const clock = testClock();
    trackedWrite(realm, (tx) => tx.create("Odd", { _id: 1 }), { clock });
    const odd = realm.objectForPrimaryKey("Odd", 1) as RealmObjectLike;
    const created = allStamps(odd)["#created"] as string;
    const values = { values: "v", entries: 2, "quo\"te": "q", "back\\slash": "b", "line\u2028sep": "l" };
    trackedWrite(realm, (tx) => tx.update<Record<string, unknown>>(odd, (d) => void Object.assign(d, values)), { clock });
    for (const [name, value] of Object.entries(values)) expect(odd[name], name).toBe(value);
    const stamps = allStamps(odd);
    for (const name of Object.keys(values)) expect(stamps[name]! > created, name).toBe(true);
    // A newer stamp under a member-named key is found (through entries) and followed.
    const ahead = new HybridClock({ nodeId: "device-b", now: () => 1_763_000_050_000 }).now();
    realm.write(() => ((odd.fieldTimestamps as Record<string, string>).values = ahead));
    trackedWrite(realm, (tx) => tx.assign(odd, { values: "w" }), { clock });
    expect(allStamps(odd).values! > ahead).toBe(true);
  });
});

describe("namedStore", () => {
  const names = ["status", "quo\"te", "back\\slash", "line\u2028sep", "0", "constructor", "\u{1F600}"];

  it("stores like a keyed store, on plain objects and on proxies, for any name", () => {
    for (const name of names) {
      const a: Record<string, unknown> = {};
      const b: Record<string, unknown> = {};
      namedStore(name)(a, 1);
      keyedStore(name)(b, 1);
      expect(a, name).toEqual(b);
      expect(Object.keys(a)).toEqual([name]);
      const seen: string[] = [];
      const proxy = new Proxy({}, { set: (_, key) => (seen.push(String(key)), true) });
      namedStore(name)(proxy, 2);
      expect(seen).toEqual([name]);
    }
  });

  it("throws where a strict keyed store throws (a refused set)", () => {
    const refusing = new Proxy({}, { set: () => false });
    expect(() => namedStore("status")(refusing, 1)).toThrow(TypeError);
    expect(() => keyedStore("status")(refusing, 1)).toThrow(TypeError);
    const frozen = Object.freeze({ status: 0 });
    expect(() => namedStore("status")(frozen, 1)).toThrow(TypeError);
  });

  it("returns one store per name", () => {
    expect(namedStore("status")).toBe(namedStore("status"));
  });

  it("compiles a bounded number of names (dictionary keys are user data), then stores keyed", () => {
    for (let i = 0; i <= MAX_NAMED_STORES; i += 1) namedStore(`notes.k${i}`);
    const late = `notes.late-${Date.now()}`;
    const target: Record<string, unknown> = {};
    namedStore(late)(target, 3);
    expect(target[late]).toBe(3);
    expect(namedStore(late)).not.toBe(namedStore(late)); // not cached once the bound is reached
  });
});
