// realm-field-recovery: per-field recovery of unsynced Realm edits after a client reset.
// Every public name is re-exported here; `realm-field-recovery/testing` holds the in-memory store.

export { FieldRecoveryError, InvalidOptionError } from "./errors.js";
export type { ErrorLocation } from "./errors.js";
export type {
  AnyRealmObject,
  ObjectSchemaLike,
  PrimaryKeyValue,
  PropertySchemaLike,
  PropertyTypeName,
  RealmLike,
  RealmObjectLike,
  ResultsLike,
  UpdateModeName,
} from "./realm-like.js";
export type {
  AnyModels,
  CounterShape,
  DictionaryShape,
  Draft,
  DraftValue,
  FieldInput,
  FieldName,
  FieldValues,
  IncrementableField,
  IsUntyped,
  ListShape,
  Managed,
  ModelTypes,
  ModelsOfSchema,
  SchemaEntryModel,
  SchemaEntryName,
  SetShape,
} from "./model-types.js";

// clock
export {
  ClockDriftError,
  CorruptLocalStateError,
  DEFAULT_MAX_DRIFT,
  HybridClock,
  MAX_STAMP,
  MIN_STAMP,
  MalformedStampError,
  checkStamp,
  compareStamps,
  deviceClock,
  fileStateStorage,
  formatStamp,
  getDefaultClock,
  isStamp,
  maxStamp,
  memoryStateStorage,
  parseStamp,
  setDefaultClock,
  stampAt,
  stampMillis,
  validateStamp,
} from "./clock/index.js";
export type {
  CheckStampOptions,
  DeviceClockOptions,
  FileStateStorageOptions,
  FileSystemLike,
  HybridClockOptions,
  LocalStateStorage,
  Stamp,
  StampParts,
} from "./clock/index.js";

// schema
export { CREATED_KEY, GENERATION_KEY, decodeFieldKey, encodeFieldKey, formatFieldPath } from "./schema/field-keys.js";
export type { FieldPath } from "./schema/field-keys.js";
export { MalformedPrimaryKeyError, decodePrimaryKey, describeKey, encodePrimaryKey } from "./schema/primary-key.js";
export { SchemaValidationError, normalizeSchema } from "./schema/normalize.js";
export type {
  ModelClassInput,
  NormalizedObjectSchema,
  NormalizedPropertySchema,
  ObjectSchemaInput,
  PropertySchemaInput,
  SchemaEntryInput,
} from "./schema/normalize.js";
export { trackFields } from "./schema/track-fields.js";
export type { TrackableSchemaEntry } from "./schema/track-fields.js";
export { resolveTracking } from "./schema/tracking-config.js";
export type { ModelTracking, TrackingConfig, UntrackedReason } from "./schema/tracking-config.js";
export { DEFAULT_NEWEST_STAMP_PROPERTY, DEFAULT_TIMESTAMPS_PROPERTY, DEFAULT_TOMBSTONE_MODEL, resolveTrackingOptions } from "./schema/tracking-options.js";
export type { ResolvedTrackingOptions, TrackingExclusions, TrackingOptions } from "./schema/tracking-options.js";
export {
  MissingPrimaryKeyError,
  SchemaNotTrackedError,
  SchemaTrackingError,
  TombstoneModelCollisionError,
  TrackingPropertyCollisionError,
} from "./schema/tracking-errors.js";
export type { TombstoneObjectSchema, TombstoneRecord } from "./schema/tombstone-schema.js";

// tracking
export {
  TrackedWriteError,
  trackedWrite,
  watchUntrackedWrites,
} from "./tracking/index.js";
export type {
  PlainObject,
  TrackedTransaction,
  TrackedWriteOptions,
  UntrackedWrite,
  WatchUntrackedWritesOptions,
} from "./tracking/index.js";

// checkpoint
export {
  CorruptCheckpointError,
  LOCAL_STATE_MODEL,
  SyncCheckpoint,
  WriteInProgressError,
  captureSyncPoint,
  checkpointSchema,
  realmStateStorage,
} from "./checkpoint/index.js";
export type { CaptureSyncPointOptions, SyncCheckpointOptions, SyncCommit } from "./checkpoint/index.js";

// recovery
export { ABSENT, CHANGESET_FORMAT, InvalidChangesetError, isAbsent, parseChangeset } from "./recovery/changeset.js";
export type { BaseField, Changeset, ChangesetProblem, FieldChange, ObjectChange, TombstoneChange } from "./recovery/changeset.js";
export { UnencodableValueError, decodeValue, encodeValue } from "./recovery/value-codec.js";
export type { CodecContext, EncodedValue, LinkResolver, ScalarType, ValueShape } from "./recovery/value-codec.js";
export { RecoverySkippedError } from "./recovery/report.js";
export type { AppliedField, CreatedObject, DeletedObject, KeptField, RecoveryReport, ReportError, SkipCode, SkippedEntry, StampedValue, WrittenAnyway } from "./recovery/report.js";
export { plainFreshView, realmFreshView } from "./recovery/fresh-view.js";
export type { FreshObject, FreshRead, FreshTombstone, FreshView, LiveFreshObject, PlainFreshData, RealmFreshViewOptions } from "./recovery/fresh-view.js";
export { planMerge } from "./recovery/merge-plan.js";
export type { CanWrite, CanWriteContext, DenialReason, MergePlan, PlanMergeOptions, WriteVerdict } from "./recovery/merge-plan.js";
export type { CreateOperation, DeleteOperation, MergeOperation, TombstoneOperation, UpdateOperation } from "./recovery/merge-operations.js";
export { collectUnsyncedChanges } from "./recovery/collect-unsynced-changes.js";
export type { CollectOptions, RecoveryProgress } from "./recovery/collect-unsynced-changes.js";
export { RecoveryApplyError, applyChanges } from "./recovery/apply-changes.js";
export { CallbackFailedError, InvalidCallbackResultError } from "./recovery/user-code-errors.js";
export type { CallbackSite, UserCallback } from "./recovery/user-code-errors.js";
export type { ApplyOptions } from "./recovery/apply-changes.js";
export { recoverUnsyncedChanges } from "./recovery/recover-unsynced-changes.js";
export type { RecoverOptions } from "./recovery/recover-unsynced-changes.js";
export { receiveNewestStamp } from "./recovery/receive-newest-stamp.js";
export type { ReceiveNewestStampOptions } from "./recovery/receive-newest-stamp.js";
export { DEFAULT_MAX_OFFLINE_MS, compactTombstones } from "./recovery/compact-tombstones.js";
export type { CompactTombstonesOptions } from "./recovery/compact-tombstones.js";
export { RecoveryCycleError, clearRecoveryMarker, discardPendingBackup, guardRecovery, pendingBackups, readRecoveryMarker } from "./recovery/recovery-guard.js";
export type { RecoveryGuardOptions, RecoveryMarker, StorageOptions as RecoveryMarkerStorageOptions } from "./recovery/recovery-guard.js";

// policies
export {
  clientWins,
  counterDelta,
  dictionaryMerge,
  lastWriterWins,
  listAppend,
  resolver,
  serverWins,
  setUnion,
} from "./policies/index.js";
export type {
  ConflictContext,
  CustomResolver,
  DeletePolicy,
  FieldConflict,
  FieldPolicy,
  FieldPolicyOption,
  FieldResolution,
  LocalSide,
  MergePolicies,
  ModelPolicies,
  ServerSide,
} from "./policies/index.js";

// adapters
export {
  BackupMissingError,
  ClientResetStepError,
  combineWriteChecks,
  createResetQueue,
  discardUnsyncedChangesWithRecovery,
  isClientResetError,
  isCompensatingWriteError,
  manualClientReset,
  manualRecoveryStrategy,
  onCompensatingWrite,
  permissionCheck,
  readSubscriptions,
  rebaseOnSnapshot,
  restoreSubscriptions,
  resumePendingRecovery,
  subscriptionFilter,
} from "./adapters/index.js";
export type {
  BackupRealmConstructor,
  BackupRecoveryOptions,
  CheckedObject,
  ClientResetErrorLike,
  ClientResetErrorWithPath,
  CompensatingWriteErrorLike,
  CompensatingWriteInfoLike,
  DiscardOutcome,
  DiscardRecoveryOutcome,
  DiscardWithRecovery,
  DiscardWithRecoveryOptions,
  FilterableResultsLike,
  InitiateClientReset,
  ManualClientReset,
  ManualClientResetOptions,
  ManualRecoveryStrategy,
  MutableSubscriptionSetLike,
  QueryableRealmLike,
  RebaseOnSnapshotOptions,
  RecoveryOutcome,
  RecoveryRealms,
  RecoveryTuning,
  RefusedEdit,
  ResetOutcome,
  ResetQueue,
  ResetRealm,
  ResetStep,
  ResumeOutcome,
  ResumePendingRecoveryOptions,
  Scheduling,
  SubscriptionFilterOptions,
  SubscriptionLike,
  SubscriptionSetLike,
  SubscriptionSpec,
  SyncErrorHandler,
  SyncSessionLike,
  SyncedRealmLike,
} from "./adapters/index.js";

// sync client (the server is `realm-field-recovery/server`)
export { SyncClientError, changesetOfServerState, createSyncClient } from "./sync-client/index.js";
export type { BackoffOptions, FetchLike, SyncClient, SyncClientOptions, SyncResetOutcome, SyncState, WebSocketConstructorLike, WebSocketLike } from "./sync-client/index.js";
export { COMPENSATING_WRITE_CODE, COMPENSATING_WRITE_MESSAGE } from "./server/protocol.js";
export type { CompensatingWrite, PullChanges, PullRequest, PullReset, PullResponse, PushRequest, PushResponse, RevertedWrite, ServerObject, ServerTombstone, SubscriptionQuery } from "./server/protocol.js";
