// Prints how many edits each client-reset strategy loses on the same random histories
// (docs/simulation.md records a larger run: `npx tsx test/simulation/print-table.ts 1000`).
import { describe, expect, it } from "vitest";
import { compareStrategies, formatTable } from "./compare.js";
import { SIM_SEED, TIMEOUT, runs } from "./settings.js";

describe("side by side: engine vs the seed's per-object recipe vs overwriting the backend", () => {
  it("prints the table; the engine with a full merge loses the fewest edits", () => {
    const rows = compareStrategies({ seed: SIM_SEED, histories: runs(60) });
    console.info(`seed ${SIM_SEED}, ${rows[0]?.histories} histories, 2-4 devices, up to 60 events\n${formatTable(rows)}`);
    const [full, since, recipe, overwrite, discard] = rows;
    expect(rows).toHaveLength(5);
    // Same events, different strategies: the oracle must see work for everyone.
    for (const row of rows) expect(row.mustSurvive).toBeGreaterThan(100);
    expect(full?.lostAfterRestore).toBe(0);
    expect(full?.lost).toBeLessThanOrEqual(since?.lost ?? 0);
    for (const other of [recipe, overwrite, discard]) expect(full?.lost).toBeLessThan(other?.lost ?? 0);
    for (const row of rows) if (row.strategy.startsWith("engine")) expect(row.diverged).toBe(0);
  }, TIMEOUT);
});
