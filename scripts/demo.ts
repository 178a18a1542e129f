// `npm run demo`: the whole story, on real Realm when its native binding loads, else the
// in-memory store. Part 1: two devices, a client reset, and per-field recovery beside the
// per-object recipe of Realm's docs. Part 2: two devices syncing through the self-hosted server
// on loopback (PGlite in a temporary folder): a per-field merge, a compensating write (231), and
// a compaction-forced reset recovered field by field.
import { pathToFileURL } from "node:url";
import { runScenario } from "./demo/scenario.js";
import { runSyncStory, startDemoServer } from "./demo/sync-story.js";
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
  /** Run part 2 (the sync server) after part 1. @default true */
  readonly sync?: boolean;
}

export interface DemoResult {
  readonly scenario: ScenarioResult;
  readonly rows: readonly TableRow[];
  /** Part 1's lines (deterministic: injected clocks). */
  readonly lines: readonly string[];
  /** Part 2's lines (empty with `sync: false`). */
  readonly syncLines: readonly string[];
}

/** Runs the story and prints it; returns what it printed and the data behind it. */
export async function main(options: DemoOptions = {}): Promise<DemoResult> {
  // Part 2's server initialises its PGlite database while part 1 runs.
  const server = (options.sync ?? true) ? startDemoServer() : undefined;
  server?.catch(() => {}); // awaited (and reported) in part 2
  let scenario: ScenarioResult;
  try {
    scenario = await runScenario(options.store ?? "auto");
  } catch (error) {
    await (await server?.catch(() => undefined))?.close();
    throw error;
  }
  const rows = tableRows(scenario);
  const { counts } = scenario.report;
  const losses = rows.filter((row) => row.recipeLoses).length;
  const lines = [
    "realm-field-recovery demo, part 1: per-field recovery after a client reset",
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
  let syncLines: readonly string[] = [];
  if (options.sync ?? true) {
    print("");
    syncLines = (await runSyncStory({ store: options.store ?? "auto", print, ...(server === undefined ? {} : { server }) })).lines;
  }
  return { scenario, rows, lines, syncLines };
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const store: StoreChoice = process.argv.includes("--memory") ? "memory" : process.argv.includes("--realm") ? "realm" : "auto";
  main({ store, sync: !process.argv.includes("--no-sync"), color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
