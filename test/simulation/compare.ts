// Side by side on the same histories: how many edits each client-reset strategy loses,
// judged by the oracle (an edit is lost when it should survive but is not in the final state).
import fc from "fast-check";
import { history } from "./history.js";
import type { HistorySize } from "./history.js";
import { simulate } from "./runner.js";
import { discardLocal, engineStrategy, overwriteBackend, seedRecipe } from "./strategies.js";
import type { ResetStrategy } from "./strategies.js";

export interface StrategyRow {
  readonly strategy: string;
  readonly histories: number;
  readonly resets: number;
  readonly edits: number;
  /** Edits not superseded by a newer edit (or a delete): each should be in the final state. */
  readonly mustSurvive: number;
  readonly lost: number;
  /** Lost edits the server had and then lost in a restore from an older backup. */
  readonly lostAfterRestore: number;
  /** Lost edits of the EMBEDDED_REMOVAL class: a sub-field edit lost to an older removal (docs/simulation.md). */
  readonly lostEmbeddedRemoval: number;
  /** Histories whose devices did not all end with the same data. */
  readonly diverged: number;
}

export const STRATEGIES: readonly ResetStrategy[] = [engineStrategy("full", { faults: false }), engineStrategy("since", { faults: false }), seedRecipe, overwriteBackend, discardLocal];

export interface CompareOptions {
  readonly seed: number;
  readonly histories: number;
  readonly size?: HistorySize;
}

export function compareStrategies(options: CompareOptions): StrategyRow[] {
  const histories = fc.sample(history(options.size), { seed: options.seed, numRuns: options.histories });
  return STRATEGIES.map((strategy) => {
    const row = { strategy: strategy.name, histories: histories.length, resets: 0, edits: 0, mustSurvive: 0, lost: 0, lostAfterRestore: 0, lostEmbeddedRemoval: 0, diverged: 0 };
    for (const h of histories) {
      const result = simulate(h, { strategy });
      row.resets += countResets(result.trace);
      row.edits += result.edits;
      row.mustSurvive += result.protectedStrict;
      row.lost += result.lostStrict.length;
      row.lostAfterRestore += result.lostStrict.filter((edit) => edit.lostByRestore === true).length;
      row.lostEmbeddedRemoval += result.lostEmbeddedRemoval;
      if (!result.converged) row.diverged++;
    }
    return row;
  });
}

function countResets(trace: readonly string[]): number {
  return trace.filter((line) => line.startsWith("  reset ")).length;
}

export function formatTable(rows: readonly StrategyRow[]): string {
  const lines = [
    "| strategy | client resets | edits made | edits that must survive | lost | lost % | of which the server lost in a restore | of which EMBEDDED_REMOVAL | histories not converged |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    const percent = r.mustSurvive === 0 ? "0" : ((100 * r.lost) / r.mustSurvive).toFixed(1);
    lines.push(`| ${r.strategy} | ${r.resets} | ${r.edits} | ${r.mustSurvive} | ${r.lost} | ${percent} | ${r.lostAfterRestore} | ${r.lostEmbeddedRemoval} | ${r.diverged} |`);
  }
  return lines.join("\n");
}
