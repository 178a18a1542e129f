// Law 2 for creates: a create over a tombstone reads it (the generation follows it) and stamps
// above it, even when the deleting device's clock ran ahead; also when the key is a schema default.
import { expect, it } from "vitest";
import { HybridClock, stampMillis } from "../../src/clock/index.js";
import type { RealmObjectLike } from "../../src/realm-like.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";

const WALL = 1_763_000_000_000;
const Note: ObjectSchemaInput = { name: "Note", primaryKey: "_id", properties: { _id: { type: "int", default: 7 }, title: "string" } };
const schema = trackFields([Note]) as ObjectSchemaInput[];

describeStores("a create over a tombstone (law 2)", (store) => {
  const stampsOf = (object: RealmObjectLike): Record<string, string> => ({ ...(object.fieldTimestamps as Record<string, string>) });
  const tombstoneStamp = (realm: ReturnType<typeof store.open>): string => (realm.objectForPrimaryKey("FieldRecoveryTombstone", "Note/i:7") as RealmObjectLike).stamp as string;

  for (const keyGiven of [true, false]) {
    it(`stamps #created above the tombstone of a device whose clock is ahead (key ${keyGiven ? "given" : "from the schema default"})`, () => {
      const realm = store.open(schema);
      const ahead = new HybridClock({ nodeId: "b", now: () => WALL + 60_000 });
      trackedWrite(realm, (tx) => tx.create("Note", { _id: 7, title: "first" }), { clock: ahead });
      trackedWrite(realm, (tx) => tx.delete(realm.objectForPrimaryKey("Note", 7)!), { clock: ahead });
      const deleted = tombstoneStamp(realm);

      const behind = new HybridClock({ nodeId: "a", now: () => WALL });
      const stamp = trackedWrite(realm, (tx) => {
        tx.create("Note", keyGiven ? { _id: 7, title: "again" } : { title: "again" });
        return tx.stamp;
      }, { clock: behind });
      const note = realm.objectForPrimaryKey("Note", 7)!;
      const stamps = stampsOf(note);
      expect(stamps["#gen"]).toBe("2");
      expect(stamps["#created"]! > deleted, `#created ${stamps["#created"]} above the tombstone ${deleted}`).toBe(true);
      expect(stamp).toBe(stamps["#created"]);
      expect(behind.now() > deleted).toBe(true);
      // The newest-stamp counter (format 2) follows #created.
      const counter = note.newestStampMillis as { value: number } | number;
      expect(typeof counter === "number" ? counter : counter.value).toBeGreaterThanOrEqual(stampMillis(stamps["#created"]!));
    });
  }
});
