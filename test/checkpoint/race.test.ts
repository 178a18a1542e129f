// The seed recipe's race, shown and fixed: "last synced = Date.now() after upload resolves"
// marks a write made while the upload was in flight as synced; our checkpoint does not.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HybridClock, SyncCheckpoint, memoryStateStorage, stampMillis } from "../../src/index.js";
import type { RealmLike, Stamp } from "../../src/index.js";

const realm = { isInTransaction: false, path: "/data/app.realm" } as RealmLike;

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("the upload race", () => {
  it("the seed recipe believes a write made during the upload is synced; SyncCheckpoint does not", async () => {
    let wall = 1_000;
    const clock = new HybridClock({ nodeId: "phone", now: () => wall });
    const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
    const writes: Stamp[] = [];
    const trackedWrite = (): void => {
      writes.push(clock.now());
    };

    trackedWrite(); // before the upload: carried by it
    const upload = deferred();
    // The seed recipe: await uploadAllLocalChanges(), then lastSynced = Date.now().
    const seedRecipe = (async () => {
      await upload.promise;
      return wall;
    })();
    const ours = checkpoint.afterUpload(realm, () => upload.promise, { clock });

    wall = 1_500;
    trackedWrite(); // while the upload is in flight: NOT carried by it
    wall = 2_000;
    upload.resolve();
    const seedLastSynced = await seedRecipe;
    const { moved } = await ours;
    expect(moved).toBe(true);

    const [before, during] = writes as [Stamp, Stamp];
    // Seed: lastUpdated <= lastSynced counts as synced, so the in-flight write is skipped at
    // the next reset and lost.
    expect(stampMillis(during) <= seedLastSynced).toBe(true);
    // Ours: only the write made before the upload started is covered.
    const since = checkpoint.since;
    expect(since).not.toBeNull();
    expect(before <= since!).toBe(true);
    expect(during > since!).toBe(true);
  });

  type Op =
    | { kind: "write" }
    | { kind: "tick"; ms: number }
    | { kind: "start" }
    | { kind: "finish"; which: number; ok: boolean };
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.constant({ kind: "write" as const }),
    fc.record({ kind: fc.constant("tick" as const), ms: fc.integer({ min: -50, max: 50 }) }),
    fc.constant({ kind: "start" as const }),
    fc.record({ kind: fc.constant("finish" as const), which: fc.nat(), ok: fc.boolean() }),
  );

  it("never covers a write the server lacks, under concurrent, failing and interleaved uploads (law 7)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        let wall = 10_000;
        const clock = new HybridClock({ nodeId: "phone", now: () => wall });
        const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
        const writes: Stamp[] = [];
        const onServer = new Set<Stamp>();
        const inFlight: { carried: Stamp[]; control: ReturnType<typeof deferred>; done: Promise<unknown> }[] = [];

        const checkLaw = (): void => {
          const since = checkpoint.since;
          for (const stamp of writes) if (since !== null && stamp <= since) expect(onServer.has(stamp)).toBe(true);
        };
        for (const step of ops) {
          if (step.kind === "write") writes.push(clock.now());
          else if (step.kind === "tick") wall = Math.max(0, wall + step.ms);
          else if (step.kind === "start") {
            const control = deferred();
            const carried = [...writes]; // an upload carries what was committed when it started
            const done = checkpoint.afterUpload(realm, () => control.promise.then(() => carried.forEach((s) => onServer.add(s))), { clock });
            inFlight.push({ carried, control, done: done.catch(() => undefined) });
          } else if (inFlight.length > 0) {
            const [upload] = inFlight.splice(step.which % inFlight.length, 1);
            if (step.ok) upload!.control.resolve();
            else upload!.control.reject(new Error("network"));
            await upload!.done;
          }
          checkLaw();
        }
        // Every upload that completed moved the checkpoint past what it carried.
        const since = checkpoint.since;
        for (const stamp of onServer) expect(since !== null && stamp <= since).toBe(true);
      }),
    );
  });
});
