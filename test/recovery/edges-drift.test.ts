// One drift rule for every stamp the backup carries (fields, `#created`, tombstones, counter
// increments), and a far-future stamp on the fresh side flagged in the report (issue 13, item 4).
import { expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import type { TrackedTransaction } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";

const BASE = 1_700_000_000_000;
const NOW = (): number => BASE + 10_000;
const DAY = 86_400_000;
const SCHEMA = trackFields([{ name: "Item", primaryKey: "_id", properties: { _id: "string", name: "string?", clicks: { type: "int", presentation: "counter" } } }]);

class Device {
  wall = BASE;
  readonly clock: HybridClock;
  /** `skew`: how far this device's wall clock runs ahead. */
  constructor(nodeId: string, readonly skew = 0) {
    this.clock = new HybridClock({ nodeId, now: () => this.wall, maxDrift: Number.POSITIVE_INFINITY });
  }
  write<T>(realm: RealmLike, ms: number, body: (tx: TrackedTransaction) => T): T {
    this.wall = BASE + ms + this.skew;
    return trackedWrite(realm, body, { clock: this.clock });
  }
}
const item = (realm: RealmLike, id = "i"): RealmObjectLike => realm.objectForPrimaryKey("Item", id) as RealmObjectLike;
const clicks = (realm: RealmLike, id = "i"): number => (item(realm, id).clicks as { value: number }).value;

describeStores("the drift rule", (store) => {
  const shared = (deviceSkew: number) => {
    const server = new Device("server");
    const device = new Device("device", deviceSkew);
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Item", { _id: "i", name: "base", clicks: 0 }));
    const since = server.clock.last() as string;
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    return { server, device, serverRealm, local, since };
  };
  const recover = (local: RealmLike, serverRealm: RealmLike, since: string | null) => {
    const fresh = store.copy(serverRealm);
    return { fresh, report: recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: NOW }) };
  };

  it("skips a far-future counter increment as it skips a far-future field", () => {
    const { device, serverRealm, local, since } = shared(DAY);
    device.write(local, 2_000, (tx) => {
      tx.increment(item(local), "clicks", 5);
      tx.assign(item(local), { name: "from the future" });
    });
    const { fresh, report } = recover(local, serverRealm, since);
    expect(report.skipped.map((entry) => [entry.code, entry.field])).toEqual([
      ["CLOCK_DRIFT", "name"],
      ["CLOCK_DRIFT", "clicks"],
    ]);
    expect(report.skipped[1]?.local?.value).toBe(5);
    expect(clicks(fresh)).toBe(0);
    expect(report.applied).toEqual([]);
  });

  it("applies the same increment from a device whose clock is right", () => {
    const { device, serverRealm, local, since } = shared(0);
    device.write(local, 2_000, (tx) => tx.increment(item(local), "clicks", 5));
    const { fresh, report } = recover(local, serverRealm, since);
    expect(report.skipped).toEqual([]);
    expect(clicks(fresh)).toBe(5);
  });

  it("skips an object created with a far-future #created, carrying it, and a far-future delete", () => {
    const { device, serverRealm, local, since } = shared(DAY);
    device.write(local, 2_000, (tx) => tx.create("Item", { _id: "new", name: "n", clicks: 1 }));
    device.write(local, 2_100, (tx) => tx.delete(item(local)));
    const { fresh, report } = recover(local, serverRealm, since);
    expect(report.skipped.map((entry) => [entry.code, entry.key])).toEqual([
      ["CLOCK_DRIFT", "s:i"],
      ["CLOCK_DRIFT", "s:new"],
    ]);
    expect(report.skipped[0]?.tombstone).toMatchObject({ key: "s:i" });
    expect(report.skipped[1]?.object?.created).toEqual(expect.any(String));
    expect(fresh.objectForPrimaryKey("Item", "new")).toBeNull();
    expect(fresh.objectForPrimaryKey("Item", "i")).not.toBeNull();
  });

  it("flags a far-future stamp on the fresh side instead of reporting an ordinary kept", () => {
    const { device, serverRealm, local, since } = shared(0);
    const skewedServer = new Device("skewed", DAY);
    device.write(local, 2_000, (tx) => tx.assign(item(local), { name: "local" }));
    skewedServer.write(serverRealm, 1_500, (tx) => tx.assign(item(serverRealm), { name: "skewed" }));
    const { report } = recover(local, serverRealm, since);
    expect(report.kept).toHaveLength(1);
    expect(report.kept[0]?.serverStampAheadBy).toBeGreaterThan(DAY - 60_000);
  });

  it("does not flag an ordinary kept", () => {
    const { server, device, serverRealm, local, since } = shared(0);
    device.write(local, 2_000, (tx) => tx.assign(item(local), { name: "local" }));
    server.write(serverRealm, 3_000, (tx) => tx.assign(item(serverRealm), { name: "server" }));
    const { report } = recover(local, serverRealm, since);
    expect(report.kept).toHaveLength(1);
    expect(report.kept[0]).not.toHaveProperty("serverStampAheadBy");
  });
});
