// Run-size and seed settings of the simulation tests, from the environment:
// SOAK (multiplier of every numRuns, default 1) and SIM_SEED (default fixed).
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

export const SOAK = Math.max(1, Number(env.SOAK ?? 1) || 1);
export const SIM_SEED = Number(env.SIM_SEED ?? 20_261_121) || 20_261_121;

/** `n` runs, scaled by SOAK. */
export const runs = (n: number): number => Math.round(n * SOAK);

/** Per-test timeout, scaled by SOAK (the default run takes seconds). */
export const TIMEOUT = 120_000 * SOAK;
