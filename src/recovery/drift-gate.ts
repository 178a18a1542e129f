// The drift check of every backup stamp in a merge (`checkStamp` with the plan's `now` and
// `maxDrift`), deciding the common case (a well-formed stamp within the bound) by one string
// comparison: stamps sort like their milliseconds, so "at most `bound` ms" is "below the
// lowest stamp of `bound + 1`". The answer is always `checkStamp`'s, errors included.
import { ClockDriftError, MAX_STAMP_MILLIS, checkStamp, isStamp, stampAt, stampMillis } from "../clock/index.js";
import type { CheckStampOptions } from "../clock/index.js";
import type { MalformedStampError } from "../clock/index.js";
import { checkMaxDrift, readWallClock } from "../clock/check-stamp.js";
import { keepShape } from "../utils/keep-shape.js";

/** `checkStamp(stamp, { now, maxDrift })`, one string comparison for a good stamp. */
export class DriftGate {
  private readonly options: CheckStampOptions;
  /** The last bound (wall clock + maxDrift) and the lowest stamp above it. */
  private bound = Number.NaN;
  private threshold = "";

  constructor(
    private readonly now: () => number,
    private readonly maxDrift: number,
  ) {
    this.options = { now, maxDrift };
  }

  /** Why `stamp` is not usable (malformed, or too far ahead), as `checkStamp` says; `undefined` when it is. */
  check(stamp: unknown): MalformedStampError | ClockDriftError | undefined {
    // A malformed stamp: checkStamp's own error (it reads no clock for it).
    if (!isStamp(stamp)) return checkStamp(stamp, this.options);
    // As checkStamp: the drift bound is validated, then the clock read once.
    const maxDrift = checkMaxDrift(this.maxDrift);
    const wall = readWallClock(this.now);
    if (Number.isSafeInteger(maxDrift)) {
      const bound = wall + maxDrift;
      if (bound >= MAX_STAMP_MILLIS) return undefined; // no stamp's milliseconds exceed it
      if (bound >= 0) {
        if (bound !== this.bound) {
          this.bound = bound;
          this.threshold = stampAt(bound + 1);
        }
        if (stamp < this.threshold) return undefined;
      }
    }
    const aheadBy = stampMillis(stamp) - wall;
    return aheadBy > maxDrift ? new ClockDriftError(stamp, aheadBy, maxDrift) : undefined;
  }
}

keepShape(new DriftGate(Date.now, 0));
