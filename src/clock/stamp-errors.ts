// Errors about stamps: malformed text, and remote stamps too far in this device's future.
import { FieldRecoveryError } from "../errors.js";
import type { ErrorLocation } from "../errors.js";

const EXPECTED_SHAPE =
  "expected 16 characters of the sortable base-64 alphabet -0-9A-Z_a-z " +
  "(7 for milliseconds, 4 for the counter, 5 for the node hash)";

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `${String(value)}n`;
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

/** Thrown when a value that should be a stamp is not one (code `MALFORMED_STAMP`). */
export class MalformedStampError extends FieldRecoveryError {
  /** The offending value, as received. */
  readonly value: unknown;

  constructor(value: unknown, problem: string, location: ErrorLocation = {}) {
    super(
      "MALFORMED_STAMP",
      `Malformed stamp ${show(value)}: ${EXPECTED_SHAPE}, got ${problem}. ` +
        "Stamps are written by realm-field-recovery; a malformed one was edited by hand or written by other code",
      location,
    );
    this.value = value;
  }
}

/** Thrown when a stamp lies further in the future than the allowed drift (code `CLOCK_DRIFT`). */
export class ClockDriftError extends FieldRecoveryError {
  /** The rejected stamp. */
  readonly stamp: string;
  /** How many milliseconds it is ahead of this device's wall clock. */
  readonly aheadBy: number;
  /** The allowed drift in milliseconds. */
  readonly maxDrift: number;

  constructor(stamp: string, aheadBy: number, maxDrift: number, location: ErrorLocation = {}) {
    super(
      "CLOCK_DRIFT",
      `Stamp "${stamp}" is ${aheadBy} ms (${formatDuration(aheadBy)}) ahead of this device's clock, ` +
        `more than the allowed drift of ${maxDrift} ms (${formatDuration(maxDrift)}). ` +
        "Check the clock of the device that wrote it or of this one, or raise the `maxDrift` option",
      location,
    );
    this.stamp = stamp;
    this.aheadBy = aheadBy;
    this.maxDrift = maxDrift;
  }
}

function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "min"],
    [1_000, "s"],
  ];
  for (const [size, unit] of units) {
    if (ms >= size) return `${Math.round((ms / size) * 10) / 10} ${unit}`;
  }
  return `${ms} ms`;
}
