// The merge's drift checks decided by string comparison agree with the exact rule: DriftGate
// with checkStamp, and the report's serverStampAheadBy with "milliseconds − now() > maxDrift".
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_STAMP_MILLIS, checkStamp, formatStamp, stampMillis } from "../../src/clock/index.js";
import { DriftGate } from "../../src/recovery/drift-gate.js";
import { plainFreshView } from "../../src/recovery/fresh-view.js";
import { planMerge } from "../../src/recovery/merge-plan.js";
import { NOW, SCHEMA, changeset, dogChange } from "./fixtures.js";

const WALL = NOW();
const maxDrift = fc.oneof(fc.constantFrom(0, 1, 300_000, Number.POSITIVE_INFINITY, MAX_STAMP_MILLIS), fc.integer({ min: 0, max: 1_000_000 }), fc.double({ min: 0, max: 1_000_000, noNaN: true }));
/** Stamps around the bound (wall + maxDrift), at either end of the range, and malformed text. */
const stampNear = (drift: number): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc
      .tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 2 ** 24 - 1 }), fc.integer({ min: 0, max: 2 ** 30 - 1 }))
      .map(([offset, counter, nodeHash]) => formatStamp({ millis: Math.min(MAX_STAMP_MILLIS, Math.max(0, Math.floor(WALL + (Number.isFinite(drift) ? drift : 0)) + offset)), counter, nodeHash })),
    fc.integer({ min: 0, max: MAX_STAMP_MILLIS }).map((millis) => formatStamp({ millis, counter: 0, nodeHash: 0 })),
    fc.constantFrom("zzzzzzzzzzzzzzzz", "----------------", "short", "!!!!!!!!!!!!!!!!", 42, null, undefined),
  );

describe("DriftGate", () => {
  it("answers as checkStamp (same code, same message), for stamps around the bound", () => {
    fc.assert(
      fc.property(
        maxDrift.chain((drift) => fc.tuple(fc.constant(drift), fc.array(stampNear(drift), { minLength: 1, maxLength: 6 }), fc.constantFrom(WALL, WALL + 0.5, -5, 0))),
        ([drift, stamps, wall]) => {
          const now = (): number => wall;
          const gate = new DriftGate(now, drift);
          for (const stamp of stamps) {
            const expected = checkStamp(stamp, { now, maxDrift: drift });
            const actual = gate.check(stamp);
            expect(actual?.code).toBe(expected?.code);
            expect(actual?.message).toBe(expected?.message);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it("refuses an invalid maxDrift and an invalid now() as checkStamp does", () => {
    const stamp = formatStamp({ millis: WALL, counter: 0, nodeHash: 0 });
    expect(() => new DriftGate(NOW, -1).check(stamp)).toThrow(/Invalid maxDrift -1/);
    expect(() => new DriftGate(() => Number.NaN, 0).check(stamp)).toThrow(/returned NaN/);
    // A malformed stamp is reported without reading the clock, as checkStamp does.
    expect(new DriftGate(() => Number.NaN, 0).check("bad")?.code).toBe("MALFORMED_STAMP");
  });
});

describe("planMerge: serverStampAheadBy", () => {
  it("is set exactly where the fresh stamp lies more than maxDrift ahead of now()", () => {
    fc.assert(
      fc.property(maxDrift.chain((drift) => fc.tuple(fc.constant(drift), fc.array(stampNear(drift).filter((s): s is string => typeof s === "string" && s.length === 16), { minLength: 1, maxLength: 4 }))), ([drift, stamps]) => {
        const local = formatStamp({ millis: 1, counter: 0, nodeHash: 1 }); // older than every fresh stamp: kept
        const objects = Object.fromEntries(stamps.map((stamp, i) => [`s:${i}`, { values: { name: "server" }, stamps: { name: stamp } }]));
        const plan = planMerge({ changeset: changeset(stamps.map((_, i) => dogChange(`s:${i}`, { name: { value: "local", stamp: local } })), [], null), fresh: plainFreshView({ schema: SCHEMA, objects: { Dog: objects } }), now: NOW, maxDrift: drift });
        for (const entry of plan.report.kept) {
          const stamp = entry.server.stamp as string;
          let ahead: number | undefined;
          try {
            ahead = stampMillis(stamp) - WALL;
          } catch {
            ahead = undefined; // malformed: never flagged
          }
          expect(entry.serverStampAheadBy).toBe(ahead !== undefined && ahead > drift ? ahead : undefined);
        }
      }),
      { numRuns: 300 },
    );
  });
});
