import { expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import type { StoreUnderTest } from "../contract/stores.js";
import { permissionCheck, rebaseOnSnapshot } from "../../src/adapters/index.js";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import { parseChangeset } from "../../src/recovery/changeset.js";
import { InvalidOptionError } from "../../src/errors.js";
import { dumpMemoryRealm } from "../../src/testing/index.js";
import { dog, plainDog } from "./fixtures.js";
import { NOW, SCHEMA, Writer } from "./scripted-sync-sdk.js";

/** A custom backend: the device syncs through its own API; the server keeps a realm-shaped snapshot. */
function customBackend(store: StoreUnderTest) {
  const [server, a, b] = [new Writer("server"), new Writer("device-a"), new Writer("device-b")];
  const serverRealm = store.open(SCHEMA);
  server.write(serverRealm, 1_000, (tx) => {
    tx.create("Dog", { _id: "rex", name: "Rex", age: 3 });
    tx.create("Dog", { _id: "fido", name: "Fido", age: 1 });
  });
  const local = store.copy(serverRealm, { schema: SCHEMA });
  a.clock.receive(server.clock.last() as string);
  const since = a.clock.now(); // the device's checkpoint after its last acknowledged upload
  b.write(serverRealm, 2_000, (tx) => tx.assign(dog(serverRealm, "rex"), { name: "Rexy" }));
  a.write(local, 3_000, (tx) => {
    tx.assign(dog(local, "rex"), { age: 4 });
    tx.create("Dog", { _id: "max", name: "Max", ownerId: "other" });
    tx.delete(dog(local, "fido"));
  });
  return { serverRealm, local, since };
}

describeStores("rebaseOnSnapshot: 'start over from this snapshot' on a custom backend", (store) => {
  it("re-applies the device's edits onto the snapshot and leaves the local realm untouched", () => {
    const { serverRealm, local, since } = customBackend(store);
    const snapshot = store.copy(serverRealm, { schema: SCHEMA });
    const localBefore = JSON.stringify(dumpMemoryRealm(local));
    const report = rebaseOnSnapshot({ local, snapshot, since, now: NOW, canWrite: permissionCheck((_m, o) => o.ownerId !== "other") });
    expect(plainDog(snapshot, "rex")).toEqual({ name: "Rexy", age: 4 });
    expect(snapshot.objectForPrimaryKey("Dog", "fido")).toBeNull();
    expect(snapshot.objectForPrimaryKey("Dog", "max")).toBeNull();
    expect(report.skipped.filter((e) => e.code === "DENIED").map((e) => [e.key, e.reason])).toEqual([["s:max", "denied by permission"]]);
    expect(report.deleted.map((d) => d.key)).toEqual(["s:fido"]);
    expect(JSON.stringify(dumpMemoryRealm(local))).toBe(localBefore);
  });

  it("refuses the same realm as local and snapshot", () => {
    const { local, since } = customBackend(store);
    expect(() => rebaseOnSnapshot({ local, snapshot: local, since })).toThrow(InvalidOptionError);
  });

  it("the custom-sync loop of docs/custom-sync.md: changeset as JSON upload payload, merged on the other side", () => {
    const { serverRealm, local, since } = customBackend(store);
    const payload = JSON.stringify(collectUnsyncedChanges(local, since)); // what the device uploads
    const report = applyChanges(serverRealm, parseChangeset(JSON.parse(payload)), { now: NOW }); // what the backend (or another device) does
    expect(plainDog(serverRealm, "rex")).toEqual({ name: "Rexy", age: 4 });
    expect(serverRealm.objectForPrimaryKey("Dog", "max")).not.toBeNull();
    expect(report.counts.created).toBe(1);
    // Idempotent: the same payload delivered twice applies nothing the second time.
    expect(applyChanges(serverRealm, parseChangeset(JSON.parse(payload)), { now: NOW }).counts.applied).toBe(0);
  });
});
