// `npm run demo`: two devices, a client reset, and per-field recovery beside the per-object
// recipe of Realm's docs, on real Realm when its native binding loads, else the in-memory store.
import { pathToFileURL } from "node:url";
import { runScenario } from "./demo/scenario.js";
import type { ScenarioResult } from "./demo/scenario.js";
import type { StoreChoice } from "./demo/store.js";
import { renderTable, tableRows } from "./demo/table.js";
import type { TableRow } from "./demo/table.js";

export interface DemoOptions {
  /** Which store to run on. @default "auto" (real Realm when it loads) */
  readonly store?: StoreChoice;
  /** Where lines go. @default console.log */
  readonly print?: (line: string) => void;
  /** ANSI colours. @default false */
  readonly color?: boolean;
}

export interface DemoResult {
  readonly scenario: ScenarioResult;
  readonly rows: readonly TableRow[];
  readonly lines: readonly string[];
}

/** Runs the story and prints it; returns what it printed and the data behind it. */
export async function main(options: DemoOptions = {}): Promise<DemoResult> {
  const scenario = await runScenario(options.store ?? "auto");
  const rows = tableRows(scenario);
  const { counts } = scenario.report;
  const losses = rows.filter((row) => row.recipeLoses).length;
  const lines = [
    "realm-field-recovery demo: per-field recovery after a client reset",
    scenario.storeDescription,
    "",
    ...scenario.events.map(([at, text]) => `  ${(at / 1000).toFixed(0)}s  ${text}`),
    "",
    ...renderTable(rows, { color: options.color ?? false }),
    "",
    `per-field recovery: ${counts.applied} applied, ${counts.kept} kept from the server, ${counts.created} created, ${counts.deleted} deleted, ${counts.skipped} skipped:`,
    "  every edit of both devices survives; on a real conflict (same field) the newer edit wins.",
    `per-object recipe (Realm docs, "track changes by object"): ${losses} edit${losses === 1 ? "" : "s"} lost (x): it copies`,
    "  A's whole object, so B's edits to other fields, and newer ones, are overwritten.",
    "@Ns: time of the field's stamp. The recipe's lastUpdated is read from the same stamps.",
  ];
  const print = options.print ?? ((line: string) => console.log(line));
  for (const line of lines) print(line);
  return { scenario, rows, lines };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const store: StoreChoice = process.argv.includes("--memory") ? "memory" : process.argv.includes("--realm") ? "realm" : "auto";
  main({ store, color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
