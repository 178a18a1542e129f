import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { trackFields } from "../../src/schema/track-fields.js";

import { Device, NOW } from "./store-fixtures.js";

describeStores("recovery: counters", (store) => {

  const SCHEMA = trackFields([{ name: "Post", primaryKey: "_id", properties: { _id: "string", likes: "counter", title: "string" } }]);
  const likes = (realm: RealmLike): unknown => (realm.objectForPrimaryKey("Post", "p")?.likes as { value?: number } | undefined)?.value;

  describe("counter increments", () => {
    it("re-adds this device's lost increments on top of other devices' ones, once", () => {
      const server = new Device("server");
      const a = new Device("device-a");
      const b = new Device("device-b");
      const serverRealm = store.open(SCHEMA);
      server.write(serverRealm, 1_000, (tx) => tx.create("Post", { _id: "p", likes: 10, title: "Hi" }));
      const backup = store.copy(serverRealm, { schema: SCHEMA });
      a.clock.receive(server.last());
      const since = server.last();
      a.write(backup, 2_000, (tx) => tx.increment(backup.objectForPrimaryKey("Post", "p") as RealmObjectLike, "likes", 2));
      b.write(serverRealm, 3_000, (tx) => tx.increment(serverRealm.objectForPrimaryKey("Post", "p") as RealmObjectLike, "likes", 3));
      const fresh = store.copy(serverRealm, { schema: SCHEMA });

      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(likes(fresh)).toBe(15);
      expect(report.applied).toMatchObject([{ field: "likes", value: 15, policy: "counterIncrements" }]);
      const again = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(again.counts.applied).toBe(0);
      expect(likes(fresh)).toBe(15);
    });

    it("a set that wins is taken as is, without re-adding increments", () => {
      const server = new Device("server");
      const a = new Device("device-a");
      const serverRealm = store.open(SCHEMA);
      server.write(serverRealm, 1_000, (tx) => tx.create("Post", { _id: "p", likes: 10, title: "Hi" }));
      const backup = store.copy(serverRealm, { schema: SCHEMA });
      a.clock.receive(server.last());
      const since = server.last();
      a.write(backup, 2_000, (tx) => tx.increment(backup.objectForPrimaryKey("Post", "p") as RealmObjectLike, "likes", 2));
      a.write(backup, 3_000, (tx) => tx.assign(backup.objectForPrimaryKey("Post", "p") as RealmObjectLike, { likes: 100 }));
      a.write(backup, 4_000, (tx) => tx.increment(backup.objectForPrimaryKey("Post", "p") as RealmObjectLike, "likes", 1));
      const fresh = store.copy(serverRealm, { schema: SCHEMA });
      recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(likes(fresh)).toBe(101);
    });

    it("into a fresh model without the timestamps dictionary, creates take the value once and updates skip the increments (found by the soak fuzz)", () => {
      const a = new Device("device-a");
      const backup = store.open(SCHEMA);
      a.write(backup, 1_000, (tx) => tx.create("Post", { _id: "p", likes: 0, title: "Hi" }));
      a.write(backup, 2_000, (tx) => tx.increment(backup.objectForPrimaryKey("Post", "p") as RealmObjectLike, "likes", 5));
      const fresh = store.open([{ name: "Post", primaryKey: "_id", properties: { _id: "string", likes: "counter", title: "string" } }]);

      const first = recoverUnsyncedChanges({ backup, fresh, since: null, now: NOW });
      expect(first.counts.created).toBe(1);
      expect(likes(fresh)).toBe(5);
      const again = recoverUnsyncedChanges({ backup, fresh, since: null, now: NOW });
      expect(likes(fresh)).toBe(5); // not 10: nothing recorded the sum the first run applied
      expect(again.counts.applied + again.counts.created).toBe(0);
      expect(again.skipped).toContainEqual(expect.objectContaining({ code: "FRESH_UNTRACKED", model: "Post", key: "s:p", field: "likes" }));
    });
  });
});
