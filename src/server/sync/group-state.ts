// The database as one transaction of grouped pushes sees it: rows read once, then changed in
// memory by each push's plan in arrival order (what the SQL of each operation would do), and
// written at the end in one statement (`flushGroup`). Push N of a group merges against the state
// pushes 1..N-1 left, as it would in a transaction of its own after theirs.
import type { MergeOperation } from "../../recovery/merge-operations.js";
import type { EncodedValue } from "../../recovery/value-codec.js";
import type { PushResponse } from "../protocol.js";
import type { SqlClient } from "../storage/database.js";
import type { GroupWrites } from "../storage/write-group.js";
import { idOf, loadState, pushKeyOf } from "../storage/rows.js";
import type { ObjectId, ObjectRow, PushKey, TombstoneRow } from "../storage/rows.js";

/** A pushed version for the log. */
export interface LoggedVersion extends PushKey {
  readonly version: number;
  readonly operations: number;
}

/** An answered push to store, so a replay returns it. */
export interface AnsweredPush extends PushKey {
  readonly response: PushResponse;
}

export class GroupState {
  /** Known rows by id; `null`: known to be absent. */
  readonly objects = new Map<string, ObjectRow | null>();
  readonly tombstones = new Map<string, TombstoneRow | null>();
  /** Ids whose row this group changed. */
  readonly changedObjects = new Map<string, ObjectId>();
  readonly changedTombstones = new Set<string>();
  /** Answers stored before the group, then the group's own (a replay inside the group included). */
  readonly answered = new Map<string, PushResponse>();
  readonly versions: LoggedVersion[] = [];
  readonly pushes: AnsweredPush[] = [];

  constructor(
    private readonly tx: SqlClient,
    /** The head version when the group started; advanced by each push that writes. */
    public head: number,
  ) {}

  /** Reads the rows of `ids` not known yet (and the stored answers of `pushes`), in one statement. */
  async load(ids: Iterable<ObjectId>, pushes: readonly PushKey[] = []): Promise<void> {
    const missing = new Map<string, ObjectId>();
    for (const id of ids) {
      const key = idOf(id.model, id.key);
      if (!this.objects.has(key)) missing.set(key, id);
    }
    const unknownPushes = pushes.filter((push) => !this.answered.has(pushKeyOf(push)));
    if (missing.size === 0 && unknownPushes.length === 0) return;
    const loaded = await loadState(this.tx, [...missing.values()], unknownPushes);
    for (const key of missing.keys()) {
      this.objects.set(key, null);
      this.tombstones.set(key, null);
    }
    for (const row of loaded.objects) this.objects.set(idOf(row.model, row.key), row);
    for (const row of loaded.tombstones) this.tombstones.set(idOf(row.model, row.key), row);
    for (const [key, response] of loaded.answered) this.answered.set(key, response);
  }

  object(model: string, key: string): ObjectRow | undefined {
    return this.objects.get(idOf(model, key)) ?? undefined;
  }

  tombstone(model: string, key: string): TombstoneRow | undefined {
    return this.tombstones.get(idOf(model, key)) ?? undefined;
  }

  /** Performs `operations` at `version`, in plan order, as their SQL would. */
  apply(operations: readonly MergeOperation[], version: number): void {
    const deletedValues = new Map<string, Readonly<Record<string, EncodedValue>>>();
    for (const op of operations) {
      const id = idOf(op.model, op.key);
      switch (op.kind) {
        case "delete": {
          const row = this.objects.get(id);
          if (row === null || row === undefined) break;
          deletedValues.set(id, row.values);
          this.objects.set(id, null);
          this.changedObjects.set(id, op);
          break;
        }
        case "tombstone": {
          // A tombstone without a delete in the same push keeps the values recorded before.
          const values = deletedValues.get(id) ?? this.tombstones.get(id)?.values ?? null;
          this.tombstones.set(id, { model: op.model, key: op.key, stamp: op.stamp, generation: op.generation, values, version });
          this.changedTombstones.add(id);
          break;
        }
        case "create":
          this.objects.set(id, { model: op.model, key: op.key, values: op.values, stamps: op.stamps, version });
          this.changedObjects.set(id, op);
          break;
        case "update": {
          const row = this.objects.get(id);
          if (row === null || row === undefined) break; // an UPDATE of no row
          this.objects.set(id, { model: op.model, key: op.key, values: { ...row.values, ...op.values }, stamps: op.stamps, version });
          this.changedObjects.set(id, op);
          break;
        }
      }
    }
  }

  /** The final state of every row the group changed, its versions and answers, for `writeGroup`. */
  writes(): GroupWrites {
    const removed: ObjectId[] = [];
    const objects: ObjectRow[] = [];
    for (const [id, { model, key }] of this.changedObjects) {
      const row = this.objects.get(id);
      if (row === null || row === undefined) removed.push({ model, key });
      else objects.push(row);
    }
    const tombstones: TombstoneRow[] = [];
    for (const id of this.changedTombstones) {
      const row = this.tombstones.get(id);
      if (row !== null && row !== undefined) tombstones.push(row);
    }
    return { removed, objects, tombstones, versions: this.versions, pushes: this.pushes, head: this.versions.length === 0 ? undefined : this.head };
  }
}
