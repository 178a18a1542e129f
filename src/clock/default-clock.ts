// The process-wide clock shared by tracking and checkpoints, so both order their stamps on
// one timeline. Set it once at startup (e.g. to a `deviceClock`) before tracking writes.
import { HybridClock } from "./hybrid-clock.js";

let defaultClock: HybridClock | undefined;

/**
 * The clock used when an API's `clock` option is left out. Until `setDefaultClock` is
 * called it is a `HybridClock` with a random node id that lives as long as the process.
 */
export function getDefaultClock(): HybridClock {
  defaultClock ??= new HybridClock();
  return defaultClock;
}

/** Replaces the process-wide default clock (call it before the first tracked write). */
export function setDefaultClock(clock: HybridClock): void {
  defaultClock = clock;
}
