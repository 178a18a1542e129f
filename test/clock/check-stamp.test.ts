import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClockDriftError, MalformedStampError, checkStamp, formatStamp, validateStamp } from "../../src/index.js";

const NOW = 1_700_000_000_000;

describe("checkStamp", () => {
  it("returns undefined for well-formed stamps within the drift", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: NOW + 300_000 }), fc.nat({ max: 2 ** 24 - 1 }), (millis, counter) => {
        const stamp = formatStamp({ millis, counter, nodeHash: 3 });
        expect(checkStamp(stamp, { now: () => NOW })).toBeUndefined();
        expect(validateStamp(stamp, { now: () => NOW })).toEqual({ millis, counter, nodeHash: 3 });
      }),
    );
  });

  it("returns (does not throw) a ClockDriftError beyond the bound, with its location", () => {
    const stamp = formatStamp({ millis: NOW + 1001, counter: 0, nodeHash: 3 });
    const error = checkStamp(stamp, { now: () => NOW, maxDrift: 1000, location: { model: "Dog", field: "age" } });
    expect(error).toBeInstanceOf(ClockDriftError);
    expect(error?.message).toContain('field "age"');
    expect(checkStamp(stamp, { now: () => NOW, maxDrift: 1001 })).toBeUndefined();
    expect(() => validateStamp(stamp, { now: () => NOW, maxDrift: 1000 })).toThrow(ClockDriftError);
  });

  it("returns a MalformedStampError for non-stamps", () => {
    for (const bad of [undefined, null, "", "x".repeat(17), "!".repeat(16), 5]) {
      expect(checkStamp(bad)).toBeInstanceOf(MalformedStampError);
    }
  });
});
