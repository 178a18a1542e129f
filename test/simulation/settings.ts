// Run-size and seed settings of the simulation tests, from the environment:
// SOAK (multiplier of every numRuns, default 1), SIM_SEED (default fixed) and SIM_STORE.
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

export const SOAK = Math.max(1, Number(env.SOAK ?? 1) || 1);
export const SIM_SEED = Number(env.SIM_SEED ?? 20_261_121) || 20_261_121;

/**
 * SIM_STORE picks the stores the simulation runs on: "memory" or "real" alone; unset, both,
 * real Realm with a short seeded history (REAL_SHORT_RUNS) and the memory store with `runs(n)`.
 */
export const SIM_STORE = env.SIM_STORE === "memory" || env.SIM_STORE === "real" ? env.SIM_STORE : undefined;
export const SIM_STORES: ("memory" | "real Realm")[] = SIM_STORE === "memory" ? ["memory"] : SIM_STORE === "real" ? ["real Realm"] : ["memory", "real Realm"];
export const REAL_SHORT_RUNS = 2;

/** Runs on `store`: `runs(n)` unless it is real Realm sharing the run with the memory store. */
export const runsOn = (store: { readonly isReal: boolean }, n: number): number => (store.isReal && SIM_STORE !== "real" ? Math.min(REAL_SHORT_RUNS, runs(n)) : runs(n));

/** `n` runs, scaled by SOAK. */
export const runs = (n: number): number => Math.round(n * SOAK);

/** Per-test timeout, scaled by SOAK (the default run takes seconds). */
export const TIMEOUT = 120_000 * SOAK;
