// The multi-device simulation through a real server on loopback: devices with skewed clocks edit
// fields and dictionary entries online and offline, delete objects, the server restarts and
// compacts its log (forcing resets). At the end every device equals the server, each field holds
// its newest-stamped write (nothing lost beyond the per-field rule), and deleted cars stay deleted.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { HybridClock, memoryStateStorage } from "../../src/clock/index.js";
import type { LocalStateStorage } from "../../src/clock/index.js";
import type { RealmLike } from "../../src/realm-like.js";
import { encodeFieldKey } from "../../src/schema/field-keys.js";
import type { SyncServer } from "../../src/server/index.js";
import { createSyncClient } from "../../src/sync-client/index.js";
import type { SyncClient, SyncResetOutcome } from "../../src/sync-client/index.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { seededRandom } from "../../benchmarks/support/dataset.js";
import { describeStores } from "../contract/stores.js";
import { describeDatabases } from "./databases.js";
import { ALL_CARS, SCHEMA, plainObjects, post, startServer, tokenFor } from "./helpers.js";

interface Write {
  readonly value: unknown;
  readonly stamp: string;
}

/** `SIM_SEEDS=1,2,3,…` runs more (a soak). */
const SEEDS = (process.env.SIM_SEEDS ?? "1,2").split(",").map(Number);
const OPS = 40;
const CARS = ["c1", "c2", "c3", "c4"];
const DOOMED = "c4";

describeDatabases("simulation through the server", (db) => {
  let database: string;
  let dir: string | undefined;
  let server: SyncServer;
  let url: string;
  let port: number;
  let token: string;
  beforeAll(async () => {
    token = await tokenFor("alice");
    if (db.name === "PGlite") {
      dir = mkdtempSync(join(tmpdir(), "rfr-simulation-"));
      database = join(dir, "data");
    } else database = await db.fresh();
    server = await startServer({ database });
    url = await server.listen();
    port = Number(new URL(url).port);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await db.cleanup();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const restart = async (): Promise<void> => {
    await server.close();
    server = await startServer({ database });
    await server.listen({ port });
  };

  describeStores("devices", (store) => {
    for (const seed of SEEDS) {
      it(`converges with offline periods, clock skew, a restart and a compaction (seed ${seed})`, async () => {
        const random = seededRandom(seed * 7919 + (store.isReal ? 1 : 0));
        const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
        const prefix = `sim-${db.name}-${store.name}-${seed}-${Date.now()}-`;
        const writes = new Map<string, Write[]>(); // "car/field" -> every write made to it
        const resets: SyncResetOutcome[] = [];
        let deleted = false;

        class Device {
          readonly storage: LocalStateStorage = memoryStateStorage();
          readonly clock: HybridClock;
          client: SyncClient | undefined;
          constructor(readonly name: string, readonly realm: RealmLike, skewMs: number) {
            this.clock = new HybridClock({ nodeId: name, now: () => Date.now() + skewMs });
          }
          online(): void {
            this.client ??= createSyncClient(this.realm, { url, token, subscriptions: [ALL_CARS], storage: this.storage, clock: this.clock, WebSocket: WebSocket as never, pollMs: 0, backoff: { initialMs: 20, maxMs: 300 }, onReset: (r) => resets.push(r) });
          }
          async offline(): Promise<void> {
            await this.client?.close();
            this.client = undefined;
          }
          async sync(): Promise<void> {
            if (this.client === undefined) return;
            await this.client.waitForUpload();
            await this.client.waitForDownload();
          }
          /** Writes `value` to a field (or a tags entry) and records its stamp for the oracle. */
          edit(car: string, field: string, value: unknown): void {
            const object = this.realm.objectForPrimaryKey("Car", prefix + car);
            if (object === null) return;
            const path = field.startsWith("tags.") ? ["tags", field.slice(5)] : [field];
            trackedWrite(this.realm, (tx) => tx.update(object, (draft: Record<string, any>) => void (path.length === 2 ? (draft.tags[path[1]!] = value) : (draft[field] = value))), { clock: this.clock });
            const stamp = (object.fieldTimestamps as Record<string, string>)[encodeFieldKey(path)] as string;
            const list = writes.get(`${car}/${field}`) ?? [];
            list.push({ value, stamp });
            writes.set(`${car}/${field}`, list);
          }
        }

        const devices = [0, 1, 2, 3].map((i) => new Device(`${prefix}d${i}`, store.open(SCHEMA), Math.round((random() - 0.5) * 240_000)));
        try {
          // Setup: device 0 creates the cars; everyone downloads them.
          devices.forEach((d) => d.online());
          trackedWrite(devices[0]!.realm, (tx) => {
            for (const car of CARS) tx.create("Car", { _id: prefix + car, ownerId: "alice", make: "Make", model: null, miles: 0, tags: {} });
          }, { clock: devices[0]!.clock });
          await devices[0]!.sync();
          for (const d of devices) await d.sync();

          const restartAt = Math.floor(OPS / 3);
          const compactAt = Math.floor((2 * OPS) / 3);
          for (let op = 0; op < OPS; op++) {
            const device = pick(devices);
            const roll = random();
            if (op === restartAt) await restart();
            if (op === compactAt) {
              // A device offline with an unsynced edit: it must reset on return and recover the edit.
              const away = devices[1]!;
              await away.offline();
              away.edit("c1", "model", `offline-edit-${seed}`);
              // History moves on past its cursor, then is compacted away.
              const other = devices[0]!;
              other.online();
              other.edit("c2", "make", `moved-on-${seed}`);
              await other.sync();
              await server.compact({ retentionMs: 0 });
            }
            if (roll < 0.15) await device.offline();
            else if (roll < 0.3) device.online();
            else if (roll < 0.4) await device.sync();
            else if (roll < 0.43 && op > OPS / 2) {
              const doomed = device.realm.objectForPrimaryKey("Car", prefix + DOOMED);
              if (doomed !== null) {
                trackedWrite(device.realm, (tx) => tx.delete(doomed), { clock: device.clock });
                deleted = true;
              }
            } else {
              const field = pick(["make", "model", "miles", "tags.a", "tags.b"]);
              const value = field === "miles" ? Math.floor(random() * 99) : `${device.name.slice(-2)}:${op}`;
              device.edit(pick(CARS), field, value);
            }
          }
          // Everyone comes back and syncs until nothing moves.
          devices.forEach((d) => d.online());
          for (let round = 0; round < 3; round++) for (const d of devices) await d.sync();

          const pulled = await post(server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS], limit: 5000 }, token);
          const onServer = (pulled.json.objects as { key: string; values: Record<string, unknown> }[]).filter((o) => o.key.startsWith(`s:${prefix}`));
          const serverCars = new Map(onServer.map((o) => [o.key.slice(2 + prefix.length), o.values]));
          for (const d of devices) {
            const cars = plainObjects(d.realm).filter((c) => String(c._id).startsWith(prefix));
            expect(cars.map((c) => c._id), `${d.name} holds the server's cars`).toEqual([...serverCars.keys()].sort().map((k) => prefix + k));
            for (const car of cars) {
              const values = serverCars.get(String(car._id).slice(prefix.length))!;
              expect({ ...car, _id: undefined }, `${d.name} ${String(car._id)} equals the server`).toEqual({ _id: undefined, ownerId: values.ownerId, make: values.make, model: values.model ?? null, miles: values.miles ?? null, tags: Object.fromEntries(Object.entries(values.tags as object).sort()) });
            }
          }
          // Per-field rule: each field holds its newest-stamped write.
          for (const [id, list] of writes) {
            const [car, field] = id.split("/") as [string, string];
            const values = serverCars.get(car);
            if (values === undefined) continue; // deleted (deletes win)
            const newest = list.reduce((a, b) => (b.stamp > a.stamp ? b : a));
            const actual = field.startsWith("tags.") ? (values.tags as Record<string, unknown>)[field.slice(5)] : values[field];
            expect(actual, `${car}.${field} holds its newest write ${newest.stamp}`).toEqual(newest.value);
          }
          expect(serverCars.has("c1")).toBe(true);
          // Deletes win: a deleted car stays deleted, also for a device that edited it offline and reset after a compaction.
          if (deleted) expect(serverCars.has(DOOMED), `${DOOMED} was deleted`).toBe(false);
          expect(resets.length, "the compaction forced at least one reset").toBeGreaterThan(0);
          expect(resets.every((r) => r.report.errors.length === 0)).toBe(true);
        } finally {
          for (const d of devices) await d.offline();
        }
      }, 180_000);
    }
  });
});
