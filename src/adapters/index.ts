// Adapters: where the engine meets a client reset (realm 12.x sync API, typed structurally),
// compensating writes, and custom sync backends.
export { BackupMissingError, ClientResetStepError } from "./adapter-errors.js";
export type { ResetStep } from "./adapter-errors.js";
export { recoverBackup } from "./backup-recovery.js";
export type { BackupRecoveryOptions, RecoveryOutcome, RecoveryRealms, RecoveryTuning } from "./backup-recovery.js";
export { combineWriteChecks } from "./combine-write-checks.js";
export { classifyServerReason, onCompensatingWrite } from "./compensating-writes.js";
export type { RefusedEdit } from "./compensating-writes.js";
export { PENDING_CHANGESET_PREFIX, discardUnsyncedChangesWithRecovery } from "./discard-with-recovery.js";
export type { DiscardOutcome, DiscardRecoveryOutcome, DiscardWithRecovery, DiscardWithRecoveryOptions, ResetRealm } from "./discard-with-recovery.js";
export { manualClientReset } from "./manual-client-reset.js";
export type { BackupRealmConstructor, ManualClientReset, ManualClientResetOptions, ResetOutcome } from "./manual-client-reset.js";
export { manualRecoveryStrategy } from "./manual-recovery-strategy.js";
export type { ManualRecoveryStrategy } from "./manual-recovery-strategy.js";
export { rebaseOnSnapshot } from "./rebase-on-snapshot.js";
export type { RebaseOnSnapshotOptions } from "./rebase-on-snapshot.js";
export { guardRecoveryAttempt, markResetPending } from "./reset-marker.js";
export type { ResetMarkerOptions } from "./reset-marker.js";
export { createResetQueue, defaultResetQueue } from "./reset-queue.js";
export type { ResetQueue, Scheduling } from "./reset-queue.js";
export { resumePendingRecovery } from "./resume-pending-recovery.js";
export type { ResumeOutcome, ResumePendingRecoveryOptions } from "./resume-pending-recovery.js";
export { subscriptionFilter } from "./subscription-filter.js";
export type { SubscriptionFilterOptions } from "./subscription-filter.js";
export { missingSubscriptions, readSubscriptions, restoreSubscriptions } from "./subscriptions.js";
export type { SubscriptionSpec } from "./subscriptions.js";
export { isClientResetError, isCompensatingWriteError } from "./sync-sdk-types.js";
export type {
  ClientResetErrorLike,
  ClientResetErrorWithPath,
  CompensatingWriteErrorLike,
  CompensatingWriteInfoLike,
  FilterableResultsLike,
  InitiateClientReset,
  MutableSubscriptionSetLike,
  QueryableRealmLike,
  SubscriptionLike,
  SubscriptionSetLike,
  SyncErrorHandler,
  SyncSessionLike,
  SyncedRealmLike,
} from "./sync-sdk-types.js";
export { permissionCheck } from "./write-check.js";
export type { CheckedObject } from "./write-check.js";
