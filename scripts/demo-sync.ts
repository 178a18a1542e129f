// `npm run demo:sync`: two devices syncing through the self-hosted server on loopback: a car
// edited on both offline (merged per field), a write the rules refuse (compensating write 231),
// and a compaction that forces a reset, recovered field by field. In-memory store, PGlite in memory.
import { pathToFileURL } from "node:url";
import { SignJWT } from "jose";
import WebSocket from "ws";
import { HybridClock, memoryStateStorage } from "../src/clock/index.js";
import type { RealmLike } from "../src/realm-like.js";
import { trackFields } from "../src/schema/track-fields.js";
import { createSyncServer } from "../src/server/index.js";
import type { SyncRules } from "../src/server/index.js";
import { createSyncClient } from "../src/sync-client/index.js";
import type { SyncClient, SyncClientOptions } from "../src/sync-client/index.js";
import { openMemoryRealm } from "../src/testing/index.js";
import { trackedWrite } from "../src/tracking/index.js";
import type { TrackedTransaction } from "../src/tracking/index.js";

const Car = { name: "Car", primaryKey: "_id", properties: { _id: "string", ownerId: "string", make: "string", model: "string?", miles: "int?" } };
// The Flutter seed's role: users read and write only their own cars.
const rules: SyncRules = { roles: [{ name: "owner-read-write", apply_when: {}, document_filters: { read: { ownerId: "%%user.id" }, write: { ownerId: "%%user.id" } }, read: true, write: true }] };
const SECRET = "demo-secret-of-at-least-thirty-two-bytes";

class Device {
  readonly realm: RealmLike = openMemoryRealm({ schema: trackFields([Car]) });
  readonly clock: HybridClock;
  readonly storage = memoryStateStorage();
  client: SyncClient | undefined;
  constructor(readonly name: string) {
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

export interface DemoSyncResult {
  readonly lines: readonly string[];
}

/** Runs the story; returns what it printed. */
export async function main(options: { readonly print?: (line: string) => void } = {}): Promise<DemoSyncResult> {
  const lines: string[] = [];
  const print = (line: string): void => {
    lines.push(line);
    (options.print ?? console.log)(line);
  };
  const server = await createSyncServer({ schema: [Car], auth: { secret: SECRET }, database: "memory://", rules });
  const url = await server.listen();
  const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("alice").setExpirationTime("1h").sign(new TextEncoder().encode(SECRET));
  const phone = new Device("alice-phone");
  const tablet = new Device("alice-tablet");
  const reverted: string[] = [];
  try {
    print("realm-field-recovery demo:sync: two devices through the self-hosted server");
    print(`server: ${url} (PGlite in memory), rules: owner-read-write; devices: in-memory store`);
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
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
