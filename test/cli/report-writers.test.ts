import { describe, expect, it } from "vitest";
import type { RecoveryReport } from "../../src/index.js";
import { reportDocument, showStamp } from "../../src/cli/report-document.js";
import { renderHtmlReport } from "../../src/cli/report-html.js";
import { renderJsonReport } from "../../src/cli/report-json.js";
import { SINCE } from "./helpers.js";

const report: RecoveryReport = {
  applied: [{ model: "Dog", key: "s:<b>", field: "name", value: "<script>alert(1)</script>", stamp: SINCE, previous: { value: undefined, stamp: undefined }, policy: "lastWriterWins" }],
  kept: [],
  created: [],
  deleted: [],
  skipped: [{ code: "FIELD_MISSING", message: 'no field "a&b"', model: "Dog", key: "s:x", field: "a&b", local: { value: 1, stamp: "bad" } }],
  writtenAnyway: [{ model: "Car", key: "s:<old>", operation: "create", reason: "outside <subscription>" }],
  errors: [],
  counts: { applied: 1, kept: 0, created: 0, deleted: 0, skipped: 1, writtenAnyway: 1, errors: 0 },
  dryRun: false,
};

describe("report writers", () => {
  it("HTML escapes every value, key and message", () => {
    const html = renderHtmlReport(reportDocument("b.json", "f.json", SINCE, report));
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
    expect(html).toContain('<td class="name" title="s:&lt;b&gt;">&quot;&lt;b&gt;&quot;</td>'); // the key as written, encoded on hover
    expect(html).toContain("no field &quot;a&amp;b&quot;");
    expect(html).toMatch(/<details class="section attention" id="kept">\n<summary><h2>Kept <span class="n">0<\/span><\/h2>.*<\/summary>\n<p class="none">None.<\/p>/);
    expect(html).toContain("(absent)"); // previous value never set
    expect(html).toContain('<td class="name" title="s:&lt;old&gt;">&quot;&lt;old&gt;&quot;</td><td class="name">create written anyway</td><td class="name">outside &lt;subscription&gt;</td>');
  });

  it("HTML puts what needs attention first, groups per model and caps large sections", () => {
    const many: RecoveryReport = {
      ...report,
      applied: Array.from({ length: 1200 }, (_, i) => ({ ...(report.applied[0] as RecoveryReport["applied"][number]), model: i % 2 === 0 ? "Dog" : "Cat", key: `i:${i}` })),
      counts: { ...report.counts, applied: 1200 },
    };
    const html = renderHtmlReport(reportDocument("b.json", "f.json", SINCE, many), { jsonReport: "/tmp/out/r.json", rowsPerSection: 100 });
    const order = ["skipped", "errors", "denied", "kept", "applied", "created", "deleted"].map((id) => html.indexOf(`id="${id}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html.indexOf('id="counts"')).toBeLessThan(order[0] as number);
    expect(html).toContain('<summary>Dog <span class="n">600</span></summary>');
    expect(html).toContain('<summary>Cat <span class="n">600</span></summary>');
    // 100 for the first model, and a first 20 of every later one.
    expect((html.match(/<tr><td class="name" title="i:/g) ?? []).length).toBe(120);
    expect(html).toContain('500 more Dog entries are not shown here: the full list is in <a href="r.json">r.json</a>.');
    expect(html).toContain('580 more Cat entries are not shown here');
    expect(html).toContain("Showing 120 of 1,200 on this page.");
  });

  it("JSON holds the inputs, the checkpoint and the report as is", () => {
    const parsed = JSON.parse(renderJsonReport(reportDocument("b.json", "f.json", null, report)));
    expect(parsed).toMatchObject({ tool: "realm-field-recovery", backup: "b.json", fresh: "f.json", since: null });
    expect(parsed.report.skipped).toEqual(report.skipped);
  });

  it("shows stamps with their time, and says when one is malformed", () => {
    expect(showStamp(SINCE)).toBe(`${SINCE} (2024-01-01T00:00:00.000Z)`);
    expect(showStamp("bad")).toBe("bad (malformed)");
    expect(showStamp(undefined)).toBe("(none)");
  });
});
