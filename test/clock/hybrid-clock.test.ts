import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_NODE_HASH, MAX_STAMP_COUNTER, hashNodeId } from "../../src/clock/index.js";
import {
  ClockDriftError,
  HybridClock,
  InvalidOptionError,
  MalformedStampError,
  compareStamps,
  formatStamp,
  parseStamp,
} from "../../src/index.js";

/** A wall clock the test moves by hand. */
function fakeWall(start = 1_700_000_000_000): { now: () => number; set: (ms: number) => void } {
  let time = start;
  return { now: () => time, set: (ms) => (time = ms) };
}

const START = 1_700_000_000_000;
// Wall-clock readings: around START, with jumps back, repeats and huge jumps both ways.
const wallReading = fc.oneof(
  fc.integer({ min: START - 10, max: START + 10 }),
  fc.integer({ min: 0, max: START * 2 }),
  fc.constant(START),
  fc.double({ min: 0, max: START * 2, noNaN: true }),
);

type Step = { wall: number; remoteAhead?: number; remoteCounter?: number; remoteNode?: number };
const step: fc.Arbitrary<Step> = fc.record(
  {
    wall: wallReading,
    remoteAhead: fc.integer({ min: -1_000_000, max: 300_000 }),
    remoteCounter: fc.integer({ min: 0, max: MAX_STAMP_COUNTER }),
    remoteNode: fc.integer({ min: 0, max: MAX_NODE_HASH }),
  },
  { requiredKeys: ["wall"] },
);

describe("HybridClock", () => {
  it("issues strictly increasing stamps whatever the wall clock does (law 1)", () => {
    fc.assert(
      fc.property(fc.array(wallReading, { minLength: 1, maxLength: 200 }), (walls) => {
        const wall = fakeWall();
        const clock = new HybridClock({ nodeId: "device", now: wall.now });
        let previous: string | undefined;
        for (const reading of walls) {
          wall.set(reading);
          const stamp = clock.now();
          if (previous !== undefined) expect(compareStamps(previous, stamp)).toBe(-1);
          expect(parseStamp(stamp).millis).toBeGreaterThanOrEqual(Math.floor(reading));
          expect(clock.last()).toBe(stamp);
          previous = stamp;
        }
      }),
    );
  });

  it("issues only stamps greater than every stamp received (law 2), interleaved with own stamps", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 100 }), (steps) => {
        const wall = fakeWall();
        const clock = new HybridClock({ nodeId: "device", now: wall.now });
        let greatest: string | undefined;
        for (const { wall: reading, remoteAhead, remoteCounter, remoteNode } of steps) {
          wall.set(reading);
          if (remoteAhead !== undefined && remoteCounter !== undefined && remoteNode !== undefined) {
            const millis = Math.max(0, Math.floor(reading) + remoteAhead);
            const remote = formatStamp({ millis, counter: remoteCounter, nodeHash: remoteNode });
            clock.receive(remote);
            if (greatest === undefined || remote > greatest) greatest = remote;
            expect(clock.last()).toBe(greatest);
          }
          const stamp = clock.now();
          if (greatest !== undefined) expect(compareStamps(stamp, greatest)).toBe(1);
          greatest = stamp;
        }
      }),
    );
  });

  it("starts from the wall clock with counter 0 and counts within a millisecond", () => {
    const wall = fakeWall(1000);
    const clock = new HybridClock({ nodeId: "a", now: wall.now });
    expect(clock.last()).toBeUndefined();
    expect(parseStamp(clock.now())).toEqual({ millis: 1000, counter: 0, nodeHash: hashNodeId("a") });
    expect(parseStamp(clock.now())).toEqual({ millis: 1000, counter: 1, nodeHash: hashNodeId("a") });
    wall.set(900); // jumps back: keeps counting on the logical time
    expect(parseStamp(clock.now())).toMatchObject({ millis: 1000, counter: 2 });
    wall.set(1001);
    expect(parseStamp(clock.now())).toMatchObject({ millis: 1001, counter: 0 });
  });

  it("carries counter overflow into the milliseconds", () => {
    const clock = new HybridClock({ nodeId: "a", now: () => 1000 });
    clock.receive(formatStamp({ millis: 1000, counter: MAX_STAMP_COUNTER - 1, nodeHash: 7 }));
    expect(parseStamp(clock.now())).toMatchObject({ millis: 1000, counter: MAX_STAMP_COUNTER });
    const carried = clock.now();
    expect(parseStamp(carried)).toMatchObject({ millis: 1001, counter: 0 });
    expect(parseStamp(clock.now())).toMatchObject({ millis: 1001, counter: 1 });
  });

  it("carries when the received stamp itself holds the greatest counter", () => {
    const clock = new HybridClock({ nodeId: "a", now: () => 1000 });
    const remote = formatStamp({ millis: 1000, counter: MAX_STAMP_COUNTER, nodeHash: MAX_NODE_HASH });
    clock.receive(remote);
    const stamp = clock.now();
    expect(stamp > remote).toBe(true);
    expect(parseStamp(stamp)).toMatchObject({ millis: 1001, counter: 0 });
  });

  it("totally orders stamps of two nodes at the same instant by node hash", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.nat({ max: 20 }), (idA, idB, count) => {
        fc.pre(hashNodeId(idA) !== hashNodeId(idB));
        const a = new HybridClock({ nodeId: idA, now: () => START });
        const b = new HybridClock({ nodeId: idB, now: () => START });
        const stamps = new Set<string>();
        for (let i = 0; i <= count; i++) {
          const [sa, sb] = [a.now(), b.now()];
          stamps.add(sa).add(sb);
          // Same (millis, counter): the node hash decides, the same way every time.
          expect(compareStamps(sa, sb)).toBe(hashNodeId(idA) < hashNodeId(idB) ? -1 : 1);
        }
        expect(stamps.size).toBe(2 * (count + 1));
      }),
    );
  });

  it("resumes after a persisted stamp with the `after` option", () => {
    const after = formatStamp({ millis: 5000, counter: 3, nodeHash: 1 });
    const clock = new HybridClock({ nodeId: "a", now: () => 1000, after });
    expect(clock.last()).toBe(after);
    expect(parseStamp(clock.now())).toMatchObject({ millis: 5000, counter: 4 });
    expect(() => new HybridClock({ after: "nope" })).toThrow(MalformedStampError);
  });
});

describe("HybridClock drift bound", () => {
  it("accepts a stamp exactly maxDrift ahead and rejects one 1 ms further", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: START }), fc.integer({ min: 0, max: 10_000_000 }), (wallMs, maxDrift) => {
        const clock = new HybridClock({ nodeId: "a", now: () => wallMs, maxDrift });
        const atBound = formatStamp({ millis: wallMs + maxDrift, counter: 0, nodeHash: 1 });
        const over = formatStamp({ millis: wallMs + maxDrift + 1, counter: 0, nodeHash: 1 });
        expect(() => clock.receive(over)).toThrow(ClockDriftError);
        expect(clock.last()).toBeUndefined(); // a rejected stamp changes nothing
        clock.receive(atBound);
        expect(clock.last()).toBe(atBound);
      }),
    );
  });

  it("defaults to 5 minutes and explains the rejection", () => {
    const clock = new HybridClock({ nodeId: "a", now: () => START });
    expect(clock.maxDrift).toBe(300_000);
    const remote = formatStamp({ millis: START + 3_600_000, counter: 0, nodeHash: 9 });
    let error: unknown;
    try {
      clock.receive(remote);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClockDriftError);
    const drift = error as ClockDriftError;
    expect(drift.code).toBe("CLOCK_DRIFT");
    expect(drift.stamp).toBe(remote);
    expect(drift.aheadBy).toBe(3_600_000);
    expect(drift.maxDrift).toBe(300_000);
    expect(drift.message).toContain(remote);
    expect(drift.message).toContain("3600000 ms (1 h) ahead");
    expect(drift.message).toContain("300000 ms (5 min)");
    expect(drift.message).toContain("`maxDrift`");
  });

  it("rejects malformed remote stamps", () => {
    const clock = new HybridClock({ nodeId: "a", now: () => START });
    for (const bad of ["", "short", "****************", 12 as unknown as string]) {
      expect(() => clock.receive(bad)).toThrow(MalformedStampError);
    }
    expect(clock.last()).toBeUndefined();
  });
});

describe("HybridClock options", () => {
  it("defaults to a random, non-empty node id", () => {
    const [a, b] = [new HybridClock(), new HybridClock()];
    expect(a.nodeId.length).toBeGreaterThan(0);
    expect(a.nodeId).not.toBe(b.nodeId);
    expect(a.nodeHash).toBe(hashNodeId(a.nodeId));
  });

  it("refuses bad options with InvalidOptionError", () => {
    expect(() => new HybridClock({ nodeId: "" })).toThrow(InvalidOptionError);
    expect(() => new HybridClock({ maxDrift: -1 })).toThrow(/maxDrift -1/);
    expect(() => new HybridClock({ maxDrift: Number.NaN })).toThrow(InvalidOptionError);
    expect(() => new HybridClock({ now: () => Number.NaN }).now()).toThrow(/returned NaN/);
  });
});
