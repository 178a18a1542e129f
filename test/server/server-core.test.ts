// The server core through inject(): push, pull, the version log, replays, and the merge equal to
// applyChanges on a device.
import { expect, it } from "vitest";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import { OPEN_RULES } from "../../src/server/index.js";
import { describeDatabases, useServer } from "./databases.js";
import { ALL_CARS, NEW_CARS, SCHEMA, TestDevice, plainObjects, post, pushBody } from "./helpers.js";

describeDatabases("sync server core", (db) => {
  const fixture = useServer(db, { rules: OPEN_RULES });

  it("answers the health check without a token", async () => {
    const response = await fixture.server.app.inject({ method: "GET", url: "/v1/health" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, protocol: 1, database: db.name === "PGlite" ? "pglite" : "postgres" });
  });

  it("merges a push in one version and serves it to a pull", async () => {
    const device = new TestDevice("d1");
    device.write((tx) => tx.create("Car", { _id: "core-1", ownerId: "alice", make: "Toyota", miles: 2 }));
    const before = await fixture.server.head();
    const pushed = await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
    expect(pushed.status).toBe(200);
    expect(pushed.json).toMatchObject({ version: before + 1, replayed: false, counts: { created: 1 } });
    const pulled = await post(fixture.server, "/v1/pull", { cursor: before, subscriptions: [ALL_CARS] }, fixture.alice);
    expect(pulled.status).toBe(200);
    expect(pulled.json.cursor).toBe(before + 1);
    expect(pulled.json.objects).toEqual([expect.objectContaining({ model: "Car", key: "s:core-1", values: expect.objectContaining({ make: "Toyota", miles: 2 }) })]);
  });

  it("returns the first answer to a replayed push and writes nothing", async () => {
    const device = new TestDevice("d2");
    device.write((tx) => tx.create("Car", { _id: "core-2", ownerId: "alice", make: "Honda", miles: 5 }));
    const body = pushBody(device.changes());
    const first = await post(fixture.server, "/v1/push", body, fixture.alice);
    const head = await fixture.server.head();
    const again = await post(fixture.server, "/v1/push", body, fixture.alice);
    expect(again.json).toEqual({ ...first.json, replayed: true });
    expect(await fixture.server.head()).toBe(head);
  });

  it("writes no version for a push the server already has", async () => {
    const device = new TestDevice("d3");
    device.write((tx) => tx.create("Car", { _id: "core-3", ownerId: "alice", make: "Ford", miles: 1 }));
    await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
    const head = await fixture.server.head();
    const same = await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
    expect(same.json).toMatchObject({ version: head, counts: { applied: 0, created: 0 } });
    expect(await fixture.server.head()).toBe(head);
  });

  it("pages a pull at version boundaries", async () => {
    const start = await fixture.server.head();
    for (let i = 0; i < 3; i++) {
      const device = new TestDevice(`page-${i}`);
      device.write((tx) => {
        tx.create("Car", { _id: `page-${i}-a`, ownerId: "alice", make: "Kia", miles: 1 });
        tx.create("Car", { _id: `page-${i}-b`, ownerId: "alice", make: "Kia", miles: 1 });
      });
      await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
    }
    const seen: string[] = [];
    let cursor = start;
    for (let more = true; more; ) {
      const page = await post(fixture.server, "/v1/pull", { cursor, subscriptions: [ALL_CARS], limit: 3 }, fixture.alice);
      expect(page.json.objects.length).toBeLessThanOrEqual(4);
      seen.push(...page.json.objects.map((o: { key: string }) => o.key));
      cursor = page.json.cursor;
      more = page.json.more;
    }
    expect(seen.sort()).toEqual(["s:page-0-a", "s:page-0-b", "s:page-1-a", "s:page-1-b", "s:page-2-a", "s:page-2-b"]);
    expect(cursor).toBe(await fixture.server.head());
  });

  it("only sends objects matching the subscriptions (the seed's query)", async () => {
    const device = new TestDevice("d4");
    device.write((tx) => {
      tx.create("Car", { _id: "sub-new", ownerId: "alice", make: "Toyota", miles: 2 });
      tx.create("Car", { _id: "sub-null", ownerId: "alice", make: "Toyota", miles: null });
      tx.create("Car", { _id: "sub-old", ownerId: "alice", make: "Honda", miles: 90000 });
    });
    const before = await fixture.server.head();
    await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
    const pulled = await post(fixture.server, "/v1/pull", { cursor: before, subscriptions: [NEW_CARS] }, fixture.alice);
    expect(pulled.json.objects.map((o: { key: string }) => o.key).sort()).toEqual(["s:sub-new", "s:sub-null"]);
    expect(pulled.json.gone).toEqual([{ model: "Car", key: "s:sub-old" }]);
  });

  it("merges per field exactly as applyChanges does on a device", async () => {
    const a = new TestDevice("merge-a");
    const b = new TestDevice("merge-b");
    a.write((tx) => tx.create("Car", { _id: "merge-1", ownerId: "alice", make: "Mazda", miles: 10, tags: { color: "red" } }));
    const base = a.changes();
    const replica = openMemoryRealm({ schema: SCHEMA });
    applyChanges(replica, base);
    // b starts from the same object, then both edit different fields offline.
    applyChanges(b.realm, base);
    const since = a.clock.now();
    b.clock.receive(since);
    a.write((tx) => tx.update(tx.realm.objectForPrimaryKey("Car", "merge-1")!, (car) => void (car.miles = 11)));
    b.write((tx) => tx.update(tx.realm.objectForPrimaryKey("Car", "merge-1")!, (car) => {
      car.model = "MX-5";
      (car.tags as Record<string, string>).size = "small";
    }));
    const changesets = [base, a.changes(since), b.changes(since)];
    for (const changeset of changesets) {
      await post(fixture.server, "/v1/push", pushBody(changeset), fixture.alice);
    }
    for (const changeset of changesets.slice(1)) applyChanges(replica, changeset);
    const pulled = await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, fixture.alice);
    const onServer = pulled.json.objects.find((o: { key: string }) => o.key === "s:merge-1");
    const [local] = plainObjects(replica).filter((o) => o._id === "merge-1");
    expect(onServer.values).toEqual({ ownerId: local!.ownerId, make: local!.make, model: "MX-5", miles: 11, tags: { color: "red", size: "small" } });
    const stamps = { ...(replica.objectForPrimaryKey("Car", "merge-1")!.fieldTimestamps as Record<string, string>) };
    expect(onServer.stamps).toEqual(stamps);
  });
});
