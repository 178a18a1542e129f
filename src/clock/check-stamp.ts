// Validates a stamp without a clock: well formed, and not further in the future than the
// allowed drift. Recovery uses it to skip bad stamps per field; HybridClock.receive to throw.
import type { ErrorLocation } from "../errors.js";
import { InvalidOptionError } from "../errors.js";
import { parseStamp, stampProblem } from "./stamp.js";
import type { StampParts } from "./stamp.js";
import { ClockDriftError, MalformedStampError } from "./stamp-errors.js";

/** Default for `maxDrift`: 5 minutes. */
export const DEFAULT_MAX_DRIFT = 300_000;

/** Options of `checkStamp` and `validateStamp`. */
export interface CheckStampOptions {
  /**
   * This device's wall clock, in milliseconds since 1970.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * How far in the future (ms, beyond `now()`) a stamp may lie. A stamp exactly at the bound
   * is accepted; one millisecond more is rejected.
   * @default 300_000 (5 minutes)
   */
  readonly maxDrift?: number;
  /** Where the stamp was read, named in the error. */
  readonly location?: ErrorLocation;
}

/** Throws InvalidOptionError unless `maxDrift` is a non-negative number (Infinity allowed). */
export function checkMaxDrift(maxDrift: number): number {
  if (typeof maxDrift !== "number" || Number.isNaN(maxDrift) || maxDrift < 0) {
    throw new InvalidOptionError(`Invalid maxDrift ${String(maxDrift)}: expected a number of milliseconds >= 0 (default ${DEFAULT_MAX_DRIFT})`);
  }
  return maxDrift;
}

/** Reads an injected wall clock, refusing values that are not finite numbers. */
export function readWallClock(now: () => number): number {
  const wall = now();
  if (typeof wall !== "number" || !Number.isFinite(wall)) {
    throw new InvalidOptionError(`The injected now() returned ${String(wall)}: expected a finite number of milliseconds since 1970`);
  }
  return Math.floor(wall);
}

/**
 * Why `value` is not an acceptable stamp, as an error object (not thrown), or `undefined`
 * when it is well formed and within the allowed drift.
 */
export function checkStamp(value: unknown, options: CheckStampOptions = {}): MalformedStampError | ClockDriftError | undefined {
  const problem = stampProblem(value);
  if (problem !== undefined) return new MalformedStampError(value, problem, options.location);
  const parts = parseStamp(value);
  const maxDrift = checkMaxDrift(options.maxDrift ?? DEFAULT_MAX_DRIFT);
  const aheadBy = parts.millis - readWallClock(options.now ?? Date.now);
  if (aheadBy > maxDrift) return new ClockDriftError(value as string, aheadBy, maxDrift, options.location);
  return undefined;
}

/**
 * Parses `value` as a stamp and checks its drift.
 * @throws MalformedStampError (`MALFORMED_STAMP`) or ClockDriftError (`CLOCK_DRIFT`).
 */
export function validateStamp(value: unknown, options: CheckStampOptions = {}): StampParts {
  const error = checkStamp(value, options);
  if (error !== undefined) throw error;
  return parseStamp(value);
}
