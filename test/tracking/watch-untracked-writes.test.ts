import { afterEach, expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { trackedWrite, watchUntrackedWrites } from "../../src/tracking/index.js";
import type { UntrackedWrite } from "../../src/tracking/index.js";
import { dogValues, schema, testClock, tracking } from "./fixtures.js";
import { describeStores } from "../contract/stores.js";

describeStores("watchUntrackedWrites", (store) => {
  const open = store.open;
  /** Lets the store deliver pending change notifications (they come after the commit, asynchronously). */
  const notificationsDelivered = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) await store.nextTick();
  };
  const stops: Array<() => void> = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
  });

  async function setup(): Promise<{ realm: RealmLike; reports: UntrackedWrite[]; dog: () => RealmObjectLike }> {
    const realm = open(schema);
    const clock = testClock();
    trackedWrite(realm, (tx) => tx.create("Dog", dogValues()), { clock, tracking });
    const reports: UntrackedWrite[] = [];
    stops.push(watchUntrackedWrites(realm, { tracking, onUntrackedWrite: (write) => reports.push(write) }));
    await notificationsDelivered();
    return { realm, reports, dog: () => realm.objectForPrimaryKey("Dog", "rex") as RealmObjectLike };
  }

  it("reports fields changed by a raw realm.write, naming the object and the fields", async () => {
    const { realm, reports, dog } = await setup();
    realm.write(() => {
      dog().age = 5;
      (dog().address as RealmObjectLike).city = "Rome";
      dog().cachedScore = 1; // excluded: never reported
    });
    await notificationsDelivered();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: "modify", model: "Dog", primaryKey: "rex", objectKey: '"rex"', fields: ["age", "address"] });
    expect(reports[0]?.message).toMatch(/Dog "rex" changed "age", "address" without a fresh stamp.*trackedWrite/);
  });

  it("stays silent for tracked writes", async () => {
    const { realm, reports, dog } = await setup();
    const clock = testClock("device-b");
    trackedWrite(realm, (tx) => {
      tx.update<{ age: number; tags: string[]; notes: Record<string, string> }>(dog(), (d) => {
        d.age = 9;
        d.tags.push("x");
        d.notes.k = "v";
      });
      tx.create("Dog", dogValues("max"));
    }, { clock, tracking });
    trackedWrite(realm, (tx) => tx.delete(dog()), { clock, tracking });
    await notificationsDelivered();
    expect(reports).toEqual([]);
  });

  it("reports raw inserts and raw deletes of tracked objects", async () => {
    const { realm, reports, dog } = await setup();
    realm.write(() => realm.create("Dog", { _id: "max", name: "Max" }));
    await notificationsDelivered();
    realm.write(() => realm.delete(dog()));
    await notificationsDelivered();
    expect(reports.map((r) => [r.kind, r.primaryKey])).toEqual([
      ["insert", "max"],
      ["delete", "rex"],
    ]);
  });

  it("stops reporting once unsubscribed", async () => {
    const { realm, reports, dog } = await setup();
    for (const stop of stops.splice(0)) stop();
    realm.write(() => {
      dog().age = 6;
    });
    await notificationsDelivered();
    expect(reports).toEqual([]);
  });
});
