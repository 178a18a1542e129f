// Tracked writes: the write path that stamps every changed field (docs/tracking.md).
export { trackedWrite, trackingConfigFor } from "./tracked-write.js";
export type { TrackedWriteOptions } from "./tracked-write.js";
export type { PlainObject, TrackedTransaction } from "./transaction.js";
export { TrackedWriteError } from "./tracking-errors.js";
export { INCREMENT_KEY_PREFIX, formatIncrement, incrementKey, parseIncrement, parseIncrementKey } from "./counter-deltas.js";
export type { IncrementEntry } from "./counter-deltas.js";
export { watchUntrackedWrites } from "./watch-untracked-writes.js";
export type { UntrackedWrite, WatchUntrackedWritesOptions } from "./watch-untracked-writes.js";
