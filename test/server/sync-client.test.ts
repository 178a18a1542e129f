// createSyncClient against a real server on loopback, on both stores: convergence after offline
// edits, live notifications, compensating writes (error 231), and a compaction-forced reset
// recovered field by field.
import { expect, it } from "vitest";
import WebSocket from "ws";
import { HybridClock, memoryStateStorage } from "../../src/clock/index.js";
import type { LocalStateStorage } from "../../src/clock/index.js";
import type { RealmLike } from "../../src/realm-like.js";
import { createSyncClient } from "../../src/sync-client/index.js";
import type { SyncClient, SyncClientOptions, SyncResetOutcome } from "../../src/sync-client/index.js";
import type { CompensatingWriteErrorLike } from "../../src/adapters/sync-sdk-types.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";
import { describeDatabases, useServer } from "./databases.js";
import type { ServerFixture } from "./databases.js";
import { ALL_CARS, NEW_CARS, SCHEMA, plainObjects } from "./helpers.js";

/** A device: a realm, its clock, its local storage, and (while online) a sync client. */
class Device {
  readonly clock: HybridClock;
  readonly storage: LocalStateStorage = memoryStateStorage();
  client: SyncClient | undefined;
  constructor(private readonly server: ServerFixture, readonly realm: RealmLike, name: string) {
    this.clock = new HybridClock({ nodeId: name });
  }
  online(options: Partial<SyncClientOptions> = {}): SyncClient {
    this.client = createSyncClient(this.realm, { url: this.server.url, token: this.server.alice, subscriptions: [ALL_CARS], storage: this.storage, clock: this.clock, WebSocket: WebSocket as never, pollMs: 0, backoff: { initialMs: 20, maxMs: 200 }, ...options });
    return this.client;
  }
  async offline(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }
  write(callback: Parameters<typeof trackedWrite>[1]): void {
    trackedWrite(this.realm, callback, { clock: this.clock });
  }
  car(id: string): Record<string, unknown> | undefined {
    return plainObjects(this.realm).find((car) => car._id === id);
  }
  async sync(): Promise<void> {
    await this.client!.waitForUpload();
    await this.client!.waitForDownload();
  }
}

const eventually = async (check: () => boolean, what: string, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

let n = 0;
const id = (name: string): string => `${name}-${++n}-${Date.now()}`;

describeDatabases("sync client", (db) => {
  const fixture = useServer(db, {}, { listen: true });
  describeStores("on", (store) => {
    it("two devices converge per field after offline edits", async () => {
      const a = new Device(fixture, store.open(SCHEMA), "phone");
      const b = new Device(fixture, store.open(SCHEMA), "tablet");
      const car = id("car");
      try {
        a.online();
        b.online();
        a.write((tx) => tx.create("Car", { _id: car, ownerId: "alice", make: "Mazda", miles: 10 }));
        await a.sync();
        await b.client!.waitForDownload();
        expect(b.car(car)).toMatchObject({ make: "Mazda", miles: 10 });
        await Promise.all([a.offline(), b.offline()]);
        // Offline, each edits another field of the same car.
        a.write((tx) => tx.assign(a.realm.objectForPrimaryKey("Car", car)!, { miles: 11 }));
        b.write((tx) => tx.assign(b.realm.objectForPrimaryKey("Car", car)!, { model: "MX-5" }));
        a.online();
        b.online();
        await a.sync();
        await b.sync();
        await a.sync();
        expect(a.car(car)).toMatchObject({ make: "Mazda", miles: 11, model: "MX-5" });
        expect(b.car(car)).toEqual(a.car(car));
        expect(a.client!.state).toMatchObject({ connected: true, uploading: false, downloading: false, lastError: null });
      } finally {
        await Promise.all([a.offline(), b.offline()]);
      }
    });

    it("a change reaches another device through the live socket alone", async () => {
      const a = new Device(fixture, store.open(SCHEMA), "live-a");
      const b = new Device(fixture, store.open(SCHEMA), "live-b");
      const car = id("live");
      try {
        a.online();
        b.online();
        await b.client!.waitForDownload();
        a.write((tx) => tx.create("Car", { _id: car, ownerId: "alice", make: "Kia", miles: 1 }));
        await a.client!.waitForUpload();
        await eventually(() => b.car(car) !== undefined, "the live notification"); // pollMs: 0, no explicit pull
        expect(b.car(car)).toMatchObject({ make: "Kia" });
      } finally {
        await Promise.all([a.offline(), b.offline()]);
      }
    });

    it("applies compensating writes (231) and reports them through onCompensatingWrite", async () => {
      const a = new Device(fixture, store.open(SCHEMA), "comp");
      const seen: CompensatingWriteErrorLike[] = [];
      const mine = id("mine");
      const theirs = id("theirs");
      const old = id("old");
      try {
        a.online({ subscriptions: [NEW_CARS], onCompensatingWrite: (error) => seen.push(error) });
        a.write((tx) => {
          tx.create("Car", { _id: mine, ownerId: "alice", make: "Toyota", miles: 2 });
          tx.create("Car", { _id: theirs, ownerId: "someOtherId", make: "Ford", miles: null });
          tx.create("Car", { _id: old, ownerId: "alice", make: "Honda", miles: 90000 });
        });
        await a.sync();
        expect(seen).toHaveLength(1);
        expect(seen[0]).toMatchObject({ code: 231, message: "Client attempted a write that is outside of permissions or query filters; it has been reverted" });
        const reasons = Object.fromEntries(seen[0]!.writes.map((w) => [w.primaryKey, w.reason]));
        expect(reasons).toEqual({
          [theirs]: `write to "s:${theirs}" in table "Car" was denied by write filter in role "owner-read-write"`,
          [old]: `write to "s:${old}" in table "Car" not allowed; object is outside of the current query view`,
        });
        // As in the seed: the refused objects are gone from the device, the allowed one stays.
        expect(a.car(theirs)).toBeUndefined();
        expect(a.car(old)).toBeUndefined();
        expect(a.car(mine)).toMatchObject({ make: "Toyota" });
      } finally {
        await a.offline();
      }
    });

    it("a compaction forces a reset: the device's unsynced field is recovered onto the snapshot", async () => {
      const a = new Device(fixture, store.open(SCHEMA), "reset-a");
      const b = new Device(fixture, store.open(SCHEMA), "reset-b");
      const car = id("reset");
      const resets: SyncResetOutcome[] = [];
      try {
        a.online({ onReset: (outcome) => resets.push(outcome) });
        b.online();
        a.write((tx) => tx.create("Car", { _id: car, ownerId: "alice", make: "Volvo", miles: 5 }));
        await a.sync();
        await b.sync();
        await a.offline();
        a.write((tx) => tx.assign(a.realm.objectForPrimaryKey("Car", car)!, { model: "V70" })); // offline edit
        b.write((tx) => tx.assign(b.realm.objectForPrimaryKey("Car", car)!, { miles: 6 }));
        await b.sync();
        const compaction = await fixture.server.compact({ retentionMs: 0 });
        expect(compaction.oldestCursor).toBe(await fixture.server.head());
        a.online({ onReset: (outcome) => resets.push(outcome) });
        await a.sync();
        expect(resets).toHaveLength(1);
        expect(resets[0]!.reason).toMatch(/compacted/);
        expect(resets[0]!.report.applied).toEqual([expect.objectContaining({ model: "Car", key: `s:${car}`, field: "model", value: "V70" })]);
        expect(resets[0]!.backupKept).toBe(false);
        expect(a.car(car)).toMatchObject({ make: "Volvo", miles: 6, model: "V70" });
        await b.sync();
        expect(b.car(car)).toEqual(a.car(car));
      } finally {
        await Promise.all([a.offline(), b.offline()]);
      }
    });
  });
});
