// discardUnsyncedChangesWithRecovery: the 12.x "discardUnsyncedChanges" mode with this engine in
// `onAfter`: the frozen before-realm's unsynced edits are collected there, then merged into the
// reset realm once the subscriptions the discard dropped are re-added and synced.
import type { HybridClock, LocalStateStorage, Stamp } from "../clock/index.js";
import { SyncCheckpoint } from "../checkpoint/sync-checkpoint.js";
import type { SyncCommit } from "../checkpoint/sync-checkpoint.js";
import { getDefaultClock } from "../clock/default-clock.js";
import { applyChanges } from "../recovery/apply-changes.js";
import type { Changeset } from "../recovery/changeset.js";
import { collectUnsyncedChanges } from "../recovery/collect-unsynced-changes.js";
import type { CanWrite, DenialReason } from "../recovery/merge-plan.js";
import { receiveNewestStamp } from "../recovery/receive-newest-stamp.js";
import { RecoveryCycleError } from "../recovery/recovery-guard.js";
import type { RecoveryReport } from "../recovery/report.js";
import type { RecoveryTuning } from "./backup-recovery.js";
import { step } from "./backup-recovery.js";
import { onCompensatingWrite } from "./compensating-writes.js";
import type { RefusedEdit } from "./compensating-writes.js";
import { manualClientReset } from "./manual-client-reset.js";
import type { ManualClientResetOptions, ResetOutcome } from "./manual-client-reset.js";
import { maxAttemptsOf } from "./reset-marker.js";
import { subscriptionFilter } from "./subscription-filter.js";
import { readSubscriptions, restoreSubscriptions } from "./subscriptions.js";
import type { SubscriptionSpec } from "./subscriptions.js";
import { isClientResetError, isCompensatingWriteError } from "./sync-sdk-types.js";
import type { CompensatingWriteErrorLike, QueryableRealmLike, SyncErrorHandler, SyncSessionLike, SyncedRealmLike } from "./sync-sdk-types.js";
import { combineWriteChecks } from "./combine-write-checks.js";

/** A realm as the discard callbacks receive it: synced, queryable. */
export type ResetRealm = SyncedRealmLike & QueryableRealmLike;

/** Prefix of the storage key holding a collected-but-not-merged changeset; the realm path follows. */
export const PENDING_CHANGESET_PREFIX = "realm-field-recovery/discard/";

/** Options of `discardUnsyncedChangesWithRecovery`. */
export interface DiscardWithRecoveryOptions {
  /** Path of the synced realm. */
  readonly realmPath: string;
  /** Device-local storage: checkpoint and the pending changeset (survives an app kill before the merge). */
  readonly storage: LocalStateStorage;
  /** @default new SyncCheckpoint({ realmPath, storage }) */
  readonly checkpoint?: SyncCheckpoint;
  /** Passed to the engine (policies, tracking, strict…). @default {} */
  readonly recovery?: RecoveryTuning;
  /** Checked at merge time on the merged object (e.g. `permissionCheck((m, o) => o.ownerId === user.id)`). */
  readonly canWrite?: CanWrite;
  /**
   * Test each recovered object against the before-realm's subscriptions (in `onAfter`) and skip
   * those outside them ("outside subscription").
   * @default true when the before-realm has `subscriptions`
   */
  readonly filterBySubscriptions?: boolean;
  /** @default [] */
  readonly writeAnyway?: readonly DenialReason[];
  /** The subscriptions to re-add after the discard. @default readSubscriptions(before) (all of them, pending ones included) */
  readonly getPendingSubscriptions?: (before: ResetRealm) => SubscriptionSpec[];
  /** Re-adds them and waits for their sync. @default restoreSubscriptions */
  readonly addSubscriptions?: (realm: ResetRealm, subscriptions: readonly SubscriptionSpec[]) => Promise<unknown>;
  /** The live realm to merge into once subscriptions are synced. @default the `afterRealm` of `onAfter` */
  readonly getRealm?: () => ResetRealm | Promise<ResetRealm>;
  /** The app's own `onBefore`, called after ours. */
  readonly onBefore?: (before: ResetRealm) => void;
  /** The app's own `onAfter`, called after the changeset was collected. */
  readonly onAfter?: (before: ResetRealm, after: ResetRealm) => void;
  /** When given, `onFallback` (and a `ClientReset` sync error) run the manual flow with these options. */
  readonly fallback?: ManualClientResetOptions;
  /** The clock tracking stamps with: it receives the newest stamp the recovery saw (law 2), and stamps the checkpoint commit. @default getDefaultClock() */
  readonly clock?: HybridClock;
  /** @default 3 */
  readonly maxAttempts?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** The merge finished and was uploaded. */
  readonly onRecovered?: (outcome: DiscardRecoveryOutcome) => void;
  /** The merge failed, with its error. */
  readonly onError?: (error: unknown) => void;
  /** The server reverted writes (error 231): the refused edits, mapped to the last recovery's report. */
  readonly onCompensatingWrite?: (refused: readonly RefusedEdit[], error: CompensatingWriteErrorLike) => void;
  readonly onSyncError?: SyncErrorHandler;
}

/** A finished discard-mode recovery. */
export interface DiscardRecoveryOutcome {
  readonly status: "recovered";
  readonly realmPath: string;
  readonly since: Stamp | null;
  /** The engine's report: `DENIED` skips carry their `reason`; `writtenAnyway` lists flagged writes made anyway. */
  readonly report: RecoveryReport;
  /** Subscriptions the merge re-added. */
  readonly restoredSubscriptions: readonly SubscriptionSpec[];
  readonly commit: SyncCommit | undefined;
}

/** How a discard-mode recovery ended: recovered, failed, or nothing to do. */
export type DiscardOutcome = DiscardRecoveryOutcome | { readonly status: "failed"; readonly realmPath: string; readonly error: unknown } | { readonly status: "none"; readonly realmPath: string };

/** The stored pending merge. Format versions: 1 — 0.1.0 (this shape). */
interface PendingMerge {
  readonly v: 1;
  readonly attempts: number;
  readonly firstAttemptAt: number;
  readonly lastError?: string;
  readonly since: Stamp | null;
  readonly changeset: Changeset;
  readonly subscriptions: readonly SubscriptionSpec[];
  /** Subscription verdicts computed on the before-realm: `[model, key, reason]`. */
  readonly outside: readonly (readonly [string, string, DenialReason])[];
}

/** What `discardUnsyncedChangesWithRecovery` returns: spread `clientReset` and `error` into `sync`. */
export interface DiscardWithRecovery {
  readonly clientReset: {
    /** 12.x types it as its `ClientResetMode` enum: in TypeScript spread it with `mode: Realm.ClientResetMode.DiscardUnsyncedChanges`. */
    readonly mode: "discardUnsyncedChanges";
    /** Runs the app's `onBefore`. */
    readonly onBefore: (before: ResetRealm) => void;
    /** Collects the before-realm's unsynced changeset, then merges it into the after-realm. */
    readonly onAfter: (before: ResetRealm, after: ResetRealm) => void;
    /** Called by 12.x in the recover modes; in discard mode a failure arrives as a `ClientReset` sync error, which `error` routes the same way. */
    readonly onFallback: (session: SyncSessionLike, path: string) => void;
  };
  readonly error: SyncErrorHandler;
  /** The merge started by the last `onAfter`, or the manual flow of the last fallback. */
  pending(): Promise<DiscardOutcome | ResetOutcome> | undefined;
  /** At launch: merges a changeset collected before an app kill. */
  resume(realm: ResetRealm): Promise<DiscardOutcome>;
  /** The outcome of the last finished merge, if any. */
  lastOutcome(): DiscardRecoveryOutcome | undefined;
}

/**
 * The discard mode with recovery: in `onAfter` (synchronous, while the frozen before-realm is valid)
 * collect the unsynced edits, subscription verdicts and the subscriptions, store them; then re-add
 * the dropped subscriptions, wait for them, merge, upload, commit the checkpoint.
 */
export function discardUnsyncedChangesWithRecovery(options: DiscardWithRecoveryOptions): DiscardWithRecovery {
  const { realmPath, storage } = options;
  const key = `${PENDING_CHANGESET_PREFIX}${realmPath}`;
  const checkpoint = options.checkpoint ?? new SyncCheckpoint({ realmPath, storage });
  const fallback = options.fallback === undefined ? undefined : manualClientReset(options.fallback);
  let pending: Promise<DiscardOutcome | ResetOutcome> | undefined;
  let last: DiscardRecoveryOutcome | undefined;

  const read = (): PendingMerge | undefined => {
    const text = storage.get(key);
    if (text === undefined || text === "") return undefined;
    try {
      const data = JSON.parse(text) as PendingMerge;
      return data.v === 1 ? data : undefined;
    } catch {
      return undefined;
    }
  };

  const collect = (before: ResetRealm): PendingMerge => {
    const since = checkpoint.since;
    const tracking = options.recovery?.tracking;
    const changeset = collectUnsyncedChanges(before, since, tracking === undefined ? {} : { tracking });
    const subscriptions = options.getPendingSubscriptions?.(before) ?? readSubscriptions(before);
    const outside: (readonly [string, string, DenialReason])[] = [];
    if (options.filterBySubscriptions ?? before.subscriptions !== undefined) {
      const filter = subscriptionFilter(before, { subscriptions, objectsIn: [before] });
      for (const change of changeset.objects) {
        const verdict = filter(change.model, {}, { key: change.key, operation: change.created === null ? "update" : "create" });
        if (verdict !== true) outside.push([change.model, change.key, verdict === false ? "outside subscription" : verdict.reason]);
      }
    }
    const previous = read();
    return { v: 1, attempts: previous?.attempts ?? 0, firstAttemptAt: previous?.firstAttemptAt ?? (options.now ?? Date.now)(), since, changeset, subscriptions, outside };
  };

  const merge = async (realm: ResetRealm, payload: PendingMerge): Promise<DiscardRecoveryOutcome> => {
    if (payload.attempts >= maxAttemptsOf(options)) {
      throw new RecoveryCycleError({ v: 1, attempts: payload.attempts, firstAttemptAt: payload.firstAttemptAt, backupPath: `${key} (local storage)`, ...(payload.lastError === undefined ? {} : { lastError: payload.lastError }) }, realmPath);
    }
    const counted: PendingMerge = { ...payload, attempts: payload.attempts + 1 };
    storage.set(key, JSON.stringify(counted));
    try {
      const restored = await step("restore-subscriptions", realmPath, undefined, undefined, () =>
        options.addSubscriptions !== undefined ? options.addSubscriptions(realm, payload.subscriptions).then(() => [...payload.subscriptions]) : restoreSubscriptions(realm, payload.subscriptions),
      );
      const report = await step("recover", realmPath, undefined, undefined, () => {
        const outside = new Map(payload.outside.map(([model, objectKey, reason]) => [`${model}\u0000${objectKey}`, reason]));
        const live = options.filterBySubscriptions ?? realm.subscriptions !== undefined ? subscriptionFilter(realm) : undefined;
        // Creates and updates were tested in onAfter on the before-realm's values; deletes against the live subscriptions.
        const subscriptions: CanWrite = (model, object, context) => {
          if (context.operation === "delete") return live?.(model, object, context) ?? true;
          const reason = outside.get(`${model}\u0000${context.key}`);
          return reason === undefined ? true : { reason };
        };
        const canWrite = combineWriteChecks(subscriptions, options.canWrite);
        const { clock, ...tuning } = options.recovery ?? {};
        const merged = applyChanges(realm, payload.changeset, { ...tuning, canWrite, ...(options.writeAnyway === undefined ? {} : { writeAnyway: options.writeAnyway }) });
        // Every later write stamps above what the recovery saw (law 2).
        receiveNewestStamp(clock ?? options.clock ?? getDefaultClock(), realm, { changeset: payload.changeset, ...(tuning.tracking === undefined ? {} : { tracking: tuning.tracking }), ...(tuning.now === undefined ? {} : { now: tuning.now }) });
        return merged;
      });
      const session = realm.syncSession ?? undefined;
      const commit = session === undefined ? undefined : await step("upload", realmPath, undefined, undefined, () => checkpoint.afterUpload(realm, () => session.uploadAllLocalChanges(), options.clock === undefined ? {} : { clock: options.clock }));
      storage.set(key, "");
      return { status: "recovered", realmPath, since: payload.since, report, restoredSubscriptions: restored, commit };
    } catch (error) {
      storage.set(key, JSON.stringify({ ...counted, lastError: error instanceof Error ? error.message : String(error) }));
      throw error;
    }
  };

  const settle = async (run: () => Promise<DiscardRecoveryOutcome>): Promise<DiscardOutcome> => {
    try {
      const outcome = await run();
      last = outcome;
      options.onRecovered?.(outcome);
      return outcome;
    } catch (error) {
      options.onError?.(error);
      return { status: "failed", realmPath, error };
    }
  };

  const runFallback = (session: SyncSessionLike, path: string): void => {
    if (fallback === undefined) {
      options.onError?.(new Error(`client reset of ${JSON.stringify(realmPath)} fell back to manual mode, but no \`fallback\` options were given; the backup at ${JSON.stringify(path)} was not recovered`));
      return;
    }
    pending = fallback.run(session, path);
  };

  return {
    clientReset: {
      mode: "discardUnsyncedChanges",
      onBefore(before) {
        options.onBefore?.(before);
      },
      onAfter(before, after) {
        let payload: PendingMerge;
        try {
          payload = collect(before);
          storage.set(key, JSON.stringify(payload));
        } catch (error) {
          options.onError?.(error);
          options.onAfter?.(before, after);
          return;
        }
        options.onAfter?.(before, after);
        pending = settle(async () => merge(options.getRealm === undefined ? after : await options.getRealm(), payload));
      },
      onFallback: runFallback,
    },
    error(session, err) {
      if (isClientResetError(err)) runFallback(session, err.config.path);
      else if (isCompensatingWriteError(err) && options.onCompensatingWrite !== undefined) options.onCompensatingWrite(onCompensatingWrite(err, last?.report), err);
      else options.onSyncError?.(session, err);
    },
    pending: () => pending,
    async resume(realm) {
      const payload = read();
      if (payload === undefined) return { status: "none", realmPath };
      return settle(() => merge(realm, payload));
    },
    lastOutcome: () => last,
  };
}
