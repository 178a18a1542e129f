// The demo's second part: two devices syncing through the self-hosted server on loopback: a car
// edited on both offline (merged per field), a write the rules refuse (compensating write 231),
// and a compaction that forces a reset, recovered field by field. PGlite in a temporary folder,
// devices on the demo's store (real Realm when it loads).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignJWT } from "jose";
import WebSocket from "ws";
import { HybridClock, memoryStateStorage } from "../../src/clock/index.js";
import type { RealmLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { createSyncServer } from "../../src/server/index.js";
import type { SyncRules, SyncServer } from "../../src/server/index.js";
import { createSyncClient } from "../../src/sync-client/index.js";
import type { SyncClient, SyncClientOptions } from "../../src/sync-client/index.js";
import { trackedWrite } from "../../src/tracking/index.js";
import type { TrackedTransaction } from "../../src/tracking/index.js";
import { openDemoStore } from "./store.js";
import type { DemoStore, StoreChoice } from "./store.js";

const Car = { name: "Car", primaryKey: "_id", properties: { _id: "string", ownerId: "string", make: "string", model: "string?", miles: "int?" } };
// The Flutter seed's role: users read and write only their own cars.
const rules: SyncRules = { roles: [{ name: "owner-read-write", apply_when: {}, document_filters: { read: { ownerId: "%%user.id" }, write: { ownerId: "%%user.id" } }, read: true, write: true }] };
const SECRET = "demo-secret-of-at-least-thirty-two-bytes";

class Device {
  readonly realm: RealmLike;
  readonly clock: HybridClock;
  readonly storage = memoryStateStorage();
  client: SyncClient | undefined;
  constructor(readonly name: string, store: DemoStore) {
    this.realm = store.open(name);
    this.clock = new HybridClock({ nodeId: name });
  }
  online(options: Omit<SyncClientOptions, "storage" | "clock" | "subscriptions">): void {
    this.client = createSyncClient(this.realm, { ...options, storage: this.storage, clock: this.clock, subscriptions: [{ objectType: "Car", queryString: "TRUEPREDICATE" }], WebSocket: WebSocket as never, pollMs: 0 });
  }
  async offline(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }
  write(callback: (tx: TrackedTransaction) => void): void {
    trackedWrite(this.realm, callback, { clock: this.clock });
  }
  async sync(): Promise<void> {
    await this.client?.waitForUpload();
    await this.client?.waitForDownload();
  }
  describe(id: string): string {
    const car = this.realm.objectForPrimaryKey("Car", id);
    return car === null ? "(none)" : `${String(car.make)} ${String(car.model ?? "-")}, ${String(car.miles)} miles`;
  }
}

/** The demo's server: PGlite in a temporary folder (its first start initialises a database: seconds). */
export interface DemoServer {
  readonly server: SyncServer;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the demo's server on loopback; `npm run demo` starts it while part 1 runs. */
export async function startDemoServer(): Promise<DemoServer> {
  const folder = mkdtempSync(join(tmpdir(), "realm-field-recovery-demo-sync-"));
  try {
    const server = await createSyncServer({ schema: [Car], auth: { secret: SECRET }, database: join(folder, "data"), rules });
    const url = await server.listen();
    return {
      server,
      url,
      async close() {
        await server.close();
        rmSync(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

export interface SyncStoryOptions {
  /** A server started earlier with `startDemoServer` (closed at the end). @default one started here */
  readonly server?: Promise<DemoServer>;
  /** Where lines go. @default console.log */
  readonly print?: (line: string) => void;
  /** Which store the devices run on. @default "auto" (real Realm when it loads) */
  readonly store?: StoreChoice;
}

export interface SyncStoryResult {
  readonly lines: readonly string[];
}

/** Runs the story; returns what it printed. */
export async function runSyncStory(options: SyncStoryOptions = {}): Promise<SyncStoryResult> {
  const lines: string[] = [];
  const print = (line: string): void => {
    lines.push(line);
    (options.print ?? console.log)(line);
  };
  const started = options.server ?? startDemoServer();
  const store = openDemoStore(trackFields([Car]), options.store ?? "auto");
  let demo: DemoServer | undefined;
  const phone = new Device("alice-phone", store);
  const tablet = new Device("alice-tablet", store);
  const reverted: string[] = [];
  try {
    demo = await started;
    const { server, url } = demo;
    const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("alice").setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
    print("realm-field-recovery demo, part 2: two devices sync through the self-hosted server");
    print(`server: ${url.replace(/:\d+$/, ":<port>")} (loopback, PGlite in a temporary folder), rules: owner-read-write; devices: ${store.kind === "realm" ? "real Realm" : "in-memory store"}`);
    phone.online({ url, token, onCompensatingWrite: (error) => reverted.push(...error.writes.map((w) => `${String(w.primaryKey)}: ${w.reason}`)) });
    tablet.online({ url, token });

    print("");
    print("1. The phone creates a car; the tablet receives it.");
    phone.write((tx) => tx.create("Car", { _id: "car1", ownerId: "alice", make: "Mazda", model: null, miles: 10 }));
    await phone.sync();
    await tablet.sync();
    print(`   tablet: ${tablet.describe("car1")}`);

    print("2. Both go offline and edit different fields of it; back online, both edits survive.");
    await phone.offline();
    await tablet.offline();
    phone.write((tx) => tx.assign(phone.realm.objectForPrimaryKey("Car", "car1")!, { miles: 12 }));
    tablet.write((tx) => tx.assign(tablet.realm.objectForPrimaryKey("Car", "car1")!, { model: "MX-5" }));
    phone.online({ url, token, onCompensatingWrite: (error) => reverted.push(...error.writes.map((w) => `${String(w.primaryKey)}: ${w.reason}`)) });
    tablet.online({ url, token });
    await phone.sync();
    await tablet.sync();
    await phone.sync();
    print(`   phone:  ${phone.describe("car1")}`);
    print(`   tablet: ${tablet.describe("car1")}`);

    print("3. The phone writes a car owned by someone else: the server reverts it (error 231).");
    phone.write((tx) => tx.create("Car", { _id: "car2", ownerId: "someOtherId", make: "Ford", model: null, miles: null }));
    await phone.sync();
    for (const line of reverted) print(`   reverted ${line}`);
    print(`   phone now has car2: ${phone.describe("car2")}`);

    print("4. The tablet edits offline while the server compacts its log: it must reset.");
    await tablet.offline();
    tablet.write((tx) => tx.assign(tablet.realm.objectForPrimaryKey("Car", "car1")!, { make: "Mazda Miata" }));
    phone.write((tx) => tx.assign(phone.realm.objectForPrimaryKey("Car", "car1")!, { miles: 15 }));
    await phone.sync();
    await server.compact({ retentionMs: 0 });
    let resetLine = "   (no reset)";
    tablet.client = createSyncClient(tablet.realm, {
      url,
      token,
      storage: tablet.storage,
      clock: tablet.clock,
      subscriptions: [{ objectType: "Car", queryString: "TRUEPREDICATE" }],
      WebSocket: WebSocket as never,
      pollMs: 0,
      onReset: ({ reason, report, backupKept }) => {
        resetLine = `   reset (${reason}): ${report.counts.applied} field(s) recovered [${report.applied.map((a) => `${a.field} = ${JSON.stringify(a.value)}`).join(", ")}], backup ${backupKept ? "kept" : "removed"}`;
      },
    });
    await tablet.sync();
    await phone.sync();
    print(resetLine);
    print(`   phone:  ${phone.describe("car1")}`);
    print(`   tablet: ${tablet.describe("car1")}`);
    print("");
    print("Every edit of both devices survives per field; refused writes are reverted, as Atlas Device Sync did.");
    return { lines };
  } finally {
    await phone.offline();
    await tablet.offline();
    store.dispose();
    await (demo ?? (await started.catch(() => undefined)))?.close();
  }
}
