import { describe, expect, it } from "vitest";
import { createProgressBar, formatProgress } from "../../src/cli/progress.js";

const stream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { writes, isTTY, columns: 80, write: (text: string) => writes.push(text) };
};

describe("progress bar", () => {
  it("formats each phase with its fill", () => {
    expect(formatProgress({ phase: "collect", model: "Dog", done: 5, changed: 2 }, { read: 5, total: 10, operations: 0 }, 10)).toBe("[#####.....]  50%  collect Dog (5/10 objects, 2 changed)");
    expect(formatProgress({ phase: "plan", done: 7 }, { read: 10, total: 10, operations: 7 }, 10)).toBe("[##########] 100%  plan: 7 operations");
    expect(formatProgress({ phase: "apply", done: 1000 }, { read: 0, total: 0, operations: 4000 }, 4)).toBe("[#...]  25%  apply 1000/4000");
  });

  it("sums objects read across models", () => {
    const out = stream(true);
    const bar = createProgressBar(out, { totalObjects: 4, width: 4 });
    bar.update({ phase: "collect", model: "Dog", done: 2, changed: 1 });
    bar.update({ phase: "collect", model: "Person", done: 2, changed: 0 });
    expect(out.writes[1]).toContain("[####] 100%  collect Person (4/4 objects, 0 changed)");
    bar.finish();
    expect(out.writes.at(-1)?.endsWith("\r")).toBe(true);
  });

  it("draws nothing when the stream is not a terminal", () => {
    const out = stream(false);
    const bar = createProgressBar(out, { totalObjects: 1 });
    bar.update({ phase: "collect", model: "Dog", done: 1 });
    bar.finish();
    expect(out.writes).toEqual([]);
  });
});
