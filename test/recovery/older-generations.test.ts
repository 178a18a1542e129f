// Two cases the law properties found (docs/laws.md), as examples on both stores: an older
// backup generation meets the server's re-created one.
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { describeStores } from "../contract/stores.js";
import { dumpMemoryRealm } from "../../src/testing/dump.js";
import { Device } from "./store-fixtures.js";

const BASE = 1_700_000_000_000;
const NOW = (): number => BASE + 10_000;
const Note = { name: "Note", primaryKey: "_id", properties: { _id: "int", title: "string", tags: "string{}" } };
const SCHEMA = trackFields([Note]);
const note = (realm: RealmLike, id = 3): RealmObjectLike => realm.objectForPrimaryKey("Note", id) as RealmObjectLike;
const tombstones = (realm: RealmLike): unknown[] => [...realm.objects("FieldRecoveryTombstone")].map((t) => ({ key: t.key, generation: t.generation, stamp: t.stamp }));

describeStores("an older backup generation meets the server's re-created one", (store) => {
  const synced = () => {
    const server = new Device("b");
    const device = new Device("a");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Note", { _id: 3, title: "hello", tags: { a: "o" } }));
    device.clock.receive(server.last());
    return { server, device, serverRealm, backup: store.copy(serverRealm) };
  };

  for (const full of [true, false]) {
    it(`the device deleted and re-created the note, another device edited it: a second run changes nothing (updateWins, ${full ? "full merge" : "since"})`, () => {
      const { server, device, serverRealm, backup } = synced();
      const since = full ? null : server.last();
      device.write(backup, 2_000, (tx) => tx.delete(note(backup)));
      device.write(backup, 2_100, (tx) => tx.create("Note", { _id: 3, title: "mine" }));
      server.write(serverRealm, 3_000, (tx) => tx.assign(note(serverRealm), { title: "theirs" }));
      const options = { backup: store.copy(backup, { readOnly: true }), fresh: serverRealm, since, now: NOW, policies: { delete: "updateWins" as const } };
      const first = recoverUnsyncedChanges(options);
      expect(first.skipped.map((entry) => entry.code)).toContain("UPDATED_ON_SERVER");
      expect(note(serverRealm).title).toBe("mine");
      expect((note(serverRealm).fieldTimestamps as Record<string, string>)["#gen"]).toBe("2");
      const once = JSON.stringify(dumpMemoryRealm(serverRealm));
      const again = recoverUnsyncedChanges(options);
      expect([again.applied, again.created, again.deleted]).toEqual([[], [], []]);
      expect(JSON.stringify(dumpMemoryRealm(serverRealm))).toEqual(once);
      expect(tombstones(serverRealm)).toEqual([]);
    });
  }

  it("the server deleted and re-created the note: the backup's older dictionary entries stay out of the new generation (updateWins, full merge)", () => {
    const { server, serverRealm, backup } = synced();
    server.write(serverRealm, 2_000, (tx) => tx.delete(note(serverRealm)));
    server.write(serverRealm, 2_100, (tx) => tx.create("Note", { _id: 3, title: "new", tags: {} }));
    const report = recoverUnsyncedChanges({ backup: store.copy(backup, { readOnly: true }), fresh: serverRealm, since: null, now: NOW, policies: { delete: "updateWins" } });
    expect(report.applied).toEqual([]);
    expect(Object.fromEntries(Object.entries(note(serverRealm).tags as Record<string, string>))).toEqual({});
    expect(note(serverRealm).title).toBe("new");
    // The entry the older generation held is reported as kept: the newer generation's #created won.
    expect(report.kept.find((entry) => entry.field === "tags.a")).toMatchObject({ local: { value: "o" }, server: { value: undefined } });
  });
});
