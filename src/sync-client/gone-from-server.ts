// On a reset: an object the device had synced (created before its checkpoint) that the snapshot
// neither holds nor marks deleted was deleted on the server, its tombstone compacted away (or it
// left the device's view). Re-creating it from the backup would resurrect it for every device, so
// its edits are not re-applied: they are reported (DELETED_ON_SERVER) and the backup is kept.
import type { Changeset } from "../recovery/changeset.js";
import type { RecoveryReport, SkippedEntry } from "../recovery/report.js";
import type { ServerObject, ServerTombstone } from "../server/protocol.js";

const idOf = (model: string, key: string): string => `${model}\u0000${key}`;

/** `changesets` without the edits of synced objects the server no longer has, and the skips to report. */
export function goneFromServer(changesets: readonly Changeset[], objects: readonly ServerObject[], tombstones: readonly ServerTombstone[]): { readonly changesets: readonly Changeset[]; readonly skipped: readonly SkippedEntry[] } {
  const known = new Set([...objects.map((o) => idOf(o.model, o.key)), ...tombstones.map((t) => idOf(t.model, t.key))]);
  const skipped: SkippedEntry[] = [];
  const kept = changesets.map((changeset) => {
    const objectsKept = changeset.objects.filter((change) => {
      if (change.created !== null || known.has(idOf(change.model, change.key))) return true;
      skipped.push({
        code: "DELETED_ON_SERVER",
        message: "not on the server any more: deleted there (its tombstone compacted away) or out of this device's view; local edits not recovered, so it is not re-created",
        model: change.model,
        key: change.key,
      });
      return false;
    });
    return objectsKept.length === changeset.objects.length ? changeset : { ...changeset, objects: objectsKept };
  });
  return { changesets: kept, skipped };
}

/** `report` with `skipped` added. */
export function withSkipped(report: RecoveryReport, skipped: readonly SkippedEntry[]): RecoveryReport {
  return { ...report, skipped: [...report.skipped, ...skipped], counts: { ...report.counts, skipped: report.counts.skipped + skipped.length } };
}
