// Writes the report document as one self-contained HTML page (inline CSS, no scripts):
// a summary, then a table per list (applied, kept, created, deleted, skipped, errors).
import type { ReportDocument } from "./report-document.js";
import { showStamp, showValue } from "./report-document.js";

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function table(title: string, headers: readonly string[], rows: readonly (readonly string[])[], id: string): string {
  if (rows.length === 0) return `<h2 id="${id}">${escapeHtml(title)} (0)</h2>\n<p class="none">None.</p>`;
  const head = headers.map((header) => `<th>${escapeHtml(header)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("\n");
  return `<h2 id="${id}">${escapeHtml(title)} (${rows.length})</h2>\n<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin-bottom:1.5rem;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td{font-family:ui-monospace,monospace;font-size:13px;word-break:break-word}
.none{color:#777}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}`;

/** The report as a standalone HTML page. */
export function renderHtmlReport(document: ReportDocument): string {
  const { report } = document;
  const { counts } = report;
  const summary = [
    ["backup", document.backup],
    ["fresh", document.fresh],
    ["since", document.since === null ? "null (full merge)" : showStamp(document.since)],
    ["mode", report.dryRun ? "dry run: nothing written" : "applied"],
    ["counts", `${counts.applied} applied, ${counts.kept} kept, ${counts.created} created, ${counts.deleted} deleted, ${counts.skipped} skipped, ${counts.errors} errors`],
  ]
    .map(([term, text]) => `<dt>${escapeHtml(term as string)}</dt><dd>${escapeHtml(text as string)}</dd>`)
    .join("\n");
  const sections = [
    table("Applied: the backup's value was written", ["model", "key", "field", "value", "stamp", "previous value", "previous stamp", "policy"],
      report.applied.map((e) => [e.model, e.key, e.field, showValue(e.value), showStamp(e.stamp), showValue(e.previous.value), showStamp(e.previous.stamp), e.policy]), "applied"),
    table("Kept: the server's value stayed", ["model", "key", "field", "local value", "local stamp", "server value", "server stamp", "policy"],
      report.kept.map((e) => [e.model, e.key, e.field, showValue(e.local.value), showStamp(e.local.stamp), showValue(e.server.value), showStamp(e.server.stamp), e.policy]), "kept"),
    table("Created", ["model", "key", "generation"], report.created.map((e) => [e.model, e.key, String(e.generation)]), "created"),
    table("Deleted", ["model", "key", "generation", "stamp"], report.deleted.map((e) => [e.model, e.key, String(e.generation), showStamp(e.stamp)]), "deleted"),
    table("Skipped: not written, and why", ["code", "model", "key", "field", "message", "local value"],
      report.skipped.map((e) => [e.code, e.model ?? "", e.key ?? "", e.field ?? "", e.message, e.local === undefined ? "" : showValue(e.local.value)]), "skipped"),
    table("Written anyway: the server may revert these", ["model", "key", "operation", "reason"], report.writtenAnyway.map((e) => [e.model, e.key, e.operation, e.reason]), "written-anyway"),
    table("Errors", ["code", "model", "key", "field", "message"], report.errors.map((e) => [e.code, e.model ?? "", e.key ?? "", e.field ?? "", e.message]), "errors"),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Recovery report: ${escapeHtml(document.backup)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Recovery report</h1>
<p>${escapeHtml(document.tool)} ${escapeHtml(document.version)}</p>
<dl>
${summary}
</dl>
${sections.join("\n")}
</body>
</html>
`;
}
