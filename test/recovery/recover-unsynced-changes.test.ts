import { describe, expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { applyChanges, RecoveryApplyError } from "../../src/recovery/apply-changes.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { parseChangeset } from "../../src/recovery/changeset.js";
import { listAppend, setUnion } from "../../src/policies/index.js";
import { dumpMemoryRealm } from "../../src/testing/index.js";
import { Device, NOW, SCHEMA } from "./store-fixtures.js";

describeStores("recoverUnsyncedChanges", (store) => {
  const openRealm = (copyFrom?: RealmLike) => (copyFrom === undefined ? store.open(SCHEMA) : store.copy(copyFrom, { schema: SCHEMA }));

  const dog = (realm: RealmLike, id: string): RealmObjectLike | null => realm.objectForPrimaryKey("Dog", id);
  const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

  /**
   * The seed's Dog scenario: the server and two devices share Rex; device B renames him
   * (synced), device A changes his age offline, then A gets a client reset.
   */
  function dogScenario() {
    const server = new Device("server");
    const a = new Device("device-a");
    const b = new Device("device-b");
    const serverRealm = openRealm();
    server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }));
    const deviceA = openRealm(serverRealm);
    a.clock.receive(server.last());
    const since = server.last(); // A's checkpoint: everything it had synced
    b.write(serverRealm, 2_000, (tx) => tx.assign(dog(serverRealm, "rex") as RealmObjectLike, { name: "Rexy" })); // B's edit reached the server
    a.write(deviceA, 3_000, (tx) => tx.assign(dog(deviceA, "rex") as RealmObjectLike, { age: 4 })); // A's edit never uploaded
    const fresh = openRealm(serverRealm); // what A downloads at reset
    return { backup: deviceA, fresh, since, a };
  }

  describe("the seed's Dog scenario", () => {
    it("the per-object recipe (upsert whole objects updated after lastSynced) loses device B's edit", () => {
      const { backup, fresh, since } = dogScenario();
      fresh.write(() => {
        for (const object of backup.objects("Dog")) {
          const stamps = Object.values(object.fieldTimestamps as Record<string, string>);
          if (stamps.some((stamp) => stamp > since)) fresh.create("Dog", { _id: object._id, name: object.name, age: object.age }, "modified");
        }
      });
      expect(dog(fresh, "rex")).toMatchObject({ name: "Rex", age: 4 }); // B's rename is gone
    });

    it("per-field recovery keeps both edits, with their stamps", () => {
      const { backup, fresh, since } = dogScenario();
      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      const rex = dog(fresh, "rex") as RealmObjectLike;
      expect(rex).toMatchObject({ name: "Rexy", age: 4 });
      expect(report.applied.map((a) => [a.field, a.value])).toEqual([["age", 4]]);
      expect((rex.fieldTimestamps as Record<string, string>).age).toBe(report.applied[0]?.stamp);
    });
  });

  describe("recoverUnsyncedChanges", () => {
    it("creates, updates and deletes on both sides", () => {
      const server = new Device("server");
      const a = new Device("device-a");
      const b = new Device("device-b");
      const serverRealm = openRealm();
      server.write(serverRealm, 1_000, (tx) => {
        for (const id of ["rex", "fido", "spot", "lost"]) tx.create("Dog", { _id: id, name: id });
      });
      const backup = openRealm(serverRealm);
      a.clock.receive(server.last());
      const since = server.last();
      // Server side (other devices): fido deleted, spot edited after A's delete.
      b.write(serverRealm, 2_000, (tx) => tx.delete(dog(serverRealm, "fido") as RealmObjectLike));
      // Device A, offline: creates max (linked from rex), edits fido (deleted on the server), deletes spot and lost.
      a.write(backup, 3_000, (tx) => {
        const max = tx.create("Dog", { _id: "max", name: "Max", tricks: ["sit"] });
        tx.assign(dog(backup, "rex") as RealmObjectLike, { friends: [max, dog(backup, "fido")] });
        tx.assign(dog(backup, "fido") as RealmObjectLike, { age: 7 });
        tx.delete(dog(backup, "spot") as RealmObjectLike);
        tx.delete(dog(backup, "lost") as RealmObjectLike);
      });
      b.write(serverRealm, 4_000, (tx) => tx.assign(dog(serverRealm, "spot") as RealmObjectLike, { age: 1 }));
      const fresh = openRealm(serverRealm);

      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(report.created).toEqual([{ model: "Dog", key: "s:max", generation: 1 }]);
      expect(report.deleted.map((d) => d.key).sort()).toEqual(["s:lost", "s:spot"]); // deleteWins, despite spot's newer edit
      expect(dog(fresh, "fido")).toBeNull(); // stays deleted: same-generation tombstone
      expect(report.skipped.map((s) => `${s.code} ${s.key} ${s.field ?? ""}`).sort()).toEqual(["DELETED_ON_SERVER s:fido ", "LINK_TARGET_MISSING s:rex friends"]);
      const friends = Array.from(dog(fresh, "rex")?.friends as Iterable<RealmObjectLike>).map((d) => d._id);
      expect(friends).toEqual(["max"]); // the link to deleted fido is dropped, fido not recreated
      expect(fresh.objectForPrimaryKey("FieldRecoveryTombstone", "Dog/s:spot")).not.toBeNull();
    });

    it("updateWins keeps an object the server edited after the local delete", () => {
      const server = new Device("server");
      const a = new Device("device-a");
      const serverRealm = openRealm();
      server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "spot", name: "Spot" }));
      const backup = openRealm(serverRealm);
      a.clock.receive(server.last());
      const since = server.last();
      a.write(backup, 2_000, (tx) => tx.delete(dog(backup, "spot") as RealmObjectLike));
      server.write(serverRealm, 3_000, (tx) => tx.assign(dog(serverRealm, "spot") as RealmObjectLike, { age: 2 }));
      const fresh = openRealm(serverRealm);
      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, policies: { delete: "updateWins" } });
      expect(dog(fresh, "spot")).toMatchObject({ age: 2 });
      expect(report.skipped[0]?.code).toBe("UPDATED_ON_SERVER");
    });

    it("merges embedded objects per sub-field, dictionaries per key and collections by policy", () => {
      const server = new Device("server");
      const a = new Device("device-a");
      const b = new Device("device-b");
      const serverRealm = openRealm();
      server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", address: { street: "1 Main", city: "Paris" }, notes: { vet: "Dr A" }, tags: ["good"], tricks: ["sit"] }));
      const backup = openRealm(serverRealm);
      a.clock.receive(server.last());
      const since = server.last();
      b.write(serverRealm, 2_000, (tx) => {
        const rex = dog(serverRealm, "rex") as RealmObjectLike;
        tx.assign(rex, { address: { street: "1 Main", city: "Lyon" }, notes: { vet: "Dr B" }, tags: ["good", "calm"], tricks: ["sit", "roll"] });
      });
      a.write(backup, 3_000, (tx) => {
        const rex = dog(backup, "rex") as RealmObjectLike;
        tx.assign(rex, { address: { street: "2 Side", city: "Paris" }, notes: { vet: "Dr A", food: "fish" }, tags: ["good", "fast"], tricks: ["sit", "beg"] });
      });
      const fresh = openRealm(serverRealm);
      recoverUnsyncedChanges({ backup, fresh, since, now: NOW, policies: { models: { Dog: { fields: { tags: setUnion, tricks: listAppend } } } } });
      const rex = dog(fresh, "rex") as RealmObjectLike;
      expect(plain(rex.address)).toEqual({ street: "2 Side", city: "Lyon" });
      expect(plain(rex.notes)).toEqual({ vet: "Dr B", food: "fish" });
      expect([...(rex.tags as Iterable<string>)].sort()).toEqual(["calm", "fast", "good"]);
      expect([...(rex.tricks as Iterable<string>)]).toEqual(["sit", "roll", "beg"]);
    });

    it("is idempotent, leaves the backup unchanged, and dryRun writes nothing", () => {
      const { backup, fresh, since } = dogScenario();
      const backupBefore = JSON.stringify(dumpMemoryRealm(backup));
      const freshBefore = JSON.stringify(dumpMemoryRealm(fresh));
      const dry = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, dryRun: true });
      expect(dry.dryRun).toBe(true);
      expect(dry.counts.applied).toBe(1);
      expect(JSON.stringify(dumpMemoryRealm(fresh))).toBe(freshBefore);
      recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      const once = JSON.stringify(dumpMemoryRealm(fresh));
      const second = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(second.counts).toMatchObject({ applied: 0, created: 0, deleted: 0 });
      expect(JSON.stringify(dumpMemoryRealm(fresh))).toBe(once);
      expect(JSON.stringify(dumpMemoryRealm(backup))).toBe(backupBefore);
    });

    it("reads a read-only backup (law 17)", () => {
      const { backup, fresh, since } = dogScenario();
      const readOnly = store.copy(backup, { schema: SCHEMA, readOnly: true });
      expect(recoverUnsyncedChanges({ backup: readOnly, fresh, since, now: NOW }).counts.applied).toBe(1);
    });

    it("is atomic: a throw mid-apply leaves the fresh realm unchanged, and a rerun completes", () => {
      const { backup, fresh, since } = dogScenario();
      const b = new Device("device-b2");
      b.write(backup, 5_000, (tx) => tx.create("Dog", { _id: "max", name: "Max" }));
      const before = JSON.stringify(dumpMemoryRealm(fresh));
      let calls = 0;
      const failing = new Proxy(fresh, {
        get(target, prop, receiver) {
          if (prop === "create") return (...args: Parameters<typeof fresh.create>) => (++calls === 1 ? (() => { throw new Error("disk full"); })() : target.create(...args));
          const value = Reflect.get(target, prop, receiver) as unknown;
          return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
      const changeset = collectUnsyncedChanges(backup, since);
      expect(() => applyChanges(failing, changeset, { now: NOW })).toThrow(RecoveryApplyError);
      expect(JSON.stringify(dumpMemoryRealm(fresh))).toBe(before);
      const report = applyChanges(fresh, changeset, { now: NOW });
      expect(report.counts).toMatchObject({ applied: 1, created: 1 });
      expect(dog(fresh, "max")).toMatchObject({ name: "Max" });
    });

    it("produces a JSON-serializable changeset that survives parseChangeset", () => {
      const { backup, since } = dogScenario();
      const changeset = collectUnsyncedChanges(backup, since);
      expect(parseChangeset(JSON.stringify(changeset))).toEqual(changeset);
      expect(changeset.objects).toEqual([{ model: "Dog", key: "s:rex", generation: 1, created: null, fields: { age: { value: 4, stamp: expect.any(String) } }, base: expect.any(Object) }]);
      const full = collectUnsyncedChanges(backup, null);
      expect(Object.keys(full.objects[0]?.fields ?? {}).sort()).toEqual(["address", "age", "friends", "name", "notes", "owner", "tags", "tricks"]);
    });
  });

  describe("bad input", () => {
    it("skips fields the fresh schema removed or retyped and recovers the rest", () => {
      const { backup, since } = dogScenario();
      const a = new Device("device-a2");
      a.write(backup, 6_000, (tx) => tx.assign(dog(backup, "rex") as RealmObjectLike, { name: "Rexford", tags: ["x"] }));
      const freshSchema = SCHEMA.map((model) =>
        model.name !== "Dog" ? model : { ...model, properties: { ...(model.properties as Record<string, unknown>), age: "string?", tags: undefined } },
      ).map((model) => ({ ...model, properties: Object.fromEntries(Object.entries(model.properties as Record<string, unknown>).filter(([, v]) => v !== undefined)) }));
      const fresh = store.open(freshSchema as never);
      fresh.write(() => fresh.create("Dog", { _id: "rex", name: "Rex" }));
      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(dog(fresh, "rex")).toMatchObject({ name: "Rexford", age: null });
      expect(report.skipped.map((s) => `${s.code} ${s.field}`).sort()).toEqual(["FIELD_MISSING tags", "TYPE_MISMATCH age"]);
    });

    it("reports a malformed fieldTimestamps entry and a stamp beyond the drift, and applies the rest", () => {
      const { backup, fresh, since } = dogScenario();
      backup.write(() => {
        const stamps = dog(backup, "rex")?.fieldTimestamps as Record<string, string>;
        stamps.name = "garbage";
        stamps.tricks = "zzzzzzzzzzzzzzzz";
      });
      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(report.skipped.map((s) => `${s.code} ${s.field}`).sort()).toEqual(["CLOCK_DRIFT tricks", "MALFORMED_STAMP name"]);
      expect(dog(fresh, "rex")).toMatchObject({ name: "Rexy", age: 4 });
    });

    it("reports a tracked model without primary key in the backup", () => {
      const schema = [...SCHEMA, { name: "Log", properties: { text: "string", fieldTimestamps: "string{}" } }];
      const backup = store.open(schema as never);
      backup.write(() => backup.create("Log", { text: "x", fieldTimestamps: { text: "-------0--------" } }));
      const changeset = collectUnsyncedChanges(backup, null);
      expect(changeset.problems?.map((p) => `${p.code} ${p.model}`)).toEqual(["NO_PRIMARY_KEY Log"]);
    });
  });

  describe("generations and devices", () => {
    it("brings back an object re-created after a local delete (later generation)", () => {
      const server = new Device("server");
      const a = new Device("device-a");
      const serverRealm = openRealm();
      server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 9 }));
      const backup = openRealm(serverRealm);
      a.clock.receive(server.last());
      const since = server.last();
      a.write(backup, 2_000, (tx) => tx.delete(dog(backup, "rex") as RealmObjectLike));
      a.write(backup, 3_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex II" }));
      const fresh = openRealm(serverRealm);
      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(report.deleted.map((d) => d.generation)).toEqual([1]);
      expect(report.created).toEqual([{ model: "Dog", key: "s:rex", generation: 2 }]);
      expect(dog(fresh, "rex")).toMatchObject({ name: "Rex II", age: null });
      expect(recoverUnsyncedChanges({ backup, fresh, since, now: NOW }).counts).toMatchObject({ applied: 0, created: 0, deleted: 0 });
    });

    it("two devices recovered in either order give the same fresh realm", () => {
      const build = () => {
        const server = new Device("server");
        const a = new Device("device-a");
        const b = new Device("device-b");
        const serverRealm = openRealm();
        server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 1, notes: { k: "0" } }));
        const backupA = openRealm(serverRealm);
        const backupB = openRealm(serverRealm);
        a.clock.receive(server.last());
        b.clock.receive(server.last());
        const since = server.last();
        a.write(backupA, 2_000, (tx) => tx.assign(dog(backupA, "rex") as RealmObjectLike, { name: "A", notes: { k: "a", x: "a" } }));
        b.write(backupB, 3_000, (tx) => tx.assign(dog(backupB, "rex") as RealmObjectLike, { age: 2, notes: { k: "b" } }));
        a.write(backupA, 4_000, (tx) => tx.create("Dog", { _id: "max", name: "Max" }));
        return { serverRealm, backupA, backupB, since };
      };
      const one = build();
      const freshAB = openRealm(one.serverRealm);
      recoverUnsyncedChanges({ backup: one.backupA, fresh: freshAB, since: one.since, now: NOW });
      recoverUnsyncedChanges({ backup: one.backupB, fresh: freshAB, since: one.since, now: NOW });
      const two = build();
      const freshBA = openRealm(two.serverRealm);
      recoverUnsyncedChanges({ backup: two.backupB, fresh: freshBA, since: two.since, now: NOW });
      recoverUnsyncedChanges({ backup: two.backupA, fresh: freshBA, since: two.since, now: NOW });
      expect(dumpMemoryRealm(freshAB).objects).toEqual(dumpMemoryRealm(freshBA).objects);
      expect(dog(freshAB, "rex")).toMatchObject({ name: "A", age: 2 });
      expect(plain(dog(freshAB, "rex")?.notes)).toEqual({ k: "b", x: "a" });
    });
  });

  describe("full merge or since (law 7a)", () => {
    /** The server was restored from an old backup: it lost rex's rename and the whole of max. */
    function restoredServer() {
      const server = new Device("server");
      const a = new Device("device-a");
      const serverRealm = openRealm();
      server.write(serverRealm, 1_000, (tx) => tx.create("Dog", { _id: "rex", name: "Rex" }));
      const restored = openRealm(serverRealm); // the server's old backup
      const backup = openRealm(serverRealm);
      a.clock.receive(server.last());
      a.write(backup, 2_000, (tx) => {
        tx.assign(dog(backup, "rex") as RealmObjectLike, { name: "Rexy" });
        tx.create("Dog", { _id: "max", name: "Max" });
      });
      const since = a.last(); // A had uploaded both: they are below its checkpoint
      return { backup, fresh: openRealm(restored), since };
    }

    it("with since, edits below the checkpoint count as synced and are not brought back", () => {
      const { backup, fresh, since } = restoredServer();
      const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW });
      expect(report.counts).toMatchObject({ applied: 0, created: 0 });
      expect(dog(fresh, "rex")).toMatchObject({ name: "Rex" });
      expect(dog(fresh, "max")).toBeNull();
    });

    it("a full merge brings back what the server lost, and reports progress per model", () => {
      const { backup, fresh } = restoredServer();
      const progress: string[] = [];
      const report = recoverUnsyncedChanges({ backup, fresh, since: null, now: NOW, onProgress: (p) => progress.push(`${p.phase}${p.model === undefined ? "" : `:${p.model}`}`) });
      expect(dog(fresh, "rex")).toMatchObject({ name: "Rexy" });
      expect(dog(fresh, "max")).toMatchObject({ name: "Max" });
      expect(report.created.map((c) => c.key)).toEqual(["s:max"]);
      expect(progress).toEqual(["collect:Dog", "collect:Person", "plan", "apply"]);
    });
  });
});
