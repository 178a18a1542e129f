// The RecoveryReport: every decision of a recovery as plain data (what was applied, what the
// server kept and why, what was created, deleted or skipped), plus strict mode's error.
import { FieldRecoveryError } from "../errors.js";
import type { Stamp } from "../clock/index.js";
import type { EncodedValue } from "./value-codec.js";
import type { ObjectChange, TombstoneChange } from "./changeset.js";
import { keepShape } from "../utils/keep-shape.js";

/** A value with the stamp it carries (`stamp` undefined: never stamped). */
export interface StampedValue {
  readonly value: EncodedValue | undefined;
  readonly stamp: Stamp | undefined;
}

/** A field the recovery wrote into the fresh realm. */
export interface AppliedField {
  readonly model: string;
  /** Encoded primary key (`encodePrimaryKey`). */
  readonly key: string;
  /** Field path, dot-joined (`address.city`). */
  readonly field: string;
  readonly value: EncodedValue | undefined;
  readonly stamp: Stamp;
  /** What the fresh realm held before. */
  readonly previous: StampedValue;
  /** Name of the policy that decided. */
  readonly policy: string;
  /** Set when the fresh realm's stamp lay further in the future than `maxDrift`: how far ahead of `now()` it was (ms). The written value carries the greater stamp, so it inherits it. */
  readonly serverStampAheadBy?: number;
}

/** A field where the server's value stayed: the losing local value and both stamps. */
export interface KeptField {
  readonly model: string;
  readonly key: string;
  readonly field: string;
  readonly local: StampedValue;
  readonly server: StampedValue;
  readonly policy: string;
  /**
   * Set when the server's stamp lies further in the future than `maxDrift`: how far ahead of
   * `now()` it is (ms). Such a stamp (a device with a wrong clock wrote it) beats every
   * recovered edit until the clock catches up; check that device's clock.
   */
  readonly serverStampAheadBy?: number;
}

/** An object the recovery created (it was created or re-created on the backup device). */
export interface CreatedObject {
  readonly model: string;
  readonly key: string;
  readonly generation: number;
}

/** An object the recovery deleted (a local delete), or a local object that stays deleted. */
export interface DeletedObject {
  readonly model: string;
  readonly key: string;
  readonly generation: number;
  readonly stamp: Stamp;
  /**
   * Set when the server had edited the object after the local delete (another device's edit the
   * delete overwrote, under `"deleteWins"`): the object's values as the fresh realm held them,
   * encoded, and its newest stamp. Choose `"updateWins"` to keep such objects instead.
   */
  readonly overwritten?: { readonly newestStamp: Stamp; readonly values: Readonly<Record<string, EncodedValue>> };
}

/** Stable reason codes of skipped entries. */
export type SkipCode =
  | "MODEL_MISSING"
  | "NO_PRIMARY_KEY"
  | "FIELD_MISSING"
  | "TYPE_MISMATCH"
  | "MALFORMED_STAMP"
  | "CLOCK_DRIFT"
  | "MALFORMED_KEY"
  | "PARENT_MISSING"
  | "INCOMPLETE_OBJECT"
  | "LINK_TARGET_MISSING"
  | "DELETED_ON_SERVER"
  | "UPDATED_ON_SERVER"
  | "STALE_GENERATION"
  | "DENIED"
  | "UNREADABLE"
  | "MALFORMED_TIMESTAMPS"
  | "FRESH_UNTRACKED"
  | "BACKUP_UNTRACKED";

/** Something the recovery did not write, with why. `field` absent: the whole object. */
export interface SkippedEntry {
  readonly code: SkipCode | (string & {});
  readonly message: string;
  readonly model?: string;
  readonly key?: string;
  readonly field?: string;
  /** The local value that was not written, when there is one. */
  readonly local?: StampedValue;
  /**
   * For a skip of a whole object (`field` absent: `DELETED_ON_SERVER`, `MODEL_MISSING`,
   * `STALE_GENERATION`, `DENIED`, `INCOMPLETE_OBJECT`…): the backup's unsynced change that was
   * not recovered, as extraction read it: every changed field with its value and stamp, the
   * other fields' values, counter increments. Once the backup is removed this is the only copy.
   */
  readonly object?: ObjectChange;
  /** For a skipped local delete: the delete (model, key, stamp, generation). */
  readonly tombstone?: TombstoneChange;
  /** For `DENIED`: why the server would refuse the write ("outside subscription", "denied by permission"…). */
  readonly reason?: string;
}

/** A write `canWrite` refused but that was made anyway (`writeAnyway`): the server may revert it. */
export interface WrittenAnyway {
  readonly model: string;
  readonly key: string;
  readonly operation: "create" | "update" | "delete";
  readonly reason: string;
}

/** An unexpected failure recorded instead of aborting (apply-time errors abort: see `applyChanges`). */
export interface ReportError {
  readonly code: string;
  readonly message: string;
  readonly model?: string;
  readonly key?: string;
  readonly field?: string;
  /** The unsynced change left out because of the error (as `SkippedEntry.object`). */
  readonly object?: ObjectChange;
  /** The local delete left out because of the error. */
  readonly tombstone?: TombstoneChange;
}

/** Everything a recovery decided. */
export interface RecoveryReport {
  readonly applied: readonly AppliedField[];
  readonly kept: readonly KeptField[];
  readonly created: readonly CreatedObject[];
  readonly deleted: readonly DeletedObject[];
  readonly skipped: readonly SkippedEntry[];
  /** Writes made despite a refusal whose reason is in `writeAnyway`. */
  readonly writtenAnyway: readonly WrittenAnyway[];
  readonly errors: readonly ReportError[];
  readonly counts: {
    readonly applied: number;
    readonly kept: number;
    readonly created: number;
    readonly deleted: number;
    readonly skipped: number;
    readonly writtenAnyway: number;
    readonly errors: number;
  };
  /** `true` when nothing was written (`dryRun`). */
  readonly dryRun: boolean;
}

/** Thrown in strict mode at the first entry that would be skipped (code `RECOVERY_SKIPPED`). */
export class RecoverySkippedError extends FieldRecoveryError {
  /** The entry that would have been recorded in `report.skipped`. */
  readonly entry: SkippedEntry;

  constructor(entry: SkippedEntry) {
    super(
      "RECOVERY_SKIPPED",
      `Strict recovery stopped: ${entry.code}: ${entry.message}. Nothing was written; fix the data or run without \`strict\` to skip and report it`,
      { ...(entry.model === undefined ? {} : { model: entry.model }), ...(entry.key === undefined ? {} : { objectKey: entry.key }), ...(entry.field === undefined ? {} : { field: entry.field }) },
    );
    this.entry = entry;
  }
}

/** Collects report entries while a merge is planned. */
export class ReportBuilder {
  readonly applied: AppliedField[] = [];
  readonly kept: KeptField[] = [];
  readonly created: CreatedObject[] = [];
  readonly deleted: DeletedObject[] = [];
  readonly skipped: SkippedEntry[] = [];
  readonly writtenAnyway: WrittenAnyway[] = [];
  readonly errors: ReportError[] = [];

  constructor(private readonly strict: boolean) {}

  /** Records a skip; in strict mode throws instead. */
  skip(entry: SkippedEntry): void {
    if (this.strict) throw new RecoverySkippedError(entry);
    this.skipped.push(entry);
  }

  build(dryRun: boolean): RecoveryReport {
    return {
      applied: this.applied,
      kept: this.kept,
      created: this.created,
      deleted: this.deleted,
      skipped: this.skipped,
      writtenAnyway: this.writtenAnyway,
      errors: this.errors,
      counts: {
        applied: this.applied.length,
        kept: this.kept.length,
        created: this.created.length,
        deleted: this.deleted.length,
        skipped: this.skipped.length,
        writtenAnyway: this.writtenAnyway.length,
        errors: this.errors.length,
      },
      dryRun,
    };
  }
}

keepShape(new ReportBuilder(false));
