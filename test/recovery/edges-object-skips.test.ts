// Every skip that drops a whole object carries the local values and stamps it did not recover
// (issue 13, item 2): once the backup is removed, the report is the only copy.
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import type { SkippedEntry } from "../../src/recovery/report.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { describeStores } from "../contract/stores.js";
import { Device } from "./store-fixtures.js";

const BASE = 1_700_000_000_000;
const NOW = (): number => BASE + 10_000;
const Note = { name: "Note", primaryKey: "_id", properties: { _id: "string", text: "string", stars: "int?", tags: "string{}" } };
const Extra = { name: "Extra", primaryKey: "_id", properties: { _id: "int", label: "string?" } };
const SCHEMA = trackFields([Note, Extra]);

const note = (realm: RealmLike, id = "n"): RealmObjectLike => realm.objectForPrimaryKey("Note", id) as RealmObjectLike;
const only = (entries: readonly SkippedEntry[], code: string): SkippedEntry => {
  const found = entries.filter((entry) => entry.code === code);
  expect(found).toHaveLength(1);
  return found[0] as SkippedEntry;
};

describeStores("whole-object skips keep the local values", (store) => {
  const shared = () => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => {
      tx.create("Note", { _id: "n", text: "hello", stars: 1, tags: { a: "1" } });
      tx.create("Extra", { _id: 1, label: "x" });
    });
    const since = server.clock.last() as string;
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    return { server, device, serverRealm, local, since };
  };

  it("DELETED_ON_SERVER carries every unsynced field with its value and stamp, and the other fields", () => {
    const { server, device, serverRealm, local, since } = shared();
    device.write(local, 2_000, (tx) => tx.assign(note(local), { text: "edited offline", tags: { a: "1", b: "2" } }));
    server.write(serverRealm, 3_000, (tx) => tx.delete(note(serverRealm)));
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh: store.copy(serverRealm), since, now: NOW });
    const entry = only(report.skipped, "DELETED_ON_SERVER");
    expect(entry.object?.fields.text).toMatchObject({ value: "edited offline", stamp: expect.any(String) });
    expect(entry.object?.fields["tags/b"]).toMatchObject({ value: "2" });
    expect(entry.object?.base?.stars).toMatchObject({ value: 1 });
    expect(entry.object?.fields.text?.stamp! > since).toBe(true);
    // The report is plain data: it survives JSON (e.g. written next to the app's logs).
    expect(JSON.parse(JSON.stringify(entry)).object.fields.text.value).toBe("edited offline");
  });

  it("MODEL_MISSING carries the edits to the model the fresh schema dropped, and the local delete", () => {
    const { device, serverRealm, local, since } = shared();
    device.write(local, 2_000, (tx) => {
      tx.assign(local.objectForPrimaryKey("Extra", 1) as RealmObjectLike, { label: "y" });
      tx.create("Extra", { _id: 2, label: "new" });
    });
    device.write(local, 2_100, (tx) => tx.delete(local.objectForPrimaryKey("Extra", 1) as RealmObjectLike));
    const fresh = store.open(trackFields([Note]));
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: NOW });
    const missing = report.skipped.filter((entry) => entry.code === "MODEL_MISSING");
    expect(missing.map((entry) => (entry.object === undefined ? "delete" : "object"))).toEqual(["delete", "object"]);
    expect(missing[0]?.tombstone).toMatchObject({ model: "Extra", key: "i:1", generation: 1 });
    expect(missing[1]?.object).toMatchObject({ model: "Extra", key: "i:2", created: expect.any(String) });
    expect(missing[1]?.object?.base?.label?.value ?? missing[1]?.object?.fields.label?.value).toBe("new");
    void serverRealm;
  });

  it("STALE_GENERATION carries the edits to the generation the server replaced", () => {
    const { server, device, serverRealm, local, since } = shared();
    device.write(local, 2_000, (tx) => tx.assign(note(local), { stars: 5 }));
    server.write(serverRealm, 3_000, (tx) => tx.delete(note(serverRealm)));
    server.write(serverRealm, 3_100, (tx) => tx.create("Note", { _id: "n", text: "again" }));
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh: store.copy(serverRealm), since, now: NOW });
    const entry = only(report.skipped, "STALE_GENERATION");
    expect(entry.object?.fields.stars).toMatchObject({ value: 5 });
    expect(entry.object?.generation).toBe(1);
  });

  it("DENIED (create and update) carries the change it refused", () => {
    const { device, serverRealm, local, since } = shared();
    device.write(local, 2_000, (tx) => {
      tx.assign(note(local), { text: "denied edit" });
      tx.create("Note", { _id: "m", text: "denied create" });
      tx.create("Note", { _id: "k", text: "allowed" });
    });
    const fresh = store.copy(serverRealm);
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: NOW, canWrite: (model, _o, context) => context.key === "s:k" });
    const denied = report.skipped.filter((entry) => entry.code === "DENIED");
    expect(denied.map((entry) => [entry.key, entry.object?.fields.text?.value ?? entry.object?.base?.text?.value])).toEqual([
      ["s:m", "denied create"],
      ["s:n", "denied edit"],
    ]);
    expect(report.created.map((entry) => entry.key)).toEqual(["s:k"]);
  });

  it("UPDATED_ON_SERVER carries the local delete that stayed unapplied under updateWins", () => {
    const { server, device, serverRealm, local, since } = shared();
    device.write(local, 2_000, (tx) => tx.delete(note(local)));
    server.write(serverRealm, 3_000, (tx) => tx.assign(note(serverRealm), { text: "server edit" }));
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh: store.copy(serverRealm), since, now: NOW, policies: { delete: "updateWins" } });
    expect(only(report.skipped, "UPDATED_ON_SERVER").tombstone).toMatchObject({ model: "Note", key: "s:n" });
  });

  it("INCOMPLETE_OBJECT carries the object it could not recreate", () => {
    const { device, local } = shared();
    device.write(local, 2_000, (tx) => tx.create("Note", { _id: "new", text: "offline note" }));
    const fresh = store.open(trackFields([{ ...Note, properties: { ...Note.properties, title: "string" } }, Extra]));
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since: null, now: NOW });
    const entry = report.skipped.find((skip) => skip.code === "INCOMPLETE_OBJECT" && skip.key === "s:new");
    expect(entry?.object?.base?.text?.value ?? entry?.object?.fields.text?.value).toBe("offline note");
  });
});
