import { describe, expect, it } from "vitest";
import { formatStamp } from "../../src/clock/index.js";
import { isNewestStampDefinition, newestStampMillis } from "../../src/schema/newest-stamp.js";

const at = (millis: number, counter = 0): string => formatStamp({ millis, counter, nodeHash: 7 });

describe("newest-stamp helpers", () => {
  it("recognise a required int counter in every spelling, and nothing else", () => {
    for (const ok of ["counter", { type: "counter" }, { type: "int", presentation: "counter", indexed: true, default: 0 }, { type: "int", presentation: "counter", optional: false }]) {
      expect(isNewestStampDefinition(ok)).toBe(true);
    }
    for (const bad of ["int", "int?", { type: "int" }, { type: "int", presentation: "counter", optional: true }, { type: "string" }, null, 3]) {
      expect(isNewestStampDefinition(bad)).toBe(false);
    }
  });

  it("take the newest of plain stamps and increment entries, ignoring everything else", () => {
    const entries: [string, unknown][] = [
      ["#created", at(1_000)],
      ["name", at(3_000, 5)],
      ["#gen", "2"],
      ["#inc/AAAAA/likes", `4@${at(5_000)}`],
      ["bad", "not a stamp"],
      ["worse", 12],
    ];
    expect(newestStampMillis(entries)).toBe(5_000);
    expect(newestStampMillis([])).toBe(0);
    expect(newestStampMillis([["x", "3@nonsense"]])).toBe(0);
  });
});
