// Field-level permissions in the App Services role format (`fields`, `additional_fields`): checked
// by the server on every read (hidden fields never leave it) and every write (refused fields are
// reverted by a compensating write 231 naming them, the rest of the object is merged), and by the
// client, which restores the server's fields and reports the reason.
import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { memoryStateStorage } from "../../src/clock/index.js";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import { checkRules } from "../../src/server/rules/access.js";
import { trackedServerSchema } from "../../src/server/create-sync-server.js";
import type { SyncRules } from "../../src/server/index.js";
import { COMPENSATING_WRITE_CODE, COMPENSATING_WRITE_MESSAGE } from "../../src/server/index.js";
import type { CompensatingWriteErrorLike } from "../../src/adapters/sync-sdk-types.js";
import { changesetOfServerState, createSyncClient } from "../../src/sync-client/index.js";
import { describeDatabases, useServer } from "./databases.js";
import { ALL_CARS, CAR, TestDevice, post, pushBody, tokenFor } from "./helpers.js";

/** Admins write everything; owners read their cars' ownerId, make and miles, and write only miles. */
const FIELD_RULES: SyncRules = {
  roles: [
    { name: "admin", apply_when: { "%%user.custom_data.admin": true }, document_filters: { read: {}, write: {} }, read: true, write: true },
    {
      name: "owner-miles",
      apply_when: {},
      document_filters: { read: { ownerId: "%%user.id" }, write: { ownerId: "%%user.id" } },
      fields: { ownerId: { read: true }, make: { read: true }, miles: { read: true, write: true } },
      additional_fields: { read: false, write: false },
    },
  ],
};

describe("field-level rules are checked when the server starts", () => {
  const schema = trackedServerSchema([CAR]);
  it("accepts the App Services shape and refuses what a Device Sync role may not hold, naming the entry", () => {
    expect(checkRules(FIELD_RULES, schema)).toBe(FIELD_RULES);
    expect(() => checkRules({ roles: [{ name: "r", read: { ownerId: "%%user.id" } }] }, schema)).toThrow(/roles\[0\]\.read \(role "r"\): expected true or false, got \{"ownerId":"%%user.id"\} \(a Device Sync role's permissions are boolean literals/);
    expect(() => checkRules({ roles: [{ name: "r", fields: { miles: { write: "yes" } } }] }, schema)).toThrow(/roles\[0\]\.fields\.miles\.write \(role "r"\): expected true or false/);
    expect(() => checkRules({ roles: [{ name: "r", fields: { tags: { fields: {} } } }] }, schema)).toThrow(/fields of embedded objects are not supported/);
    expect(() => checkRules({ roles: [{ name: "r", fields: { _id: { read: true } } }] }, schema)).toThrow(/"_id" is a primary key/);
    expect(() => checkRules({ roles: [{ name: "r", additional_fields: { read: true, delete: true } }] }, schema)).toThrow(/roles\[0\]\.additional_fields \(role "r"\): unknown key "delete"/);
    expect(() => checkRules({ roles: [{ name: "r", reed: true }] }, schema)).toThrow(/roles\[0\] \(role "r"\): unknown key\(s\) "reed"/);
    expect(() => checkRules({ models: { Car: { roles: [{ name: "r", fields: { colour: { read: true } } }] } } }, schema)).toThrow(/models\.Car\.roles\[0\]\.fields\.colour \(role "r"\): model "Car" has no field "colour"/);
    expect(() => checkRules({ models: { Boat: { roles: [] } } }, schema)).toThrow(/no top-level model "Boat"/);
  });
});

describeDatabases("field-level permissions", (db) => {
  const fixture = useServer(db, { rules: FIELD_RULES }, { listen: true });
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor("root", { claims: { custom_data: { admin: true } } });
    const seed = new TestDevice("admin-device");
    seed.write((tx) => {
      tx.create("Car", { _id: "f1", ownerId: "alice", make: "Volvo", model: "secret-trim", miles: 10, tags: { vin: "hidden" } });
      tx.create("Car", { _id: "f2", ownerId: "bob", make: "Saab", model: "x", miles: 1, tags: {} });
    });
    const seeded = await post(fixture.server, "/v1/push", pushBody(seed.changes(), [ALL_CARS], "admin-client"), admin);
    expect(seeded.json.counts.created).toBe(2);
  }, 120_000);

  const pullCar = async (token: string, key: string) => ((await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, token)).json.objects as { key: string; values: Record<string, unknown>; stamps: Record<string, string> }[]).find((o) => o.key === key);

  it("a pull sends the readable fields; the others as their type's empty value, without their stamps", async () => {
    const car = await pullCar(fixture.alice, "s:f1");
    expect(car?.values).toEqual({ ownerId: "alice", make: "Volvo", miles: 10, model: null, tags: {} });
    expect(Object.keys(car!.stamps).some((k) => k === "model" || k.startsWith("tags"))).toBe(false);
    expect(await pullCar(fixture.alice, "s:f2")).toBeUndefined(); // bob's car: outside the document filter
    expect((await pullCar(admin, "s:f1"))?.values).toMatchObject({ model: "secret-trim", tags: { vin: "hidden" } });
  });

  it("a push writes the writable fields and reverts the others with 231, naming them", async () => {
    const device = new TestDevice("alice-fields");
    const pulled = await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, fixture.alice);
    applyChanges(device.realm, changesetOfServerState(pulled.json.objects, []), { maxDrift: Number.POSITIVE_INFINITY });
    const since = device.clock.now();
    device.write((tx) => tx.assign(device.realm.objectForPrimaryKey("Car", "f1")!, { miles: 11, make: "Hacked" }));
    const { json } = await post(fixture.server, "/v1/push", pushBody(device.changes(since)), fixture.alice);
    expect(json.compensatingWrite).toEqual({
      code: COMPENSATING_WRITE_CODE,
      message: COMPENSATING_WRITE_MESSAGE,
      writes: [{ model: "Car", key: "s:f1", reason: 'write to "s:f1" in table "Car" was denied by field permissions in role "owner-miles": may not write "make"', object: expect.objectContaining({ values: { ownerId: "alice", make: "Volvo", miles: 11, model: null, tags: {} } }) }],
    });
    expect((await pullCar(admin, "s:f1"))?.values).toMatchObject({ make: "Volvo", miles: 11, model: "secret-trim" });
  });

  it("echoing what it pulled (placeholders included) is no write and no compensating write", async () => {
    const device = new TestDevice("alice-echo");
    const pulled = await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, fixture.alice);
    applyChanges(device.realm, changesetOfServerState(pulled.json.objects, []), { maxDrift: Number.POSITIVE_INFINITY });
    const before = await fixture.server.head();
    const { json } = await post(fixture.server, "/v1/push", pushBody(device.changes(null)), fixture.alice);
    expect(json.compensatingWrite).toBeUndefined();
    expect(json.version).toBe(before);
    expect((await pullCar(admin, "s:f1"))?.values).toMatchObject({ model: "secret-trim", tags: { vin: "hidden" } });
  });

  it("a create needs write permission on every field it sets; a delete needs write: true", async () => {
    const device = new TestDevice("alice-create");
    device.write((tx) => tx.create("Car", { _id: "f3", ownerId: "alice", make: "Fiat", miles: 1 }));
    const created = await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
    expect(created.json.compensatingWrite.writes).toEqual([{ model: "Car", key: "s:f3", reason: 'write to "s:f3" in table "Car" was denied by field permissions in role "owner-miles": may not write "make", "ownerId", "tags"', object: null }]);
    const deleter = new TestDevice("alice-delete");
    deleter.write((tx) => tx.create("Car", { _id: "f1", ownerId: "alice", make: "Volvo", miles: 11 }));
    deleter.write((tx) => tx.delete(tx.realm.objectForPrimaryKey("Car", "f1")!));
    const deleted = await post(fixture.server, "/v1/push", pushBody(deleter.changes()), fixture.alice);
    expect(deleted.json.compensatingWrite.writes).toEqual([expect.objectContaining({ key: "s:f1", reason: 'write to "s:f1" in table "Car" was denied: role "owner-miles" may not delete (deleting needs "write": true)' })]);
    expect(await pullCar(admin, "s:f1")).toBeDefined();
  });

  it("the client restores a refused field, keeps the allowed one, and reports the reason", async () => {
    const device = new TestDevice("alice-client");
    const seen: CompensatingWriteErrorLike[] = [];
    const client = createSyncClient(device.realm, { url: fixture.url, token: fixture.alice, subscriptions: [ALL_CARS], storage: memoryStateStorage(), clock: device.clock, WebSocket: WebSocket as never, pollMs: 0, onCompensatingWrite: (error) => seen.push(error) });
    try {
      await client.waitForDownload();
      expect(device.realm.objectForPrimaryKey("Car", "f1")).toMatchObject({ make: "Volvo", model: null });
      device.write((tx) => tx.assign(device.realm.objectForPrimaryKey("Car", "f1")!, { miles: 12, make: "Mine now" }));
      await client.waitForUpload();
      await client.waitForDownload();
      expect(seen.map((e) => e.writes)).toEqual([[{ objectName: "Car", primaryKey: "f1", reason: 'write to "s:f1" in table "Car" was denied by field permissions in role "owner-miles": may not write "make"' }]]);
      expect(device.realm.objectForPrimaryKey("Car", "f1")).toMatchObject({ make: "Volvo", miles: 12 });
      expect((await pullCar(admin, "s:f1"))?.values).toMatchObject({ make: "Volvo", miles: 12, model: "secret-trim" });
    } finally {
      await client.close();
    }
  });
});

describe("reading under field-level rules", () => {
  it("the write filter opens a document for reading only to a role that may write some of it", async () => {
    const { accessFor } = await import("../../src/server/rules/access.js");
    const { userFromClaims } = await import("../../src/server/rules/sync-user.js");
    const schema = new Map(trackedServerSchema([CAR]).map((m) => [m.name, m]));
    const alice = userFromClaims({ sub: "alice" });
    const filters = { read: { make: "Public" }, write: { ownerId: "%%user.id" } };
    const reader = accessFor(checkRules({ roles: [{ name: "reader", document_filters: filters, read: true }] }), alice, schema);
    expect(reader.canRead("Car", { _id: "s:1", ownerId: "alice", make: "Private" })).toBe(false);
    expect(reader.readableFields("Car", { _id: "s:1", ownerId: "bob", make: "Public" })).toBe("all");
    const milesWriter = accessFor(checkRules({ roles: [{ name: "miles", document_filters: filters, fields: { miles: { write: true } } }] }), alice, schema);
    expect([...(milesWriter.readableFields("Car", { _id: "s:1", ownerId: "alice", make: "Private", miles: 3 }) as Set<string>)].sort()).toEqual(["_id", "miles"]);
    expect(milesWriter.readableFields("Car", { _id: "s:1", ownerId: "bob", make: "Public", miles: 3 })).toBeUndefined();
  });
});
