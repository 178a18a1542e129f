// Storage format 2: every tracked write raises the object's newest-stamp counter in the same
// transaction, to its newest stamp's milliseconds, and never lowers it.
import { describe, expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { newestStampMillisOf, readNewestStamp } from "../../src/schema/newest-stamp.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { TrackedWriteError, trackedWrite } from "../../src/tracking/index.js";
import type { TrackedTransaction } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";

const Post: ObjectSchemaInput = { name: "Post", primaryKey: "_id", properties: { _id: "int", title: "string", likes: { type: "int", presentation: "counter" } } };

describeStores("newest-stamp counter", (store) => {
  let millis = 1_763_000_000_000;
  function setup(schema = trackFields([Post])): { realm: RealmLike; write: <T>(fn: (tx: TrackedTransaction) => T) => T; post: () => RealmObjectLike } {
    const realm = store.open(schema as ObjectSchemaInput[]);
    const clock = new HybridClock({ nodeId: "device-a", now: () => millis });
    const post = (): RealmObjectLike => realm.objectForPrimaryKey("Post", 1) as RealmObjectLike;
    return { realm, write: (fn) => trackedWrite(realm, fn, { clock }), post };
  }
  const counterOf = (object: RealmObjectLike): number => readNewestStamp(object, "newestStampMillis");

  it("is set on create, raised by update, assign and increment, to the newest stamp's milliseconds", () => {
    const { write, post } = setup();
    write((tx) => tx.create("Post", { _id: 1, title: "a", likes: 0 }));
    expect(counterOf(post())).toBe(millis);
    millis += 1_000;
    write((tx) => tx.update(post(), (d: { title: string }) => void (d.title = "b")));
    expect(counterOf(post())).toBe(millis);
    millis += 1_000;
    write((tx) => tx.assign(post(), { title: "c" }));
    expect(counterOf(post())).toBe(millis);
    millis += 1_000;
    write((tx) => tx.increment(post(), "likes", 2));
    expect(counterOf(post())).toBe(millis);
    expect(counterOf(post())).toBe(newestStampMillisOf(post().fieldTimestamps));
  });

  it("is untouched by a no-op write, and never lowered by a clock that went back", () => {
    const { write, post } = setup();
    write((tx) => tx.create("Post", { _id: 1, title: "a", likes: 0 }));
    const before = counterOf(post());
    millis += 5_000;
    write((tx) => tx.assign(post(), { title: "a" }));
    expect(counterOf(post())).toBe(before);
    millis -= 60_000; // the wall clock steps back; the clock's stamps do not, nor does the counter
    write((tx) => tx.assign(post(), { title: "z" }));
    expect(counterOf(post())).toBeGreaterThanOrEqual(before);
    expect(counterOf(post())).toBe(newestStampMillisOf(post().fieldTimestamps));
  });

  it("is managed by tracking: values naming it are refused with the model and field", () => {
    const { write, post } = setup();
    expect(() => write((tx) => tx.create("Post", { _id: 1, title: "a", likes: 0, newestStampMillis: 5 }))).toThrow(TrackedWriteError);
    write((tx) => tx.create("Post", { _id: 1, title: "a", likes: 0 }));
    try {
      write((tx) => tx.assign(post(), { newestStampMillis: 1 }));
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ model: "Post", field: "newestStampMillis" });
      expect((error as Error).message).toContain("tracking manages");
    }
  });

  it("is absent with newestStampProperty: false, and tracking still works (format 1)", () => {
    const { write, post } = setup(trackFields([Post], { newestStampProperty: false }));
    write((tx) => tx.create("Post", { _id: 1, title: "a", likes: 0 }));
    expect(post().newestStampMillis).toBeUndefined();
    expect(newestStampMillisOf(post().fieldTimestamps)).toBe(millis);
  });
});
