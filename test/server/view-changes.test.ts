// An object that leaves a device's view is removed from the device: when another device's edit
// takes it out of the subscription (the seed's miles < 100), when the rules stop letting the user
// read it (its ownerId reassigned), and when the device narrows its own subscriptions.
import { afterAll, beforeAll, expect, it } from "vitest";
import { HybridClock, memoryStateStorage } from "../../src/clock/index.js";
import type { SyncRules, SyncServer } from "../../src/server/index.js";
import { createSyncClient } from "../../src/sync-client/index.js";
import type { SyncClient } from "../../src/sync-client/index.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import { ALL_CARS, NEW_CARS, OWNER_RULES, SCHEMA, TestDevice, post, pushBody, startServer, tokenFor } from "./helpers.js";

const RULES: SyncRules = { roles: [{ name: "admin", apply_when: { "%%user.custom_data.admin": true }, read: true, write: true }, ...(OWNER_RULES.roles ?? [])] };

let server: SyncServer;
let url: string;
let alice: string;
let admin: string;
beforeAll(async () => {
  server = await startServer({ rules: RULES });
  url = await server.listen();
  [alice, admin] = await Promise.all([tokenFor("alice"), tokenFor("root", { claims: { custom_data: { admin: true } } })]);
}, 120_000);
afterAll(() => server.close(), 60_000);

let n = 0;
const id = (name: string): string => `${name}-${++n}-${Date.now()}`;
/** An admin's edit of a car, pushed straight to the server. */
async function adminWrites(car: Record<string, unknown>): Promise<void> {
  const device = new TestDevice(`admin-${++n}`);
  device.write((tx) => tx.create("Car", { make: "Any", ...car }));
  await post(server, "/v1/push", pushBody(device.changes(), [ALL_CARS], `admin-${n}`), admin);
}

describeStores("objects leaving the view", (store) => {
  let client: SyncClient | undefined;
  const open = (subscriptions = [NEW_CARS]) => {
    const realm = store.open(SCHEMA);
    const clock = new HybridClock({ nodeId: `view-${++n}` });
    const storage = memoryStateStorage();
    client = createSyncClient(realm, { url, token: alice, subscriptions, storage, clock, WebSocket: false, pollMs: 0 });
    return { realm, clock, storage, client };
  };

  it("a car another device takes out of the subscription is removed", async () => {
    const car = id("leaves-query");
    await adminWrites({ _id: car, ownerId: "alice", miles: 5 });
    const { realm, client } = open();
    try {
      await client.waitForDownload();
      expect(realm.objectForPrimaryKey("Car", car)).not.toBeNull();
      await adminWrites({ _id: car, ownerId: "alice", miles: 90000 }); // newer stamps: the server's car now has 90000 miles
      await client.waitForDownload();
      expect(realm.objectForPrimaryKey("Car", car)).toBeNull();
    } finally {
      await client.close();
    }
  });

  it("a car the user may no longer read (reassigned to bob) is removed, and never sent again", async () => {
    const car = id("leaves-rules");
    await adminWrites({ _id: car, ownerId: "alice", miles: 5 });
    const { realm, client } = open();
    try {
      await client.waitForDownload();
      expect(realm.objectForPrimaryKey("Car", car)).not.toBeNull();
      await adminWrites({ _id: car, ownerId: "bob", miles: 5, make: "Bob's now" });
      await client.waitForDownload();
      expect(realm.objectForPrimaryKey("Car", car)).toBeNull();
      const pulled = await post(server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, alice);
      expect(pulled.json.objects.map((o: { key: string }) => o.key)).not.toContain(`s:${car}`);
    } finally {
      await client.close();
    }
  });

  it("narrowing the subscriptions removes what fell outside and keeps an unsynced edit of what stays", async () => {
    const near = id("near");
    const far = id("far");
    await adminWrites({ _id: near, ownerId: "alice", miles: 5 });
    await adminWrites({ _id: far, ownerId: "alice", miles: 500 });
    const { realm, clock, storage, client: first } = open([ALL_CARS]);
    try {
      await first.waitForDownload();
      expect(realm.objectForPrimaryKey("Car", far)).not.toBeNull();
      await first.close();
      trackedWrite(realm, (tx) => tx.assign(realm.objectForPrimaryKey("Car", near)!, { model: "kept" }), { clock }); // unsynced
      const again = createSyncClient(realm, { url, token: alice, subscriptions: [ALL_CARS], storage, clock, WebSocket: false, pollMs: 0 });
      client = again;
      await again.setSubscriptions([NEW_CARS]);
      expect(realm.objectForPrimaryKey("Car", far)).toBeNull();
      expect(realm.objectForPrimaryKey("Car", near)).toMatchObject({ model: "kept" });
      await again.waitForUpload();
      const pulled = await post(server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, admin);
      expect(pulled.json.objects.find((o: { key: string }) => o.key === `s:${near}`).values.model).toBe("kept");
    } finally {
      await client?.close();
    }
  });
});
