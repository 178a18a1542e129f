// Run-size and seed settings of the simulation tests, from the environment:
// SOAK (multiplier of every numRuns, default 1), SIM_SEED (default fixed), SIM_STRICT=1
// (also fail on open, reported issues such as EMBEDDED_REMOVAL).
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};

export const SOAK = Math.max(1, Number(env.SOAK ?? 1) || 1);
export const SIM_SEED = Number(env.SIM_SEED ?? 20_261_121) || 20_261_121;
export const STRICT = env.SIM_STRICT === "1";

/** `n` runs, scaled by SOAK. */
export const runs = (n: number): number => Math.round(n * SOAK);

/** Per-test timeout, scaled by SOAK (the default run takes seconds). */
export const TIMEOUT = 120_000 * SOAK;
