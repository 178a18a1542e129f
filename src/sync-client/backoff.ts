// Exponential backoff with full jitter between reconnection attempts.

/** Retry delays after failures: exponential from `initialMs`, capped at `maxMs`, with full jitter. */
export interface BackoffOptions {
  /** @default 500 */
  readonly initialMs?: number;
  /** @default 30_000 */
  readonly maxMs?: number;
}

/** The delay before attempt `attempt` (1, 2, …): random in [0, min(max, initial · 2^(attempt-1))]. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * random());
}
