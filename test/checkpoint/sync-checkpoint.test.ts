import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHECKPOINT_KEY_PREFIX } from "../../src/checkpoint/index.js";
import { MAX_NODE_HASH, MAX_STAMP_COUNTER } from "../../src/clock/index.js";
import {
  CorruptCheckpointError,
  CorruptLocalStateError,
  HybridClock,
  MalformedStampError,
  SyncCheckpoint,
  WriteInProgressError,
  captureSyncPoint,
  fileStateStorage,
  formatStamp,
  getDefaultClock,
  memoryStateStorage,
  setDefaultClock,
} from "../../src/index.js";
import type { RealmLike } from "../../src/index.js";
import { useTempDirs } from "../support/temp-dirs.js";
import { thrown } from "../support/thrown.js";

const realm = { isInTransaction: false, path: "/data/app.realm" } as RealmLike;
const stamp = fc
  .record({ millis: fc.integer({ min: 0, max: 10_000 }), counter: fc.integer({ min: 0, max: MAX_STAMP_COUNTER }), nodeHash: fc.integer({ min: 0, max: MAX_NODE_HASH }) })
  .map(formatStamp);

const tempDir = useTempDirs("rfr-checkpoint-");
const tempFile = (): string => join(tempDir(), "state.json");

describe("captureSyncPoint", () => {
  it("is greater than every stamp issued before and smaller than every one after", () => {
    fc.assert(
      fc.property(fc.nat({ max: 20 }), fc.nat({ max: 20 }), (before, after) => {
        const clock = new HybridClock({ nodeId: "a", now: () => 5 });
        const early = Array.from({ length: before }, () => clock.now());
        const point = captureSyncPoint(realm, { clock });
        const late = Array.from({ length: after }, () => clock.now());
        expect(early.every((s) => s < point)).toBe(true);
        expect(late.every((s) => s > point)).toBe(true);
      }),
    );
  });

  it("refuses to capture inside a write transaction", () => {
    const writing = { isInTransaction: true, path: "/data/app.realm" } as RealmLike;
    const error = thrown(() => captureSyncPoint(writing, { clock: new HybridClock() }));
    expect(error).toBeInstanceOf(WriteInProgressError);
    expect((error as WriteInProgressError).code).toBe("WRITE_IN_PROGRESS");
    expect((error as Error).message).toContain('"/data/app.realm"');
  });

  it("uses the process-wide default clock", () => {
    const previous = getDefaultClock();
    const clock = new HybridClock({ nodeId: "default", now: () => 77 });
    setDefaultClock(clock);
    try {
      const point = captureSyncPoint(realm);
      expect(clock.last()).toBe(point);
    } finally {
      setDefaultClock(previous);
    }
  });
});

describe("SyncCheckpoint", () => {
  it("starts empty, and only moves forward", () => {
    fc.assert(
      fc.property(fc.array(stamp, { maxLength: 30 }), (points) => {
        const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
        expect(checkpoint.since).toBeNull();
        let greatest: string | null = null;
        for (const point of points) {
          const moved = checkpoint.commit(point);
          expect(moved).toBe(greatest === null || point > greatest);
          if (moved) greatest = point;
          expect(checkpoint.since).toBe(greatest);
        }
      }),
    );
  });

  it("refuses malformed points and leaves the checkpoint as it was", () => {
    const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
    checkpoint.commit(formatStamp({ millis: 1, counter: 0, nodeHash: 0 }));
    for (const bad of ["", "zzzz", "!".repeat(16)]) expect(() => checkpoint.commit(bad)).toThrow(MalformedStampError);
    expect(checkpoint.since).toBe(formatStamp({ millis: 1, counter: 0, nodeHash: 0 }));
  });

  it("afterUpload captures before uploading and commits after it resolves", async () => {
    const clock = new HybridClock({ nodeId: "a", now: () => 100 });
    const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
    let sinceDuringUpload: string | null | undefined;
    let lastBeforeUpload: string | undefined;
    const { point, moved } = await checkpoint.afterUpload(
      realm,
      async () => {
        lastBeforeUpload = clock.last();
        sinceDuringUpload = checkpoint.since;
      },
      { clock },
    );
    expect(lastBeforeUpload).toBe(point); // captured before upload() was called
    expect(sinceDuringUpload).toBeNull(); // not committed while in flight
    expect(moved).toBe(true);
    expect(checkpoint.since).toBe(point);
  });

  it("commits nothing when the upload rejects or throws, and rethrows", async () => {
    const clock = new HybridClock({ nodeId: "a", now: () => 100 });
    const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
    const failure = new Error("offline");
    await expect(checkpoint.afterUpload(realm, () => Promise.reject(failure), { clock })).rejects.toBe(failure);
    await expect(
      checkpoint.afterUpload(
        realm,
        () => {
          throw failure;
        },
        { clock },
      ),
    ).rejects.toBe(failure);
    expect(checkpoint.since).toBeNull();
  });

  it("does not start the upload inside a write transaction", async () => {
    const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
    let uploaded = false;
    const writing = { isInTransaction: true, path: realm.path } as RealmLike;
    await expect(
      checkpoint.afterUpload(writing, async () => {
        uploaded = true;
      }),
    ).rejects.toBeInstanceOf(WriteInProgressError);
    expect(uploaded).toBe(false);
  });

  it("keeps a later point when an earlier concurrent upload finishes last", async () => {
    const clock = new HybridClock({ nodeId: "a", now: () => 100 });
    const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
    let finishFirst!: () => void;
    const first = checkpoint.afterUpload(realm, () => new Promise<void>((resolve) => (finishFirst = resolve)), { clock });
    const second = await checkpoint.afterUpload(realm, async () => undefined, { clock });
    finishFirst();
    const firstResult = await first;
    expect(firstResult.point < second.point).toBe(true);
    expect(firstResult.moved).toBe(false);
    expect(checkpoint.since).toBe(second.point);
  });

  it("persists per realm path through a file, with a format version", () => {
    const path = tempFile();
    const a = formatStamp({ millis: 10, counter: 2, nodeHash: 3 });
    const b = formatStamp({ millis: 20, counter: 0, nodeHash: 1 });
    new SyncCheckpoint({ realmPath: "/data/a.realm", storage: fileStateStorage(path) }).commit(a);
    new SyncCheckpoint({ realmPath: "/data/b.realm", storage: fileStateStorage(path) }).commit(b);
    expect(new SyncCheckpoint({ realmPath: "/data/a.realm", storage: fileStateStorage(path) }).since).toBe(a);
    expect(new SyncCheckpoint({ realmPath: "/data/b.realm", storage: fileStateStorage(path) }).since).toBe(b);
    expect(new SyncCheckpoint({ realmPath: "/data/c.realm", storage: fileStateStorage(path) }).since).toBeNull();
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      [`${CHECKPOINT_KEY_PREFIX}/data/a.realm`]: JSON.stringify({ v: 1, since: a }),
      [`${CHECKPOINT_KEY_PREFIX}/data/b.realm`]: JSON.stringify({ v: 1, since: b }),
    });
  });

  it("refuses unreadable persisted values, naming the realm path and key", () => {
    const key = `${CHECKPOINT_KEY_PREFIX}${realm.path}`;
    for (const stored of ["{oops", "42", '{"since":"----------------"}', '{"v":2,"since":"----------------"}', '{"v":1,"since":"short"}', '{"v":1}']) {
      const storage = memoryStateStorage({ [key]: stored });
      const error = thrown(() => new SyncCheckpoint({ realmPath: realm.path, storage }));
      expect(error).toBeInstanceOf(CorruptCheckpointError);
      const corrupt = error as CorruptCheckpointError;
      expect(corrupt.code).toBe("CORRUPT_CHECKPOINT");
      expect(corrupt.realmPath).toBe(realm.path);
      expect(corrupt.key).toBe(key);
      expect(corrupt.message).toContain(JSON.stringify(realm.path));
      expect(storage.get(key)).toBe(stored); // not reset
    }
  });

  it("refuses a corrupt checkpoint file", () => {
    const path = tempFile();
    writeFileSync(path, "{ half a file");
    expect(() => new SyncCheckpoint({ realmPath: realm.path, storage: fileStateStorage(path) })).toThrow(CorruptLocalStateError);
    expect(readFileSync(path, "utf8")).toBe("{ half a file");
  });

  it("refuses bad options", () => {
    expect(() => new SyncCheckpoint({ realmPath: "", storage: memoryStateStorage() })).toThrow(/realmPath/);
    expect(() => new SyncCheckpoint({ realmPath: "x", storage: {} as never })).toThrow(/LocalStateStorage/);
  });
});
