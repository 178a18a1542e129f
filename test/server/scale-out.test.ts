// Several servers (as several processes would) on one PostgreSQL: pushes serialize on the head row's lock, and every
// process's live sockets hear every version (LISTEN/NOTIFY).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import type { SyncServer } from "../../src/server/index.js";
import { freshPostgresDatabase } from "./databases.js";
import { ALL_CARS, POSTGRES_URL, TestDevice, post, pushBody, startServer, tokenFor } from "./helpers.js";

describe.skipIf(POSTGRES_URL === undefined)("scale-out on one PostgreSQL [PostgreSQL]", () => {
  let one: SyncServer;
  let two: SyncServer;
  let drop: () => Promise<void>;
  let alice: string;
  beforeAll(async () => {
    const database = await freshPostgresDatabase(POSTGRES_URL as string);
    drop = database.drop;
    [one, two] = await Promise.all([startServer({ database: database.url }), startServer({ database: database.url })]);
    alice = await tokenFor("alice");
  }, 60_000);
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
    await drop?.();
  }, 60_000);

  it("a push through one process is announced on the other's live sockets", async () => {
    const url = await two.listen();
    const socket = new WebSocket(`${url.replace("http", "ws")}/v1/live`);
    const messages: { type: string; version?: number }[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once("open", resolve));
    socket.send(JSON.stringify({ type: "hello", token: alice }));
    await waitFor(() => messages.some((m) => m.type === "ready"));
    const device = new TestDevice("fan-out");
    device.write((tx) => tx.create("Car", { _id: "fan-out", ownerId: "alice", make: "Audi", miles: 1 }));
    const { json } = await post(one, "/v1/push", pushBody(device.changes()), alice);
    await waitFor(() => messages.some((m) => m.type === "changed" && m.version === json.version));
    socket.close();
  });

  it("concurrent pushes through both processes merge as one sequence (per-field, order-free)", async () => {
    const base = new TestDevice("base");
    base.write((tx) => tx.create("Car", { _id: "contended", ownerId: "alice", make: "BMW", miles: 0, tags: {} }));
    await post(one, "/v1/push", pushBody(base.changes()), alice);
    const devices = Array.from({ length: 8 }, (_, i) => new TestDevice(`contender-${i}`));
    const pushes = devices.map((device, i) => {
      // Each device has the base object and edits its own dictionary entry of it.
      applyChanges(device.realm, base.changes());
      device.clock.receive(base.clock.now());
      const since = device.clock.now();
      device.write((tx) => tx.update(device.realm.objectForPrimaryKey("Car", "contended")!, (car: { tags: Record<string, string> }) => void (car.tags[`d${i}`] = String(i))));
      return post(i % 2 === 0 ? one : two, "/v1/push", pushBody(device.changes(since), [ALL_CARS], `contender-${i}`), alice);
    });
    const answers = await Promise.all(pushes);
    expect(answers.map((a) => a.status)).toEqual(devices.map(() => 200));
    // Versions are distinct: the head row lock serialized the transactions.
    const versions = answers.map((a) => a.json.version);
    expect(new Set(versions).size).toBe(versions.length);
    const pulled = await post(two, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, alice);
    const car = pulled.json.objects.find((o: { key: string }) => o.key === "s:contended");
    expect(Object.keys(car.values.tags).sort()).toEqual(devices.map((_, i) => `d${i}`).sort());
  });

  it("groups of both processes interleave into one gap-free version log", async () => {
    const head = await one.head();
    const bodies = Array.from({ length: 40 }, (_, i) => {
      const device = new TestDevice(`two-${i}`);
      device.write((tx) => tx.create("Car", { _id: `two-${i}`, ownerId: "alice", make: "Skoda", miles: i, tags: {} }));
      return pushBody(device.changes(), [ALL_CARS], `two-client-${i}`);
    });
    const answers = await Promise.all(bodies.map((body, i) => post(i % 2 === 0 ? one : two, "/v1/push", body, alice)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map(() => 200));
    const versions = answers.map((a) => a.json.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(bodies.map((_, i) => head + i + 1));
    const log = await one.database.query<{ version: string; push_id: string }>(`SELECT version, push_id FROM rfr_versions WHERE version > $1 ORDER BY version`, [head]);
    expect(log.rows.map((row) => Number(row.version))).toEqual(versions);
    expect(new Set(log.rows.map((row) => row.push_id))).toEqual(new Set(bodies.map((body) => body.pushId)));
    for (const server of [one, two]) {
      const pulled = await post(server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, alice);
      expect(pulled.json.objects.filter((o: { key: string }) => o.key.startsWith("s:two-"))).toHaveLength(40);
    }
  });
});

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
