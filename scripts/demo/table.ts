// Turns the story's states and recovery report into table rows (per field, per object),
// then renders them as a fixed-width text table, with colour on a terminal.
import { encodePrimaryKey } from "../../src/index.js";
import type { RecoveryReport } from "../../src/index.js";
import { DOG_KEYS, FIELDS } from "./scenario.js";
import type { DogState, FieldState, ScenarioResult } from "./scenario.js";

export interface TableRow {
  /** `Rex.name`, or `Max` for a whole object. */
  readonly subject: string;
  readonly local: string;
  readonly server: string;
  readonly result: string;
  /** The outcome and why. */
  readonly why: string;
  readonly recipe: string;
  /** The recipe's result differs from per-field recovery's: it lost an edit. */
  readonly recipeLoses: boolean;
}

const seconds = (at: number | undefined): string => (at === undefined ? "" : ` @${at / 1000}s`);
const show = (field: FieldState | undefined): string => (field === undefined ? "-" : `${String(field.value)}${seconds(field.at)}`);
const showDog = (dog: DogState): string => (dog === undefined ? "-" : `${String(dog.name.value)}, ${String(dog.age.value)}`);
const title = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);

function fieldWhy(report: RecoveryReport, key: string, field: string, local: FieldState, server: FieldState): string {
  const applied = report.applied.find((entry) => entry.key === key && entry.field === field);
  if (applied) return `applied: A's edit is newer (unsynced)`;
  const kept = report.kept.find((entry) => entry.key === key && entry.field === field);
  if (kept) return `kept server: its edit is newer`;
  const skipped = report.skipped.find((entry) => entry.key === key && entry.field === field);
  if (skipped) return `skipped ${skipped.code}: ${skipped.message}`;
  if (local.value === server.value) return "same on both";
  return "untouched: A did not edit it offline";
}

/** The rows of the demo's table. */
export function tableRows(result: ScenarioResult): TableRow[] {
  const rows: TableRow[] = [];
  for (const id of DOG_KEYS) {
    const { local, server, recovered, recipe } = result.dogs[id] ?? { local: undefined, server: undefined, recovered: undefined, recipe: undefined };
    const key = encodePrimaryKey(id);
    if (local === undefined || server === undefined) {
      const created = result.report.created.some((entry) => entry.key === key);
      const deleted = result.report.deleted.some((entry) => entry.key === key);
      const why = created ? "created: A created it offline" : deleted ? "deleted: A deleted it offline" : local === undefined ? "untouched: created elsewhere" : "skipped";
      rows.push({ subject: title(id), local: local === undefined ? (deleted ? "deleted @3s" : "-") : showDog(local), server: showDog(server), result: showDog(recovered), why, recipe: showDog(recipe), recipeLoses: showDog(recipe) !== showDog(recovered) });
      continue;
    }
    for (const field of FIELDS) {
      const mine = recovered?.[field];
      const theirs = recipe?.[field];
      rows.push({
        subject: `${title(id)}.${field}`,
        local: show(local[field]),
        server: show(server[field]),
        result: mine === undefined ? "-" : String(mine.value),
        why: fieldWhy(result.report, key, field, local[field], server[field]),
        recipe: theirs === undefined ? "-" : String(theirs.value),
        recipeLoses: theirs?.value !== mine?.value,
      });
    }
  }
  return rows;
}

export interface RenderOptions {
  /** ANSI colours (losses in red, recovered edits in green). @default false */
  readonly color?: boolean;
}

/** Renders rows as a text table, one line per row. */
export function renderTable(rows: readonly TableRow[], options: RenderOptions = {}): string[] {
  const paint = (code: string, text: string): string => (options.color === true ? `\u001b[${code}m${text}\u001b[0m` : text);
  const header = ["Dog", "device A (backup)", "server (fresh)", "per-field", "why", "per-object recipe"];
  const cells = rows.map((row) => [row.subject, row.local, row.server, row.result, row.why, row.recipeLoses ? `x ${row.recipe} (loses ${row.result})` : `  ${row.recipe}`]);
  const widths = header.map((text, column) => Math.max(text.length, ...cells.map((line) => (line[column] as string).length)));
  const line = (values: readonly string[]): string => values.map((value, column) => value.padEnd(widths[column] as number)).join("  ").trimEnd();
  const out = [line(header), widths.map((width) => "-".repeat(width)).join("  ")];
  rows.forEach((row, index) => {
    const text = line(cells[index] as string[]);
    out.push(row.recipeLoses ? paint("31", text) : row.why.startsWith("applied") || row.why.startsWith("created") ? paint("32", text) : text);
  });
  return out;
}
