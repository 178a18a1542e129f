import { describe, expect, it } from "vitest";
import { createProgress, formatPhase, isCi } from "../../src/cli/progress.js";

const stream = (isTTY: boolean, columns = 80) => {
  const writes: string[] = [];
  return { writes, isTTY, columns, write: (text: string) => writes.push(text) };
};
const ERASE = "\r\x1b[2K";

describe("progress display", () => {
  it("formats a phase with its fill and true total, or without a total", () => {
    expect(formatPhase("collect Dog (1/2)", 5, 10, "5/10 objects, 2 changed", 10)).toBe("collect Dog (1/2)  [#####.....]  50%  5/10 objects, 2 changed");
    expect(formatPhase("apply", 1000, 4000, undefined, 4)).toBe("apply  [#...]  25%  1,000/4,000");
    expect(formatPhase("apply", 0, 0, undefined, 4)).toBe("apply  [####] 100%  0/0");
    expect(formatPhase("parse backup b.json", 0, undefined, undefined)).toBe("parse backup b.json …");
  });

  it("erases the whole line before each draw and at the end, and never draws wider than the terminal", () => {
    let clock = 0;
    const out = stream(true, 30);
    const progress = createProgress(out, { env: {}, now: () => clock, width: 10 });
    const bar = progress.phase("collect AVeryLongModelNameIndeed (1/1)", 100);
    bar.update(10); // within 50 ms of the first draw: skipped
    clock = 100;
    bar.update(50);
    bar.update(100); // the last step always draws
    progress.finish();
    expect(out.writes).toHaveLength(4);
    for (const write of out.writes) {
      expect(write.startsWith(ERASE)).toBe(true);
      expect(write.length - ERASE.length).toBeLessThanOrEqual(29);
    }
    expect(out.writes[1]).toMatch(/…$/);
    expect(out.writes.at(-1)).toBe(ERASE);
  });

  it("is silent when the stream is not a terminal, when CI is set, or when disabled (--quiet)", () => {
    for (const [isTTY, env, enabled] of [[false, {}, undefined], [true, { CI: "true" }, undefined], [true, { CI: "1" }, undefined], [true, {}, false]] as const) {
      const out = stream(isTTY);
      const progress = createProgress(out, { env, ...(enabled === undefined ? {} : { enabled }) });
      progress.phase("read", 10).update(10);
      progress.finish();
      expect(out.writes).toEqual([]);
      expect(progress.enabled).toBe(false);
    }
    expect(createProgress(stream(true), { env: { CI: "false" } }).enabled).toBe(true);
    expect(isCi({ CI: "" })).toBe(false);
  });
});
