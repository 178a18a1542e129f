import type Realm from "realm";
import { describe, expect, it } from "vitest";
import { InvalidOptionError, LOCAL_STATE_MODEL, SyncCheckpoint, checkpointSchema, formatStamp, realmStateStorage } from "../../src/index.js";
import type { RealmLike } from "../../src/index.js";
import { describeStores } from "../contract/stores.js";

// Type-level: the schema opens a real Realm as is (checked by tsc).
export const realConfig: Realm.Configuration = { path: "local-state.realm", schema: [checkpointSchema] };

/** A minimal local realm with one model, enough for the storage's calls. */
function fakeLocalRealm(models: string[] = [LOCAL_STATE_MODEL]): RealmLike & { rows: Map<string, string>; writes: number } {
  const rows = new Map<string, string>();
  let inTransaction = false;
  const fake = {
    rows,
    writes: 0,
    path: "/data/local-state.realm",
    schema: models.map((name) => ({ name, properties: {} })),
    get isInTransaction() {
      return inTransaction;
    },
    write<T>(callback: () => T): T {
      inTransaction = true;
      fake.writes++;
      try {
        return callback();
      } finally {
        inTransaction = false;
      }
    },
    create(type: string, values: Record<string, unknown>, mode?: unknown) {
      if (!inTransaction) throw new Error("Cannot modify managed objects outside of a write transaction.");
      expect([type, mode]).toEqual([LOCAL_STATE_MODEL, "modified"]);
      rows.set(values["key"] as string, values["value"] as string);
      return { ...values, isValid: () => true };
    },
    objectForPrimaryKey(_type: string, key: unknown) {
      const value = rows.get(key as string);
      return value === undefined ? null : { key, value, isValid: () => true };
    },
  };
  return fake as unknown as RealmLike & { rows: Map<string, string>; writes: number };
}

describe("realmStateStorage", () => {
  it("declares a string-keyed model", () => {
    expect(checkpointSchema).toEqual({ name: "FieldRecoveryLocalState", primaryKey: "key", properties: { key: "string", value: "string" } });
    expect(realConfig.schema).toHaveLength(1);
  });

  it("stores values as rows, in its own write or the caller's", () => {
    const local = fakeLocalRealm();
    const storage = realmStateStorage(local);
    expect(storage.get("k")).toBeUndefined();
    storage.set("k", "v1");
    expect(local.writes).toBe(1);
    local.write(() => storage.set("k", "v2"));
    expect(local.writes).toBe(2);
    expect(storage.get("k")).toBe("v2");
  });

  it("backs a SyncCheckpoint", () => {
    const local = fakeLocalRealm();
    const point = formatStamp({ millis: 5, counter: 0, nodeHash: 1 });
    new SyncCheckpoint({ realmPath: "/data/app.realm", storage: realmStateStorage(local) }).commit(point);
    expect(new SyncCheckpoint({ realmPath: "/data/app.realm", storage: realmStateStorage(local) }).since).toBe(point);
  });

  it("refuses a realm opened without checkpointSchema", () => {
    expect(() => realmStateStorage(fakeLocalRealm(["Dog"]))).toThrow(InvalidOptionError);
    expect(() => realmStateStorage(fakeLocalRealm(["Dog"]))).toThrow(/schema \[checkpointSchema\]/);
  });

});

describeStores("realmStateStorage on a realm", (store) => {
  it("works on a realm opened with checkpointSchema", () => {
    const local = store.open([checkpointSchema]);
    const storage = realmStateStorage(local);
    const point = formatStamp({ millis: 9, counter: 1, nodeHash: 2 });
    const checkpoint = new SyncCheckpoint({ realmPath: "/data/app.realm", storage });
    expect(checkpoint.since).toBeNull();
    expect(checkpoint.commit(point)).toBe(true);
    expect(realmStateStorage(local).get("realm-field-recovery/checkpoint//data/app.realm")).toBe(JSON.stringify({ v: 1, since: point }));
    expect(local.objects(LOCAL_STATE_MODEL)).toHaveLength(1);
    storage.set("other", "x");
    expect(local.objects(LOCAL_STATE_MODEL)).toHaveLength(2);
    expect(new SyncCheckpoint({ realmPath: "/data/app.realm", storage: realmStateStorage(local) }).since).toBe(point);
  });
});
