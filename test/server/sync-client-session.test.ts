// The client's session, as Realm's sessions exposed it: reconnection with backoff, its state
// (connected, uploading, downloading, last error), what waitForUpload / waitForDownload promise,
// and a reset whose report is not clean keeping the backup (and finishing it at the next start).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HybridClock, memoryStateStorage } from "../../src/clock/index.js";
import type { LocalStateStorage } from "../../src/clock/index.js";
import type { SyncServer } from "../../src/server/index.js";
import { backoffDelay } from "../../src/sync-client/backoff.js";
import { createSyncClient } from "../../src/sync-client/index.js";
import type { FetchLike, SyncResetOutcome, SyncState } from "../../src/sync-client/index.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import { ALL_CARS, SCHEMA, TestDevice, post, pushBody, startServer, tokenFor } from "./helpers.js";

describe("backoffDelay", () => {
  it("doubles from initialMs up to maxMs, with full jitter", () => {
    const top = (attempt: number) => backoffDelay(attempt, { initialMs: 100, maxMs: 1000 }, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(top)).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(3, { initialMs: 100, maxMs: 1000 }, () => 0)).toBe(0);
    expect(backoffDelay(3, { initialMs: 100, maxMs: 1000 }, () => 0.5)).toBe(200);
    expect(backoffDelay(1)).toBeLessThanOrEqual(500); // defaults: 500 ms, then up to 30 s
  });
});

let server: SyncServer;
let url: string;
let alice: string;
beforeAll(async () => {
  server = await startServer();
  url = await server.listen();
  alice = await tokenFor("alice");
}, 120_000);
afterAll(() => server.close(), 60_000);

let n = 0;
const id = (name: string): string => `${name}-${++n}-${Date.now()}`;
const pullKeys = async (): Promise<string[]> => ((await post(server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS], limit: 5000 }, alice)).json.objects as { key: string }[]).map((o) => o.key);

describeStores("sync client session", (store) => {
  it("retries an unreachable server with growing delays, states the error, and recovers when it answers", async () => {
    const calls: number[] = [];
    let reachable = false;
    const fetchImpl: FetchLike = async (target, init) => {
      calls.push(Date.now());
      if (!reachable) throw new Error("connect ECONNREFUSED");
      return fetch(target, init);
    };
    const realm = store.open(SCHEMA);
    const clock = new HybridClock({ nodeId: "retry" });
    const client = createSyncClient(realm, { url, token: alice, subscriptions: [ALL_CARS], storage: memoryStateStorage(), clock, fetch: fetchImpl, WebSocket: false, pollMs: 0, backoff: { initialMs: 40, maxMs: 320 } });
    try {
      const car = id("retry");
      trackedWrite(realm, (tx) => tx.create("Car", { _id: car, ownerId: "alice", make: "Lada", miles: 1 }), { clock });
      const uploaded = client.waitForUpload();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(client.state).toMatchObject({ connected: false, uploading: false });
      expect(client.state.lastError).toMatchObject({ code: "SERVER_UNREACHABLE", retryable: true, status: 0 });
      // Retried, but not in a hot loop: at most 1 + 1500 / (mean delay) attempts, far fewer than a tight loop.
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(calls.length).toBeLessThan(30);
      reachable = true;
      await uploaded;
      expect(client.state).toMatchObject({ connected: true, lastError: null });
      expect(await pullKeys()).toContain(`s:${car}`);
    } finally {
      await client.close();
    }
  }, 30_000);

  it("states uploading and downloading while they run; waitForUpload / waitForDownload resolve once done", async () => {
    const realm = store.open(SCHEMA);
    const clock = new HybridClock({ nodeId: "states" });
    const client = createSyncClient(realm, { url, token: alice, subscriptions: [ALL_CARS], storage: memoryStateStorage(), clock, WebSocket: false, pollMs: 0 });
    const seen: SyncState[] = [];
    client.onStateChange((state) => seen.push(state));
    try {
      await client.waitForDownload();
      const mine = id("states");
      trackedWrite(realm, (tx) => tx.create("Car", { _id: mine, ownerId: "alice", make: "Skoda", miles: 2 }), { clock });
      await client.waitForUpload();
      // Resolved only once the server has it.
      expect(await pullKeys()).toContain(`s:${mine}`);
      expect(seen.some((s) => s.uploading)).toBe(true);
      // Another device's change on the server: waitForDownload (no socket, no polling) brings it.
      const other = new TestDevice("states-other");
      const theirs = id("theirs");
      other.write((tx) => tx.create("Car", { _id: theirs, ownerId: "alice", make: "Dacia", miles: 3 }));
      const pushed = await post(server, "/v1/push", pushBody(other.changes(), [ALL_CARS], "states-other"), alice);
      expect(realm.objectForPrimaryKey("Car", theirs)).toBeNull();
      seen.length = 0;
      await client.waitForDownload();
      expect(realm.objectForPrimaryKey("Car", theirs)).toMatchObject({ make: "Dacia" });
      expect(seen.some((s) => s.downloading)).toBe(true);
      expect(client.state).toMatchObject({ connected: true, uploading: false, downloading: false, resetting: false, lastError: null, cursor: pushed.json.version });
    } finally {
      await client.close();
    }
    await expect(client.waitForUpload()).rejects.toMatchObject({ code: "CLIENT_CLOSED" });
  }, 30_000);

  it("a device whose clock runs an hour ahead still resets: its own edits and checkpoint are judged on its time line", async () => {
    const realm = store.open(SCHEMA);
    const storage: LocalStateStorage = memoryStateStorage();
    const ahead = new HybridClock({ nodeId: "ahead", now: () => Date.now() + 3_600_000 });
    const resets: SyncResetOutcome[] = [];
    const errors: Error[] = [];
    const start = () => createSyncClient(realm, { url, token: alice, subscriptions: [ALL_CARS], storage, clock: ahead, WebSocket: false, pollMs: 0, onReset: (r) => resets.push(r), onError: (e) => errors.push(e) });
    const car = id("ahead");
    let client = start();
    try {
      trackedWrite(realm, (tx) => tx.create("Car", { _id: car, ownerId: "alice", make: "Trabant", miles: 1 }), { clock: new HybridClock({ nodeId: "now" }) });
      await client.waitForUpload();
      await client.close();
      trackedWrite(realm, (tx) => tx.assign(realm.objectForPrimaryKey("Car", car)!, { model: "601" }), { clock: ahead }); // offline, an hour ahead
      await moveOnAndCompact("ahead-other");
      client = start();
      await client.waitForDownload();
      expect(errors).toEqual([]);
      expect(resets.map((r) => r.report.applied.map((a) => `${a.field}=${String(a.value)}`))).toEqual([["model=601"]]);
      expect(resets[0]!.backupKept).toBe(false);
      await client.waitForUpload();
      // The server judges drift on its own clock: the field an hour ahead is refused there, and said so.
      expect(client.state.lastSkipped).toEqual([expect.objectContaining({ code: "CLOCK_DRIFT", key: `s:${car}`, field: "model" })]);
    } finally {
      await client.close();
    }
  }, 60_000);

  it("an edit of a car deleted elsewhere (tombstone compacted away) is not resurrected: the report is not clean, the backup is kept, the next start finishes from it", async () => {
    const realm = store.open(SCHEMA);
    const storage: LocalStateStorage = memoryStateStorage();
    const clock = new HybridClock({ nodeId: "kept" });
    const resets: SyncResetOutcome[] = [];
    const start = () => createSyncClient(realm, { url, token: alice, subscriptions: [ALL_CARS], storage, clock, WebSocket: false, pollMs: 0, onReset: (r) => resets.push(r) });
    const car = id("kept");
    let client = start();
    try {
      trackedWrite(realm, (tx) => tx.create("Car", { _id: car, ownerId: "alice", make: "Trabant", miles: 1 }), { clock });
      await client.waitForUpload();
      await client.waitForDownload();
      await client.close();
      trackedWrite(realm, (tx) => tx.assign(realm.objectForPrimaryKey("Car", car)!, { model: "601" }), { clock }); // offline edit
      // Meanwhile another device deletes the car (deletes win): the edit cannot be recovered.
      const other = new TestDevice("kept-other");
      other.write((tx) => tx.create("Car", { _id: car, ownerId: "alice", make: "Trabant", miles: 1 }));
      other.write((tx) => tx.delete(tx.realm.objectForPrimaryKey("Car", car)!));
      await post(server, "/v1/push", pushBody(other.changes(), [ALL_CARS], "kept-other"), alice);
      await moveOnAndCompact("kept-more");
      client = start();
      await client.waitForDownload();
      expect(resets).toHaveLength(1);
      expect(resets[0]!.reason).toMatch(/compacted/);
      expect(resets[0]!.report.skipped).toEqual([expect.objectContaining({ code: "DELETED_ON_SERVER", key: `s:${car}` })]);
      expect(resets[0]!.backupKept).toBe(true);
      const kept = JSON.parse(storage.get(resets[0]!.backupKey)!) as { changesets: { objects: { key: string; fields: Record<string, unknown> }[] }[] };
      expect(kept.changesets.flatMap((c) => c.objects).find((o) => o.key === `s:${car}`)?.fields).toHaveProperty("model");
      expect(realm.objectForPrimaryKey("Car", car)).toBeNull();
      await client.close();
      // The next start finishes the reset from the kept backup first; still not clean: still kept.
      client = start();
      await client.waitForDownload();
      expect(resets).toHaveLength(2);
      expect(resets[1]!.reason).toMatch(/interrupted/);
      expect(resets[1]!.backupKept).toBe(true);
      expect(storage.get(resets[1]!.backupKey)).not.toBe("");
    } finally {
      await client.close();
    }
  }, 60_000);
});

/** Another device writes, then the server compacts its whole log: a device away must reset. */
async function moveOnAndCompact(name: string): Promise<void> {
  const other = new TestDevice(name);
  other.write((tx) => tx.create("Car", { _id: id(name), ownerId: "alice", make: "Wartburg", miles: 1 }));
  await post(server, "/v1/push", pushBody(other.changes(), [ALL_CARS], name), alice);
  await server.compact({ retentionMs: 0 });
}
