// The lazy `base` of recoverUnsyncedChanges: a changed object's unchanged values (`base`) are
// needed only to re-create an object the fresh realm lacks, so extraction leaves them out
// (collectChanges with lazyBase) and they are read from the backup here, object by object, when
// the merge finds no fresh object, a local delete precedes a re-create, or the report carries
// the change. The backup is only read (law 17).
import type { ObjectSchemaLike, RealmLike } from "../realm-like.js";
import { decodePrimaryKey } from "../schema/primary-key.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { ResolvedTrackingOptions } from "../schema/tracking-options.js";
import type { Changeset, ChangesetProblem, ObjectChange } from "./changeset.js";
import { collectObject, modelFields } from "./collect-unsynced-changes.js";
import type { CollectOptions, CollectedChanges, ModelFields } from "./collect-unsynced-changes.js";
import { codecContext } from "./fresh-view.js";
import type { RecoveryReport } from "./report.js";
import type { CodecContext } from "./value-codec.js";

/** The changes of a lazy collection still without their base, by model and key; fills them on demand. */
export class LazyBases {
  /** By model, then key; made on the first lookup (most recoveries make none: every object exists, nothing is skipped). */
  private pendingByKey: Map<string, Map<string, ObjectChange>> | undefined;
  private readonly lazy: ReadonlySet<ObjectChange>;
  private readonly fields = new Map<string, ModelFields>();
  private readonly tracking: ResolvedTrackingOptions;
  private readonly context: CodecContext;
  private readonly isAfter: (stamp: string) => boolean;
  private readonly known: ReadonlySet<string>;
  /** Problems met while reading bases (an unreadable unchanged value), not yet in the changeset's. */
  readonly problems: ChangesetProblem[] = [];

  constructor(
    private readonly backup: RealmLike,
    private readonly changeset: Changeset,
    collected: CollectedChanges,
    options: CollectOptions,
  ) {
    this.tracking = resolveTrackingOptions(options.tracking);
    this.context = codecContext(backup.schema);
    const since = changeset.since;
    this.isAfter = (stamp) => since === null || stamp > since;
    this.known = new Set((changeset.problems ?? []).map(problemId));
    this.lazy = collected.lazy;
    // A local delete of the same key comes first in the plan, which then sees no fresh object without asking.
    for (const tombstone of changeset.tombstones) this.fillKey(tombstone.model, tombstone.key);
  }

  /** The changes still without their base, by model and key (indexed on first use). */
  private get pending(): Map<string, Map<string, ObjectChange>> {
    if (this.pendingByKey === undefined) {
      const pending = new Map<string, Map<string, ObjectChange>>();
      for (const change of this.lazy) {
        let byKey = pending.get(change.model);
        if (byKey === undefined) pending.set(change.model, (byKey = new Map()));
        byKey.set(change.key, change);
      }
      this.pendingByKey = pending;
    }
    return this.pendingByKey;
  }

  /** Reads the base of the pending change of `model` / `key`, if there is one. */
  fillKey(model: string, key: string): void {
    const change = this.pending.get(model)?.get(key);
    if (change !== undefined) this.fill(change);
  }

  /** Gives every change the report carries (skips, errors) its base: the report outlives the backup. */
  fillReported(report: RecoveryReport): RecoveryReport {
    for (const entry of report.skipped) if (entry.object !== undefined) this.fillKey(entry.object.model, entry.object.key);
    for (const entry of report.errors) if (entry.object !== undefined) this.fillKey(entry.object.model, entry.object.key);
    if (this.problems.length === 0) return report;
    // Extraction's problems come first in `skipped`, as when they are found while extracting.
    const skipped = [...this.problems, ...report.skipped];
    return { ...report, skipped, counts: { ...report.counts, skipped: skipped.length } };
  }

  private fill(change: ObjectChange): void {
    this.pending.get(change.model)?.delete(change.key);
    // The codec's schema lookup (on real Realm, `realm.schema` builds the whole schema at each read).
    const schema = this.context.schemaOf(change.model) as ObjectSchemaLike;
    const object = this.backup.objectForPrimaryKey(change.model, decodePrimaryKey(change.key, change.model));
    if (object === null) return; // the backup is never written: it was read a moment ago
    let fields = this.fields.get(change.model);
    if (fields === undefined) this.fields.set(change.model, (fields = modelFields(schema, this.tracking, this.context)));
    // The object read again the eager way: the same base, the same problems, as extraction gives.
    const out: ObjectChange[] = [];
    const problems: ChangesetProblem[] = [];
    collectObject(object, schema, fields, this.tracking, this.context, this.isAfter, out, problems);
    const base = out[0]?.base;
    if (base !== undefined) (change as { base?: ObjectChange["base"] }).base = base;
    for (const problem of problems) if (!this.known.has(problemId(problem))) this.problems.push(problem);
  }
}

const problemId = (problem: ChangesetProblem): string => JSON.stringify([problem.code, problem.model, problem.key, problem.field, problem.message]);
