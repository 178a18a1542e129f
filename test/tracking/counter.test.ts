import { describe, expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { parseIncrement, parseIncrementKey, trackedWrite } from "../../src/tracking/index.js";
import { stampsOf, testClock } from "./fixtures.js";
import { describeStores } from "../contract/stores.js";

const Post: ObjectSchemaInput = { name: "Post", primaryKey: "_id", properties: { _id: "int", likes: { type: "int", presentation: "counter" } } };

describeStores("tx.increment on a Counter", (store) => {
  const open = store.open;
  it("records per-device running sums instead of stamping the field", () => {
    const realm = open(trackFields([Post]));
    const clock = testClock("device-a");
    trackedWrite(realm, (tx) => tx.create("Post", { _id: 1, likes: 10 }), { clock });
    const post = realm.objectForPrimaryKey("Post", 1) as RealmObjectLike;
    const likesStamp = stampsOf(post).likes;
    const stamps = [1, 2].map((by) => trackedWrite(realm, (tx) => {
      tx.increment(post, "likes", by);
      tx.increment(post, "likes", by);
      return tx.stamp as string;
    }, { clock }));
    expect((post.likes as { value: number }).value).toBe(16);
    const after = stampsOf(post);
    expect(after.likes).toBe(likesStamp);
    const incKeys = Object.keys(after).filter((key) => key.startsWith("#inc/"));
    expect(incKeys).toHaveLength(1);
    const key = incKeys[0] as string;
    expect(parseIncrementKey(key)).toEqual({ node: (stamps[1] as string).slice(11), fieldKey: "likes" });
    expect(parseIncrement(after[key])).toEqual({ sum: 6, stamp: stamps[1] });
  });

  it("keeps one entry per device", () => {
    const realm = open(trackFields([Post]));
    trackedWrite(realm, (tx) => tx.create("Post", { _id: 1, likes: 0 }), { clock: testClock("a") });
    const post = realm.objectForPrimaryKey("Post", 1) as RealmObjectLike;
    trackedWrite(realm, (tx) => tx.increment(post, "likes", 1), { clock: testClock("device-a") });
    trackedWrite(realm, (tx) => tx.increment(post, "likes", -3), { clock: testClock("device-b") });
    const sums = Object.entries(stampsOf(post))
      .filter(([key]) => key.startsWith("#inc/"))
      .map(([, value]) => parseIncrement(value)?.sum)
      .sort();
    expect(sums).toEqual([-3, 1]);
    expect((post.likes as { value: number }).value).toBe(-2);
  });

  it("an increment by 0 stamps nothing", () => {
    const realm = open(trackFields([Post]));
    const clock = testClock();
    trackedWrite(realm, (tx) => tx.create("Post", { _id: 1, likes: 0 }), { clock });
    const post = realm.objectForPrimaryKey("Post", 1) as RealmObjectLike;
    const before = stampsOf(post);
    expect(trackedWrite(realm, (tx) => {
      tx.increment(post, "likes", 0);
      return tx.stamp;
    }, { clock })).toBeUndefined();
    expect(stampsOf(post)).toEqual(before);
  });
});

describe("increment entries", () => {
  it("parse only well-formed text", () => {
    expect(parseIncrement("12@abc")).toEqual({ sum: 12, stamp: "abc" });
    expect(parseIncrement("x@abc")).toBeUndefined();
    expect(parseIncrement(3)).toBeUndefined();
    expect(parseIncrementKey("#inc/node/a/b")).toEqual({ node: "node", fieldKey: "a/b" });
    expect(parseIncrementKey("#created")).toBeUndefined();
  });
});
