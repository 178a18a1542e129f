import { describe, expect, it } from "vitest";
import { HybridClock, getDefaultClock, setDefaultClock } from "../../src/index.js";

describe("default clock", () => {
  it("is one lazily created clock until replaced", () => {
    const original = getDefaultClock();
    expect(getDefaultClock()).toBe(original);
    const replacement = new HybridClock({ nodeId: "device" });
    setDefaultClock(replacement);
    try {
      expect(getDefaultClock()).toBe(replacement);
    } finally {
      setDefaultClock(original);
    }
    expect(getDefaultClock()).toBe(original);
  });
});
