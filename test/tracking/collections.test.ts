// Lists of embedded objects, mixed values and dates in sets: compared by value, stamped per field.
import { expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import { stampsOf, testClock } from "./fixtures.js";

const Kennel: ObjectSchemaInput = {
  name: "Kennel",
  primaryKey: "_id",
  properties: { _id: "int", rooms: "Room[]", meta: "mixed", days: "date<>", scores: "double{}" },
};
const Room: ObjectSchemaInput = { name: "Room", embedded: true, properties: { size: "int", label: "string?" } };

describeStores("tracked collections", (store) => {
  function setup(): { write: (fn: Parameters<typeof trackedWrite>[1]) => unknown; kennel: () => RealmObjectLike } {
    const realm = store.open(trackFields([Kennel, Room]));
    const clock = testClock();
    const write = (fn: Parameters<typeof trackedWrite>[1]): unknown => trackedWrite(realm, fn, { clock });
    write((tx) => tx.create("Kennel", { _id: 1, rooms: [{ size: 1 }, { size: 2, label: "b" }], meta: 5, days: [new Date(0)], scores: { a: 1 } }));
    return { write, kennel: () => realm.objectForPrimaryKey("Kennel", 1) as RealmObjectLike };
  }

  it("a sub-field of an embedded list element stamps the list and changes only that element", () => {
    const { write, kennel } = setup();
    const before = stampsOf(kennel());
    write((tx) => tx.update<{ rooms: Array<{ size: number }> }>(kennel(), (d) => {
      (d.rooms[1] as { size: number }).size = 3;
    }));
    const after = stampsOf(kennel());
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual(["rooms"]);
    const rooms = Array.from(kennel().rooms as Iterable<RealmObjectLike>, (r) => [r.size, r.label]);
    expect(rooms).toEqual([[1, null], [3, "b"]]);
  });

  it("equal rewrites of mixed, date sets and embedded lists stamp nothing", () => {
    const { write, kennel } = setup();
    const before = stampsOf(kennel());
    const stamp = write((tx) => {
      tx.assign(kennel(), { meta: 5, days: [new Date(0)], rooms: [{ size: 1, label: null }, { size: 2, label: "b" }], scores: { a: 1 } });
      return tx.stamp;
    });
    expect(stamp).toBeUndefined();
    expect(stampsOf(kennel())).toEqual(before);
  });

  it("a changed date set and dictionary entry stamp their keys", () => {
    const { write, kennel } = setup();
    const before = stampsOf(kennel());
    write((tx) => tx.assign(kennel(), { days: [new Date(0), new Date(1)], scores: { a: 2 }, meta: "x" }));
    const after = stampsOf(kennel());
    expect(Object.keys(after).filter((k) => after[k] !== before[k]).sort()).toEqual(["days", "meta", "scores/a"]);
    expect(Array.from(kennel().days as Iterable<Date>, (d) => d.getTime()).sort()).toEqual([0, 1]);
  });
});
