// Applying what the server sends: pulled changes, compensating writes, and a reset's snapshot.
// Every merge is the library's applyChanges; the server's state wins only where its stamps do
// (pulls) or where the server refused the device's write (compensating writes).
import type { HybridClock } from "../clock/index.js";
import type { CompensatingWriteErrorLike } from "../adapters/sync-sdk-types.js";
import { applyChanges } from "../recovery/apply-changes.js";
import type { RecoveryReport } from "../recovery/report.js";
import type { RealmLike } from "../realm-like.js";
import { decodePrimaryKey } from "../schema/primary-key.js";
import type { ResolvedTrackingOptions, TrackingOptions } from "../schema/tracking-options.js";
import type { CompensatingWrite, PullChanges, ServerObject, ServerTombstone } from "../server/protocol.js";
import { forgetLocalStamps, removeLocally } from "./local-writes.js";
import { changesetOfServerState, newestServerStamp } from "./server-changeset.js";

/** The server's data is the truth: its stamps are not refused for lying ahead of this device's clock. */
const SERVER_DATA = { maxDrift: Number.POSITIVE_INFINITY } as const;

/** Lets the device's clock see the server's newest stamp, so later local edits are newer (causality). */
export function receiveStamps(clock: HybridClock, objects: readonly ServerObject[], tombstones: readonly ServerTombstone[]): void {
  const newest = newestServerStamp(objects, tombstones);
  if (newest === undefined) return;
  try {
    clock.receive(newest);
  } catch {
    // Further ahead than the clock accepts: local edits may then lose to it, as under any skew.
  }
}

/** Merges one pull page into the device (synchronous: no await between reading and writing). */
export function applyPulled(realm: RealmLike, page: PullChanges, tracking: TrackingOptions | undefined, resolved: ResolvedTrackingOptions, clock: HybridClock): RecoveryReport | undefined {
  removeLocally(realm, page.gone, resolved);
  if (page.objects.length === 0 && page.tombstones.length === 0) return undefined;
  const report = applyChanges(realm, changesetOfServerState(page.objects, page.tombstones), { ...SERVER_DATA, ...(tracking === undefined ? {} : { tracking }) });
  receiveStamps(clock, page.objects, page.tombstones);
  return report;
}

/** Reverts the refused writes: the server's object back (stamps and all), or removed when the device may not see it. */
export function applyCompensatingWrite(realm: RealmLike, write: CompensatingWrite, tracking: TrackingOptions | undefined, resolved: ResolvedTrackingOptions): CompensatingWriteErrorLike {
  const restored = write.writes.flatMap((w) => (w.object === null ? [] : [w.object]));
  removeLocally(realm, write.writes.filter((w) => w.object === null), resolved);
  forgetLocalStamps(realm, restored, resolved);
  if (restored.length > 0) applyChanges(realm, changesetOfServerState(restored, []), { ...SERVER_DATA, ...(tracking === undefined ? {} : { tracking }) });
  return {
    name: "CompensatingWriteError",
    code: write.code,
    message: write.message,
    writes: write.writes.map((w) => {
      let primaryKey: ReturnType<typeof decodePrimaryKey>;
      try {
        primaryKey = decodePrimaryKey(w.key, w.model);
      } catch {
        primaryKey = w.key;
      }
      return { objectName: w.model, primaryKey, reason: w.reason };
    }),
  };
}

/** A reset's snapshot, on models the device has just cleared. */
export function applySnapshot(realm: RealmLike, objects: readonly ServerObject[], tombstones: readonly ServerTombstone[], tracking: TrackingOptions | undefined, clock: HybridClock): void {
  applyChanges(realm, changesetOfServerState(objects, tombstones), { ...SERVER_DATA, ...(tracking === undefined ? {} : { tracking }) });
  receiveStamps(clock, objects, tombstones);
}
