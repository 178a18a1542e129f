// Hybrid logical clock: stamps, the clock, stamp validation and device-local state.
export {
  MAX_NODE_HASH,
  MAX_STAMP,
  MAX_STAMP_COUNTER,
  MAX_STAMP_MILLIS,
  MIN_STAMP,
  STAMP_ALPHABET,
  STAMP_LENGTH,
  compareStamps,
  formatStamp,
  hashNodeId,
  isStamp,
  maxStamp,
  parseStamp,
  stampAt,
  stampMillis,
} from "./stamp.js";
export type { Stamp, StampParts } from "./stamp.js";
export { ClockDriftError, MalformedStampError } from "./stamp-errors.js";
export { DEFAULT_MAX_DRIFT, checkStamp, validateStamp } from "./check-stamp.js";
export type { CheckStampOptions } from "./check-stamp.js";
export { HybridClock } from "./hybrid-clock.js";
export type { HybridClockOptions } from "./hybrid-clock.js";
export { getDefaultClock, setDefaultClock } from "./default-clock.js";
export { CorruptLocalStateError, memoryStateStorage } from "./state-storage.js";
export type { LocalStateStorage } from "./state-storage.js";
export { fileStateStorage } from "./file-state-storage.js";
export type { FileStateStorageOptions, FileSystemLike } from "./file-state-storage.js";
export { NODE_ID_KEY, deviceClock } from "./device-clock.js";
export type { DeviceClockOptions } from "./device-clock.js";
