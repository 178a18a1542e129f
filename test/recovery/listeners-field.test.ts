// A tracked field named "listeners": Realm 20's Dictionary cannot hold that key (its proxy's
// target has a non-writable `listeners` property), so its stamp is stored as "%6Cisteners"
// (docs/storage-format.md). Write, extract, merge and apply it on both stores.
import { expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { parseChangeset } from "../../src/recovery/changeset.js";
import { decodeFieldKey, encodeFieldKey } from "../../src/schema/field-keys.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { dictionaryEntries } from "../../src/utils/dictionary.js";
import { describeStores } from "../contract/stores.js";

const Channel = { name: "Channel", primaryKey: "_id", properties: { _id: "int", listeners: "int", title: "string" } };
const SCHEMA = trackFields([Channel]);
const BASE = 1_700_000_000_000;
const stampKeys = (object: RealmObjectLike): string[] => [...dictionaryEntries(object.fieldTimestamps as object)].map(([key]) => key).sort();

it("encodes the path [\"listeners\"] with its first character escaped, and decodes it back", () => {
  expect(encodeFieldKey(["listeners"])).toBe("%6Cisteners");
  expect(decodeFieldKey("%6Cisteners")).toEqual(["listeners"]);
  expect(decodeFieldKey("listeners")).toEqual(["listeners"]);
  expect(encodeFieldKey(["listeners", "x"])).toBe("listeners/x");
});

describeStores("a tracked field named listeners", (store) => {
  it("a Dictionary refuses the plain key, as Realm's does", () => {
    const realm = store.open(SCHEMA);
    realm.write(() => realm.create("Channel", { _id: 1, listeners: 0, title: "a", fieldTimestamps: {} }));
    const channel = realm.objectForPrimaryKey("Channel", 1) as RealmObjectLike;
    expect(() => realm.write(() => ((channel.fieldTimestamps as Record<string, string>).listeners = "x"))).toThrow(TypeError);
    expect(stampKeys(channel)).toEqual([]);
  });

  it("is stamped, extracted, merged and applied", () => {
    const device = new HybridClock({ nodeId: "device", now: () => BASE });
    const backup = store.open(SCHEMA);
    trackedWrite(backup, (tx) => tx.create("Channel", { _id: 1, listeners: 3, title: "a" }), { clock: device });
    const fresh = store.copy(backup);
    const since = device.now();
    const later = new HybridClock({ nodeId: "device", now: () => BASE + 1_000 });
    trackedWrite(backup, (tx) => tx.update(backup.objectForPrimaryKey("Channel", 1) as RealmObjectLike, (draft) => void (draft.listeners = 7)), { clock: later });
    expect(stampKeys(backup.objectForPrimaryKey("Channel", 1) as RealmObjectLike)).toEqual(["#created", "%6Cisteners"]);

    const changeset = parseChangeset(JSON.parse(JSON.stringify(collectUnsyncedChanges(backup, since))));
    expect(Object.keys(changeset.objects[0]?.fields ?? {})).toEqual(["%6Cisteners"]);
    const report = applyChanges(fresh, changeset, { now: () => BASE + 2_000 });
    expect(report.errors).toEqual([]);
    expect(report.applied.map((entry) => entry.field)).toEqual(["listeners"]);
    const merged = fresh.objectForPrimaryKey("Channel", 1) as RealmObjectLike;
    expect(merged.listeners).toBe(7);
    expect(stampKeys(merged)).toEqual(["#created", "%6Cisteners"]);
  });
});
