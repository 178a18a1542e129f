// Every acknowledged write survives a server kill (SIGKILL, no shutdown) and a restart, on an
// on-disk PGlite and on PostgreSQL; clients reconnect with backoff across the restart.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { memoryStateStorage } from "../../src/clock/index.js";
import { createSyncClient } from "../../src/sync-client/index.js";
import { describeDatabases } from "./databases.js";
import { ALL_CARS, TestDevice, pushBody, tokenFor } from "./helpers.js";

interface Child {
  readonly process: ChildProcess;
  readonly url: string;
}

function startChild(database: string, port = 0): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures/serve-child.ts")], {
    env: { ...process.env, RFR_CHILD_DATABASE: database, RFR_CHILD_PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += String(chunk);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line !== undefined) resolve({ process: child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.once("exit", (code) => reject(new Error(`server process exited (${code}) before listening: ${out}`)));
  });
}

const kill = (child: Child): Promise<void> =>
  new Promise((resolve) => {
    child.process.once("exit", () => resolve());
    child.process.kill("SIGKILL");
  });

describeDatabases("durability", (db) => {
  let database: string;
  let dir: string | undefined;
  let alice: string;
  beforeAll(async () => {
    alice = await tokenFor("alice");
    if (db.name === "PGlite") {
      dir = mkdtempSync(join(tmpdir(), "rfr-durability-"));
      database = join(dir, "data");
    } else database = await db.fresh();
  }, 60_000);
  afterAll(async () => {
    await db.cleanup();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("keeps every acknowledged push through SIGKILL and restart", async () => {
    let child = await startChild(database);
    const acknowledged: string[] = [];
    const push = async (i: number): Promise<void> => {
      const device = new TestDevice(`kill-${i}`);
      device.write((tx) => tx.create("Car", { _id: `kill-${i}`, ownerId: "alice", make: "Saab", miles: i }));
      const response = await fetch(`${child.url}/v1/push`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${alice}` }, body: JSON.stringify(pushBody(device.changes())) });
      if (response.status === 200) acknowledged.push(`s:kill-${i}`);
    };
    for (let i = 0; i < 10; i++) await push(i);
    // Pushes in flight when the process dies: those answered must be kept, the others may be lost.
    const inFlight = Array.from({ length: 10 }, (_, i) => push(10 + i).catch(() => {}));
    await new Promise((resolve) => setTimeout(resolve, 15));
    await kill(child);
    await Promise.all(inFlight);
    expect(acknowledged.length).toBeGreaterThanOrEqual(10);

    child = await startChild(database);
    try {
      const response = await fetch(`${child.url}/v1/pull`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${alice}` }, body: JSON.stringify({ cursor: 0, subscriptions: [ALL_CARS], limit: 5000 }) });
      const pulled = (await response.json()) as { objects: { key: string }[] };
      const keys = new Set(pulled.objects.map((o) => o.key));
      for (const key of acknowledged) expect(keys.has(key), `acknowledged ${key} survives`).toBe(true);
    } finally {
      await kill(child);
    }
  }, 120_000);

  it("a client keeps working across a server restart (reconnect with backoff)", async () => {
    let child = await startChild(database);
    const port = Number(new URL(child.url).port);
    const device = new TestDevice("restart-device");
    const client = createSyncClient(device.realm, { url: child.url, token: alice, subscriptions: [ALL_CARS], storage: memoryStateStorage(), clock: device.clock, WebSocket: WebSocket as never, pollMs: 0, backoff: { initialMs: 50, maxMs: 500 } });
    try {
      device.write((tx) => tx.create("Car", { _id: "restart-1", ownerId: "alice", make: "Opel", miles: 1 }));
      await client.waitForUpload();
      await kill(child);
      device.write((tx) => tx.create("Car", { _id: "restart-2", ownerId: "alice", make: "Opel", miles: 2 }));
      const uploaded = client.waitForUpload();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(client.state.connected).toBe(false);
      expect(client.state.lastError).not.toBeNull();
      child = await startChild(database, port);
      await uploaded;
      expect(client.state).toMatchObject({ connected: true, lastError: null });
      const other = new TestDevice("restart-other");
      const reader = createSyncClient(other.realm, { url: child.url, token: alice, subscriptions: [ALL_CARS], storage: memoryStateStorage(), clock: other.clock, WebSocket: false, pollMs: 0 });
      await reader.waitForDownload();
      expect(other.realm.objectForPrimaryKey("Car", "restart-2")).not.toBeNull();
      await reader.close();
    } finally {
      await client.close();
      await kill(child);
    }
  }, 120_000);
});
