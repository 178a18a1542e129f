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
    expect(html).not.toContain("<script>");
    expect(html).toContain("&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;");
    expect(html).toContain("s:&lt;b&gt;");
    expect(html).toContain("no field &quot;a&amp;b&quot;");
    expect(html).toContain('<h2 id="kept">Kept: the server&#39;s value stayed (0)</h2>\n<p class="none">None.</p>');
    expect(html).toContain("(absent)"); // previous value never set
    expect(html).toContain("<td>s:&lt;old&gt;</td><td>create</td><td>outside &lt;subscription&gt;</td>");
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
