// Writes the report document as one self-contained HTML page for people: the counts first,
// then what needs attention (skipped, errors, denied, kept), then what was recovered
// (applied, created, deleted). Each section is collapsible and grouped per model; a search
// box filters the rows (a few lines of inline script, nothing loaded from elsewhere). Large
// sections are capped on the page: the full lists are in the JSON report it links to.
// Keys read as users wrote them (`"rex"`), with the encoded form (`s:rex`) on hover.
import { basename } from "node:path";
import { isStamp, stampMillis } from "../clock/index.js";
import type { ReportDocument } from "./report-document.js";
import { showKey, showStamp, showValue } from "./report-document.js";
import type { TextSink } from "./report-json.js";

export interface HtmlReportOptions {
  /** Path of the JSON report written beside it (linked for the full lists). */
  readonly jsonReport?: string;
  /** Rows shown per section before the rest is left to the JSON report. @default 500 */
  readonly rowsPerSection?: number;
}

/** `report.html` -> `report.json`: where an HTML report's full lists go. */
export const jsonReportPathFor = (htmlPath: string): string => htmlPath.replace(/\.html?$/i, ".json");

// Five characters, as every HTML escaper does; a library would add a dependency for this line.
const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** One table cell: text, with an optional hover text and class. */
interface Cell {
  readonly text: string;
  readonly title?: string;
  readonly kind?: "name" | "value" | "message";
}

interface Section {
  readonly id: string;
  readonly title: string;
  /** What the section means, in one sentence. */
  readonly note: string;
  readonly headers: readonly string[];
  readonly rows: readonly { readonly model: string; readonly cells: readonly Cell[] }[];
  readonly open: boolean;
  readonly attention: boolean;
}

const name = (text: string | undefined): Cell => ({ text: text ?? "", kind: "name" });
const key = (encoded: string | undefined): Cell => (encoded === undefined ? name("") : { text: showKey(encoded), title: encoded, kind: "name" });
const value = (encoded: unknown): Cell => ({ text: showValue(encoded), kind: "value" });
const message = (text: string): Cell => ({ text, kind: "message" });
const stamp = (text: string | null | undefined): Cell => {
  if (text === null || text === undefined) return name("(none)");
  if (!isStamp(text)) return { text: `${text} (malformed)`, kind: "name" };
  return { text: new Date(stampMillis(text)).toISOString().replace("T", " ").replace(/\.000Z$/, "Z"), title: showStamp(text), kind: "name" };
};

function sections(document: ReportDocument): Section[] {
  const { report } = document;
  const denied = report.skipped.filter((entry) => entry.code === "DENIED");
  const skipped = report.skipped.filter((entry) => entry.code !== "DENIED");
  return [
    {
      id: "skipped", title: "Skipped", note: "Local edits that were not written, and why.", open: true, attention: true,
      headers: ["code", "key", "field", "message", "local value"],
      rows: skipped.map((e) => ({ model: e.model ?? "(no model)", cells: [name(e.code), key(e.key), name(e.field), message(e.message), e.local === undefined ? name("") : value(e.local.value)] })),
    },
    {
      id: "errors", title: "Errors", note: "Unexpected failures recorded instead of stopping the recovery.", open: true, attention: true,
      headers: ["code", "key", "field", "message"],
      rows: report.errors.map((e) => ({ model: e.model ?? "(no model)", cells: [name(e.code), key(e.key), name(e.field), message(e.message)] })),
    },
    {
      id: "denied", title: "Denied", note: "Writes the server would refuse (subscriptions, permissions): not written, or written anyway and flagged.", open: true, attention: true,
      headers: ["key", "what", "reason", "message"],
      rows: [
        ...denied.map((e) => ({ model: e.model ?? "(no model)", cells: [key(e.key), name(e.field === undefined ? "not written" : `not written: ${e.field}`), name(e.reason), message(e.message)] })),
        ...report.writtenAnyway.map((e) => ({ model: e.model, cells: [key(e.key), name(`${e.operation} written anyway`), name(e.reason), message("the server may revert it")] })),
      ],
    },
    {
      id: "kept", title: "Kept", note: "Fields where the server's newer value stayed and the local edit lost.", open: true, attention: true,
      headers: ["key", "field", "server value", "server stamp", "local value", "local stamp", "policy"],
      rows: report.kept.map((e) => ({ model: e.model, cells: [key(e.key), name(e.field), value(e.server.value), stamp(e.server.stamp), value(e.local.value), stamp(e.local.stamp), name(e.policy)] })),
    },
    {
      id: "applied", title: "Applied", note: "Local edits written into the fresh realm.", open: false, attention: false,
      headers: ["key", "field", "value", "stamp", "previous value", "previous stamp", "policy"],
      rows: report.applied.map((e) => ({ model: e.model, cells: [key(e.key), name(e.field), value(e.value), stamp(e.stamp), value(e.previous.value), stamp(e.previous.stamp), name(e.policy)] })),
    },
    {
      id: "created", title: "Created", note: "Objects created (or re-created) on the backup device, created in the fresh realm.", open: false, attention: false,
      headers: ["key", "generation"],
      rows: report.created.map((e) => ({ model: e.model, cells: [key(e.key), name(String(e.generation))] })),
    },
    {
      id: "deleted", title: "Deleted", note: "Local deletes applied to the fresh realm.", open: false, attention: false,
      headers: ["key", "generation", "stamp"],
      rows: report.deleted.map((e) => ({ model: e.model, cells: [key(e.key), name(String(e.generation)), stamp(e.stamp)] })),
    },
  ];
}

const count = (n: number): string => n.toLocaleString("en-US");

function cell(c: Cell): string {
  const title = c.title === undefined ? "" : ` title="${escapeHtml(c.title)}"`;
  return `<td class="${c.kind ?? "name"}"${title}>${escapeHtml(c.text)}</td>`;
}

function writeSection(sink: TextSink, section: Section, cap: number, jsonLink: string | undefined): void {
  const total = section.rows.length;
  sink.write(`<details class="section${section.attention ? " attention" : ""}" id="${section.id}"${section.open && total > 0 ? " open" : ""}>\n`);
  sink.write(`<summary><h2>${escapeHtml(section.title)} <span class="n">${count(total)}</span></h2> <span class="note">${escapeHtml(section.note)}</span></summary>\n`);
  if (total === 0) {
    sink.write('<p class="none">None.</p>\n</details>\n');
    return;
  }
  // Grouped per model, in first-seen order; the cap counts rows across the groups.
  const groups = new Map<string, Section["rows"][number][]>();
  for (const row of section.rows) {
    let group = groups.get(row.model);
    if (!group) groups.set(row.model, (group = []));
    group.push(row);
  }
  let shown = 0;
  const head = `<thead><tr>${section.headers.map((header) => `<th>${escapeHtml(header)}</th>`).join("")}</tr></thead>`;
  for (const [model, rows] of groups) {
    // Every model shows a few rows even once the cap is reached.
    const room = Math.max(cap - shown, 20);
    const visible = rows.slice(0, room);
    shown += visible.length;
    sink.write(`<details class="model"${section.open ? " open" : ""}><summary>${escapeHtml(model)} <span class="n">${count(rows.length)}</span></summary>\n`);
    if (visible.length > 0) {
      sink.write(`<div class="scroll"><table>${head}<tbody>\n`);
      for (const row of visible) sink.write(`<tr>${row.cells.map(cell).join("")}</tr>\n`);
      sink.write("</tbody></table></div>\n");
    }
    if (visible.length < rows.length) sink.write(`<p class="more">${count(rows.length - visible.length)} more ${escapeHtml(model)} entries are not shown here${jsonLink === undefined ? " (write a JSON report for the full list)" : `: the full list is in <a href="${escapeHtml(jsonLink)}">${escapeHtml(jsonLink)}</a>`}.</p>\n`);
    sink.write("</details>\n");
  }
  if (shown < total) sink.write(`<p class="more">Showing ${count(shown)} of ${count(total)} on this page.</p>\n`);
  sink.write("</details>\n");
}

const STYLE = `:root{color-scheme:light}
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem 2rem;color:#1f2328;max-width:110rem}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{display:inline;font-size:1.15rem;margin:0}
.meta{color:#57606a;margin:0 0 1rem}.meta code{color:#1f2328}
.counts{display:flex;flex-wrap:wrap;gap:.6rem;margin:0 0 1rem;padding:0;list-style:none}
.counts li{border:1px solid #d0d7de;border-radius:6px;padding:.4rem .8rem;min-width:6.5rem}
.counts a{color:inherit;text-decoration:none}.counts b{display:block;font-size:1.35rem}
.counts .attention.nonzero{border-color:#bf8700;background:#fff8c5}.counts .bad.nonzero{border-color:#cf222e;background:#ffebe9}
#search{font:inherit;padding:.35rem .6rem;width:min(32rem,100%);margin:0 0 1rem;border:1px solid #d0d7de;border-radius:6px}
details.section{border-top:1px solid #d0d7de;padding:.6rem 0}
details.section>summary{cursor:pointer}.note{color:#57606a}
details.model{margin:.4rem 0 .4rem 1.2rem}details.model>summary{cursor:pointer;font-weight:600}
.n{color:#57606a;font-weight:400}
.scroll{overflow-x:auto}table{border-collapse:collapse;margin:.3rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa;white-space:nowrap}
td{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
td.name{white-space:nowrap}td.value{white-space:pre-wrap;overflow-wrap:break-word;max-width:40rem}
td.message{font-family:inherit;font-size:13px;min-width:18rem;max-width:48rem}
td[title]{text-decoration:underline dotted #8c959f}
.none,.more{color:#57606a;margin:.3rem 0 .3rem 1.2rem}tr.hidden,.hidden{display:none}`;

// Filters rows by the search text; opens the sections and groups that still match.
const SCRIPT = `const q=document.getElementById("search");
q.addEventListener("input",()=>{const t=q.value.trim().toLowerCase();
for(const g of document.querySelectorAll("details.model")){let n=0;
for(const r of g.querySelectorAll("tbody tr")){const hit=t===""||r.textContent.toLowerCase().includes(t)||(r.querySelector("[title]")?.title??"").toLowerCase().includes(t);r.classList.toggle("hidden",!hit);if(hit)n++;}
const m=t!==""&&g.firstElementChild.textContent.toLowerCase().includes(t);g.classList.toggle("hidden",t!==""&&n===0&&!m);if(t!==""&&n>0)g.open=true;}
for(const s of document.querySelectorAll("details.section")){if(t!==""&&s.querySelector("details.model:not(.hidden)"))s.open=true;}});`;

/** Writes the report as a standalone HTML page to `sink`. */
export function writeHtmlReport(document: ReportDocument, sink: TextSink, options: HtmlReportOptions = {}): void {
  const { report } = document;
  const all = sections(document);
  const jsonLink = options.jsonReport === undefined ? undefined : basename(options.jsonReport);
  const cap = options.rowsPerSection ?? 500;
  sink.write(`<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width,initial-scale=1">\n`);
  sink.write(`<title>Recovery report: ${escapeHtml(document.backup)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`);
  sink.write(`<h1>Recovery report</h1>\n<p class="meta">backup <code>${escapeHtml(document.backup)}</code> into fresh <code>${escapeHtml(document.fresh)}</code>, `);
  sink.write(`${document.since === null ? "full merge (no checkpoint)" : `since <code title="${escapeHtml(document.since)}">${escapeHtml(showStamp(document.since))}</code>`}; `);
  sink.write(`${report.dryRun ? "<b>dry run</b>: nothing was written into the merged realm" : "applied"}. ${escapeHtml(document.tool)} ${escapeHtml(document.version)}`);
  if (jsonLink !== undefined) sink.write(`; full lists: <a href="${escapeHtml(jsonLink)}">${escapeHtml(jsonLink)}</a>`);
  sink.write(".</p>\n<ul class=\"counts\" id=\"counts\">\n");
  for (const section of all) {
    const classes = [section.attention ? "attention" : "", section.id === "errors" ? "bad" : "", section.rows.length > 0 ? "nonzero" : ""].filter(Boolean).join(" ");
    sink.write(`<li class="${classes}"><a href="#${section.id}"><b>${count(section.rows.length)}</b>${escapeHtml(section.title.toLowerCase())}</a></li>\n`);
  }
  sink.write(`</ul>\n<input id="search" type="search" placeholder="Filter rows: model, key, field, code, value…" aria-label="Filter rows">\n`);
  for (const section of all) writeSection(sink, section, cap, jsonLink);
  sink.write(`<script>${SCRIPT}</script>\n</body>\n</html>\n`);
}

/** The report as a standalone HTML page. */
export function renderHtmlReport(document: ReportDocument, options: HtmlReportOptions = {}): string {
  const parts: string[] = [];
  writeHtmlReport(document, { write: (text) => void parts.push(text) }, options);
  return parts.join("");
}
