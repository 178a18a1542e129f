// Race-free sync checkpoint: capture a point before uploading, commit it after.
export { captureSyncPoint } from "./capture-sync-point.js";
export type { CaptureSyncPointOptions } from "./capture-sync-point.js";
export { CorruptCheckpointError, WriteInProgressError } from "./checkpoint-errors.js";
export { CHECKPOINT_FORMAT, CHECKPOINT_KEY_PREFIX, SyncCheckpoint } from "./sync-checkpoint.js";
export type { SyncCheckpointOptions, SyncCommit } from "./sync-checkpoint.js";
export { LOCAL_STATE_MODEL, checkpointSchema, realmStateStorage } from "./realm-state-storage.js";
