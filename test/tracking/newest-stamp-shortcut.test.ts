// A tracked write skips reading the stamps it overwrites when the object's newest-stamp counter
// is non-zero and below the write's milliseconds (the counter rule bounds every stamp); with a
// counter of 0, or at or above the write's milliseconds, it reads them and stamps above (law 2).
import { expect, it } from "vitest";
import { HybridClock, stampMillis } from "../../src/clock/index.js";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import { stampsOf } from "./fixtures.js";

const Note = { name: "Note", primaryKey: "_id", properties: { _id: "int", text: "string", n: "int" } };
const counterOf = (object: RealmObjectLike): number => (object.newestStampMillis as { value: number }).value;
const clockAt = (nodeId: string, millis: number): HybridClock => new HybridClock({ nodeId, now: () => millis });

describeStores("the newest-stamp counter on the write path", (store) => {
  it("stamps with the transaction's stamp and raises the counter when the counter is below it", () => {
    const realm = store.open(trackFields([Note]));
    trackedWrite(realm, (tx) => tx.create("Note", { _id: 1, text: "a", n: 1 }), { clock: clockAt("early", 1_000_000) });
    const note = realm.objectForPrimaryKey("Note", 1) as RealmObjectLike;
    const later = clockAt("later", 2_000_000);
    const stamp = trackedWrite(realm, (tx) => {
      tx.assign(note, { text: "b", n: 2 });
      return tx.stamp;
    }, { clock: later });
    expect(stampsOf(note).text).toBe(stamp);
    expect(stampsOf(note).n).toBe(stamp);
    expect(stampMillis(stamp as string)).toBe(2_000_000);
    expect(counterOf(note)).toBe(2_000_000);
  });

  it("stamps above another device's newer stamp when the counter covers it (counter at or above our milliseconds)", () => {
    const realm = store.open(trackFields([Note]));
    trackedWrite(realm, (tx) => tx.create("Note", { _id: 1, text: "a", n: 1 }), { clock: clockAt("ahead", 1_060_000) });
    const note = realm.objectForPrimaryKey("Note", 1) as RealmObjectLike;
    const theirs = stampsOf(note)["#created"] as string;
    trackedWrite(realm, (tx) => tx.assign(note, { text: "b" }), { clock: clockAt("behind", 1_000_000) });
    expect((stampsOf(note).text as string) > theirs).toBe(true);
    expect(counterOf(note)).toBe(1_060_000);
  });

  it("reads the stamps when the counter is 0 (never maintained: written before format 2 or by a format-1 device)", () => {
    const realm = store.open(trackFields([Note]));
    const ahead = clockAt("ahead", 1_060_000);
    // A format-1 writer: stamps without the counter.
    realm.write(() => realm.create("Note", { _id: 1, text: "a", n: 1, fieldTimestamps: { "#created": ahead.now() } }));
    const note = realm.objectForPrimaryKey("Note", 1) as RealmObjectLike;
    expect(counterOf(note)).toBe(0);
    const theirs = stampsOf(note)["#created"] as string;
    trackedWrite(realm, (tx) => tx.assign(note, { n: 2 }), { clock: clockAt("behind", 1_000_000) });
    expect((stampsOf(note).n as string) > theirs).toBe(true);
    expect(counterOf(note)).toBe(stampMillis(stampsOf(note).n as string));
  });

  it("stamps a second write to the same object in one transaction above the first", () => {
    const realm = store.open(trackFields([Note]));
    trackedWrite(realm, (tx) => tx.create("Note", { _id: 1, text: "a", n: 1 }), { clock: clockAt("early", 1_000_000) });
    const note = realm.objectForPrimaryKey("Note", 1) as RealmObjectLike;
    trackedWrite(realm, (tx) => {
      tx.assign(note, { text: "b" });
      tx.assign(note, { n: 2 });
    }, { clock: clockAt("later", 2_000_000) });
    const stamps = stampsOf(note);
    expect((stamps.n as string) >= (stamps.text as string)).toBe(true);
    expect(counterOf(note)).toBe(stampMillis(stamps.n as string));
  });
});
