import { describe, expect, it, vi } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { SchemaNotTrackedError } from "../../src/schema/tracking-errors.js";
import { TrackedWriteError, trackedWrite } from "../../src/tracking/index.js";
import type { TrackedTransaction } from "../../src/tracking/index.js";
import { DOG_FIELDS, Address, Dog, Geo, Log, Person, dogValues, schema, stampsOf, testClock, tracking } from "./fixtures.js";
import { describeStores } from "../contract/stores.js";
import { effectiveStamp } from "../../src/recovery/stamped-paths.js";

describeStores("trackedWrite", (store) => {
  const open = store.open;
  function setup(): { realm: RealmLike; write: <T>(fn: (tx: TrackedTransaction) => T) => T } {
    const realm = open(schema);
    const clock = testClock();
    return { realm, write: (fn) => trackedWrite(realm, fn, { clock, tracking }) };
  }
  function dog(realm: RealmLike, id = "rex"): RealmObjectLike {
    const found = realm.objectForPrimaryKey("Dog", id);
    if (!found) throw new Error(`no dog ${id}`);
    return found;
  }

  describe("create", () => {
    it("stamps every field on insert through #created: one entry, one stamp", () => {
      const { realm, write } = setup();
      const stamp = write((tx) => {
        tx.create("Dog", dogValues());
        return tx.stamp;
      });
      expect(stamp).toMatch(/^[-0-9A-Za-z_]{16}$/);
      const stamps = stampsOf(dog(realm));
      expect(stamps).toEqual({ "#created": stamp });
      for (const field of DOG_FIELDS) expect(effectiveStamp(stamps, [field])).toBe(stamp);
      expect(dog(realm).name).toBe("Rex");
    });

    it("with 'modified' on an existing object, writes and stamps only the differing fields", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      const stamp = write((tx) => {
        tx.create("Dog", { ...dogValues(), age: 4, tags: ["a", "b"], address: { city: "Oslo", street: "Side", geo: { lat: 1, lng: 2 } } }, "modified");
        return tx.stamp;
      });
      const after = stampsOf(dog(realm));
      expect(changedKeys(before, after)).toEqual(["address/street", "age"]);
      expect(after.age).toBe(stamp);
      expect(dog(realm).age).toBe(4);
      expect((dog(realm).address as RealmObjectLike).street).toBe("Side");
    });

    it("with 'all' and equal values, stamps nothing (law 3)", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      const stamp = write((tx) => {
        tx.create("Dog", dogValues(), "all");
        return tx.stamp;
      });
      expect(stamp).toBeUndefined();
      expect(stampsOf(dog(realm))).toEqual(before);
    });

    it("keeps Realm's duplicate-key error for mode 'never'", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      expect(() => write((tx) => tx.create("Dog", dogValues()))).toThrow();
      expect(realm.objects("Dog").length).toBe(1);
    });

    it("passes untracked models straight through", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Log", { line: "hello" }));
      expect(realm.objects("Log").length).toBe(1);
      expect(realm.objects("Log")[0]?.fieldTimestamps).toBeUndefined();
    });

    it("refuses values that carry the timestamps dictionary", () => {
      const { write } = setup();
      expect(() => write((tx) => tx.create("Dog", { ...dogValues(), fieldTimestamps: {} }))).toThrow(TrackedWriteError);
    });
  });

  describe("assign", () => {
    it("writes and stamps only differing fields; excluded fields are written unstamped", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      write((tx) => tx.assign(dog(realm), { name: "Rex", age: 5, cachedScore: 0.5 }));
      const after = stampsOf(dog(realm));
      expect(changedKeys(before, after)).toEqual(["age"]);
      expect(dog(realm).cachedScore).toBe(0.5);
    });

    it("compares dates and links by value", () => {
      const { realm, write } = setup();
      write((tx) => {
        const owner = tx.create("Person", { _id: 1, name: "Ann" });
        tx.create("Dog", { ...dogValues(), born: new Date(1000), owner });
      });
      const before = stampsOf(dog(realm));
      write((tx) => tx.assign(dog(realm), { born: new Date(1000), owner: realm.objectForPrimaryKey("Person", 1) }));
      expect(stampsOf(dog(realm))).toEqual(before);
    });

    it("refuses unknown properties and primary-key changes", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      expect(() => write((tx) => tx.assign(dog(realm), { nmae: "x" }))).toThrow(TrackedWriteError);
      expect(() => write((tx) => tx.assign(dog(realm), { _id: "max" }))).toThrow(/primary key/);
    });
  });

  describe("update (immer recipe)", () => {
    it("stamps a changed scalar only", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      write((tx) => tx.update<{ age: number; name: string }>(dog(realm), (d) => {
        d.age = 7;
        d.name = "Rex";
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["age"]);
      expect(dog(realm).age).toBe(7);
    });

    it("stamps embedded sub-fields by path, and a whole replacement or removal by the field", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      let before = stampsOf(dog(realm));
      write((tx) => tx.update<{ address: { city: string; geo: { lat: number } } }>(dog(realm), (d) => {
        d.address.city = "Bergen";
        d.address.geo.lat = 9;
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["address/city", "address/geo/lat"]);
      const address = dog(realm).address as RealmObjectLike;
      expect(address.city).toBe("Bergen");
      expect((address.geo as RealmObjectLike).lat).toBe(9);

      // A new object over an existing one is applied as writes of the sub-fields that differ (law 3).
      before = stampsOf(dog(realm));
      write((tx) => tx.update<{ address: unknown }>(dog(realm), (d) => {
        d.address = { city: "Rome", street: "Main", geo: null };
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["address/city", "address/geo"]);

      before = stampsOf(dog(realm));
      write((tx) => tx.update<{ address: unknown }>(dog(realm), (d) => {
        d.address = null;
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["address"]);
      expect(dog(realm).address).toBeNull();

      before = stampsOf(dog(realm));
      write((tx) => tx.update<{ address: unknown }>(dog(realm), (d) => {
        d.address = { city: "Oslo" };
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["address"]);
      expect((dog(realm).address as RealmObjectLike).city).toBe("Oslo");
    });

    it("stamps dictionary entries by key, removals included", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", { ...dogValues(), notes: { color: "brown", size: "big" } }));
      const before = stampsOf(dog(realm));
      write((tx) => tx.update<{ notes: Record<string, string> }>(dog(realm), (d) => {
        d.notes["mood/today"] = "happy";
        delete d.notes.size;
        d.notes.color = "brown";
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["notes/mood%2Ftoday", "notes/size"]);
      expect(Object.fromEntries(Object.entries(stampsOf(dog(realm))).filter(([k]) => k.startsWith("notes")))).toHaveProperty("notes/size");
      const notes = dog(realm).notes as Record<string, unknown>;
      expect(notes["mood/today"]).toBe("happy");
      expect(notes.size).toBeUndefined();
    });

    it("edits lists element by element, never reassigning the list", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", { ...dogValues(), tags: ["a", "b", "c"] }));
      const list = dog(realm).tags as { push: unknown; splice: unknown };
      const proto = Object.getPrototypeOf(list) as { push: (...a: unknown[]) => number; splice: (...a: unknown[]) => unknown[] };
      const push = vi.spyOn(proto, "push");
      const splice = vi.spyOn(proto, "splice");
      try {
        write((tx) => tx.update<{ tags: string[] }>(dog(realm), (d) => {
          d.tags.push("d");
        }));
        expect(push).toHaveBeenCalledWith("d");
        write((tx) => tx.update<{ tags: string[] }>(dog(realm), (d) => {
          d.tags.splice(1, 1);
        }));
        expect(splice).toHaveBeenCalledWith(1, 1);
        expect(Array.from(dog(realm).tags as Iterable<string>)).toEqual(["a", "c", "d"]);
      } finally {
        push.mockRestore();
        splice.mockRestore();
      }
      const before = stampsOf(dog(realm));
      write((tx) => tx.update<{ tags: string[] }>(dog(realm), (d) => {
        d.tags[0] = "z";
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["tags"]);
      expect(Array.from(dog(realm).tags as Iterable<string>)).toEqual(["z", "c", "d"]);
    });

    it("edits sets with add/delete of the changed elements", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", { ...dogValues(), toys: ["ball", "rope"] }));
      const proto = Object.getPrototypeOf(dog(realm).toys) as { add: (v: unknown) => unknown; delete: (v: unknown) => boolean };
      const add = vi.spyOn(proto, "add");
      const remove = vi.spyOn(proto, "delete");
      const before = stampsOf(dog(realm));
      try {
        write((tx) => tx.update<{ toys: Set<string> }>(dog(realm), (d) => {
          d.toys.add("stick");
          d.toys.delete("rope");
        }));
        expect(add.mock.calls).toEqual([["stick"]]);
        expect(remove.mock.calls).toEqual([["rope"]]);
      } finally {
        add.mockRestore();
        remove.mockRestore();
      }
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["toys"]);
      expect(new Set(dog(realm).toys as Iterable<string>)).toEqual(new Set(["ball", "stick"]));
    });

    it("stamps nothing when the recipe writes equal values", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      const stamp = write((tx) => {
        tx.update<{ age: number; tags: string[]; address: { city: string }; notes: Record<string, string> }>(dog(realm), (d) => {
          d.age = 3;
          d.tags = ["a", "b"];
          d.address = { ...d.address, city: "Oslo" };
          d.notes.color = "brown";
        });
        return tx.stamp;
      });
      expect(stamp).toBeUndefined();
      expect(stampsOf(dog(realm))).toEqual(before);
    });

    it("changes links and lists of links", () => {
      const { realm, write } = setup();
      write((tx) => {
        tx.create("Person", { _id: 1, name: "Ann" });
        tx.create("Person", { _id: 2, name: "Bob" });
        tx.create("Dog", dogValues());
      });
      const before = stampsOf(dog(realm));
      write((tx) => tx.update<{ owner: unknown; friends: unknown[] }>(dog(realm), (d) => {
        d.owner = realm.objectForPrimaryKey("Person", 1);
        d.friends.push(realm.objectForPrimaryKey("Person", 2));
      }));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["friends", "owner"]);
      expect((dog(realm).owner as RealmObjectLike).name).toBe("Ann");
    });

    it("accepts a recipe that returns a replacement, stamping only what differs", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      write((tx) => tx.update<{ name: string; age: number }>(dog(realm), (d) => ({ ...d, age: 8 })));
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["age"]);
      expect(dog(realm).age).toBe(8);
    });

    it("refuses embedded objects on their own", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      expect(() => write((tx) => tx.assign(dog(realm).address as RealmObjectLike, { city: "x" }))).toThrow(TrackedWriteError);
    });
  });

  describe("transactions", () => {
    it("uses one stamp per transaction and strictly increasing stamps across transactions", () => {
      const { realm, write } = setup();
      write((tx) => {
        tx.create("Dog", dogValues("a"));
        tx.create("Dog", dogValues("b"));
      });
      expect(stampsOf(dog(realm, "a"))["#created"]).toBe(stampsOf(dog(realm, "b"))["#created"]);
      const stamps: string[] = [];
      for (let age = 10; age < 15; age++) {
        write((tx) => tx.assign(dog(realm, "a"), { age }));
        stamps.push(stampsOf(dog(realm, "a")).age as string);
      }
      expect([...stamps].sort()).toEqual(stamps);
      expect(new Set(stamps).size).toBe(stamps.length);
    });

    it("a thrown callback leaves neither data nor stamps", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      expect(() =>
        write((tx) => {
          tx.assign(dog(realm), { age: 99 });
          tx.create("Dog", dogValues("max"));
          throw new Error("boom");
        }),
      ).toThrow("boom");
      expect(dog(realm).age).toBe(3);
      expect(stampsOf(dog(realm))).toEqual(before);
      expect(realm.objectForPrimaryKey("Dog", "max")).toBeNull();
    });

    it("joins an open write transaction", () => {
      const { realm } = setup();
      realm.write(() => {
        trackedWrite(realm, (tx) => tx.create("Dog", dogValues()), { clock: testClock(), tracking });
      });
      expect(stampsOf(dog(realm))).toHaveProperty("#created");
    });

    it("refuses the transaction object after the write", () => {
      const { write } = setup();
      const tx = write((t) => t);
      expect(() => tx.create("Dog", dogValues())).toThrow(TrackedWriteError);
    });

    it("refuses tracked models of a realm not opened with trackFields", () => {
      const realm = open([Dog, Address, Geo, Person, Log]);
      expect(() => trackedWrite(realm, (tx) => tx.create("Dog", dogValues()), { clock: testClock(), tracking })).toThrow(SchemaNotTrackedError);
    });
  });

  describe("delete", () => {
    it("writes a tombstone per tracked object and bumps the generation on re-create", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const deleteStamp = write((tx) => {
        tx.delete(dog(realm));
        return tx.stamp;
      });
      expect(realm.objectForPrimaryKey("Dog", "rex")).toBeNull();
      const tombstone = realm.objectForPrimaryKey("FieldRecoveryTombstone", "Dog/s:rex");
      expect(tombstone).toMatchObject({ model: "Dog", key: "s:rex", stamp: deleteStamp, generation: 1 });

      write((tx) => tx.create("Dog", dogValues()));
      expect(stampsOf(dog(realm))["#gen"]).toBe("2");
      write((tx) => tx.delete(dog(realm)));
      expect(realm.objectForPrimaryKey("FieldRecoveryTombstone", "Dog/s:rex")?.generation).toBe(2);
    });

    it("deletes collections with a tombstone each, and untracked objects without", () => {
      const { realm, write } = setup();
      write((tx) => {
        tx.create("Dog", dogValues("a"));
        tx.create("Dog", dogValues("b"));
        tx.create("Log", { line: "x" });
      });
      write((tx) => {
        tx.delete(realm.objects("Dog"));
        tx.delete(realm.objects("Log"));
      });
      expect(realm.objects("Dog").length).toBe(0);
      expect(realm.objects("Log").length).toBe(0);
      expect(Array.from(realm.objects("FieldRecoveryTombstone"), (t) => t._id).sort()).toEqual(["Dog/s:a", "Dog/s:b"]);
    });
  });

  describe("increment", () => {
    it("on a plain int is an ordinary stamped write", () => {
      const { realm, write } = setup();
      write((tx) => tx.create("Dog", dogValues()));
      const before = stampsOf(dog(realm));
      write((tx) => tx.increment(dog(realm), "age", 2));
      expect(dog(realm).age).toBe(5);
      expect(changedKeys(before, stampsOf(dog(realm)))).toEqual(["age"]);
      expect(() => write((tx) => tx.increment(dog(realm), "name", 1))).toThrow(TrackedWriteError);
    });
  });
});

/** Keys whose stamp differs between two stamp records (added or changed), sorted. */
function changedKeys(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after)
    .filter((key) => before[key] !== after[key])
    .sort();
}

describe("fixtures", () => {
  it("keep Log excluded and Address/Geo embedded", () => {
    expect([Address.embedded, Geo.embedded, Log.primaryKey, Person.primaryKey, Dog.primaryKey]).toEqual([true, true, undefined, "_id", "_id"]);
  });
});
