// The Changeset: a backup's unsynced edits as plain, JSON-serializable data. Extraction
// writes it, the merge reads it; it can be stored, sent, or inspected between the two.
import { FieldRecoveryError } from "../errors.js";
import type { Stamp } from "../clock/index.js";
import type { EncodedValue } from "./value-codec.js";

/**
 * Changeset format versions (docs/storage-format.md):
 * 1 — 0.1.0: objects with stamped fields, base values, tombstones, extraction problems.
 */
export const CHANGESET_FORMAT = 1;

/** The value and stamp of one changed field path. */
export interface FieldChange {
  /** The backup's value at the path, encoded (`value-codec`); `{ $absent: true }` for a removed dictionary entry. */
  readonly value: EncodedValue;
  /** The effective stamp of the path in the backup. */
  readonly stamp: Stamp;
  /** For counters: how much this device added since the checkpoint (merged by `counterDelta`). */
  readonly delta?: number;
}

/** A field value not changed since the checkpoint, kept in case the object must be re-created. */
export interface BaseField {
  readonly value: EncodedValue;
  /** Its effective stamp (its own or the object's `#created`, the newer), or `null` when it has none. */
  readonly stamp: Stamp | null;
}

/** One object of the backup with unsynced fields. */
export interface ObjectChange {
  readonly model: string;
  /** The primary key, encoded (`encodePrimaryKey`). */
  readonly key: string;
  /** The object's generation (1 unless re-created after a delete). */
  readonly generation: number;
  /** The creation stamp, when the object was created after `since` (or always, for a full changeset). */
  readonly created: Stamp | null;
  /** Changed paths by field key (`encodeFieldKey`): only effective stamps, superseded sub-paths left out. */
  readonly fields: Readonly<Record<string, FieldChange>>;
  /** The other top-level fields by name: used only if the fresh realm lacks the object. */
  readonly base?: Readonly<Record<string, BaseField>>;
  /** Counter increments after `since`: `#inc/<node>/<field key>` -> `<sum>@<stamp>` (docs/storage-format.md). */
  readonly increments?: Readonly<Record<string, string>>;
}

/** A delete made on the backup device. */
export interface TombstoneChange {
  readonly model: string;
  readonly key: string;
  readonly stamp: Stamp;
  readonly generation: number;
}

/** Something extraction could not read; the merge copies it into the report's `skipped`. */
export interface ChangesetProblem {
  readonly code: string;
  readonly message: string;
  readonly model?: string;
  readonly key?: string;
  readonly field?: string;
}

/** The unsynced edits of a backup realm. */
export interface Changeset {
  readonly format: 1;
  /** The checkpoint the changeset was taken after; `null` for a full changeset (every stamped field). */
  readonly since: Stamp | null;
  readonly objects: readonly ObjectChange[];
  readonly tombstones: readonly TombstoneChange[];
  readonly problems?: readonly ChangesetProblem[];
}

/** The marker for a dictionary entry that was removed. */
export const ABSENT: { readonly $absent: true } = Object.freeze({ $absent: true as const });

/** `true` for the removed-dictionary-entry marker. */
export function isAbsent(value: unknown): value is { $absent: true } {
  return typeof value === "object" && value !== null && (value as { $absent?: unknown }).$absent === true && Object.keys(value).length === 1;
}

/** Thrown by `parseChangeset` when the input is not a changeset (code `INVALID_CHANGESET`). */
export class InvalidChangesetError extends FieldRecoveryError {
  /** Where in the input the problem is, e.g. `objects[3].fields.age.stamp`. */
  readonly at: string;

  constructor(at: string, expected: string, got: unknown, location: { model?: string; objectKey?: string; field?: string } = {}) {
    super("INVALID_CHANGESET", `Invalid changeset at ${at}: expected ${expected}, got ${describe(got)}. Changesets are written by collectUnsyncedChanges; do not edit them by hand`, location);
    this.at = at;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const checkString = (value: unknown, at: string, location?: object): string => {
  if (typeof value !== "string") throw new InvalidChangesetError(at, "a string", value, location);
  return value;
};

const checkGeneration = (value: unknown, at: string, location?: object): number => {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) throw new InvalidChangesetError(at, "an integer >= 1", value, location);
  return value;
};

/**
 * Checks the shape of a changeset (a JSON string or parsed data) and returns it typed.
 * Stamps are checked to be strings only: a malformed stamp skips its field in the merge
 * (law 18) instead of rejecting the whole changeset.
 * @throws InvalidChangesetError (code `INVALID_CHANGESET`) naming the bad entry.
 */
export function parseChangeset(input: unknown): Changeset {
  let data: unknown = input;
  if (typeof input === "string") {
    try {
      data = JSON.parse(input);
    } catch {
      throw new InvalidChangesetError("(root)", "JSON text", input.slice(0, 60));
    }
  }
  if (!isRecord(data)) throw new InvalidChangesetError("(root)", "an object", data);
  if (data.format !== CHANGESET_FORMAT) throw new InvalidChangesetError("format", `${CHANGESET_FORMAT} (the only format this version reads)`, data.format);
  if (data.since !== null && typeof data.since !== "string") throw new InvalidChangesetError("since", "a stamp or null", data.since);
  if (!Array.isArray(data.objects)) throw new InvalidChangesetError("objects", "an array", data.objects);
  if (!Array.isArray(data.tombstones)) throw new InvalidChangesetError("tombstones", "an array", data.tombstones);
  (data.objects as unknown[]).forEach((entry, i) => checkObject(entry, i));
  (data.tombstones as unknown[]).forEach((entry, i) => {
    const at = `tombstones[${i}]`;
    if (!isRecord(entry)) throw new InvalidChangesetError(at, "an object", entry);
    const model = checkString(entry.model, `${at}.model`);
    checkString(entry.key, `${at}.key`, { model });
    checkString(entry.stamp, `${at}.stamp`, { model });
    checkGeneration(entry.generation, `${at}.generation`, { model });
  });
  if (data.problems !== undefined) {
    if (!Array.isArray(data.problems)) throw new InvalidChangesetError("problems", "an array", data.problems);
    (data.problems as unknown[]).forEach((entry, i) => {
      if (!isRecord(entry)) throw new InvalidChangesetError(`problems[${i}]`, "an object", entry);
      checkString(entry.code, `problems[${i}].code`);
      checkString(entry.message, `problems[${i}].message`);
    });
  }
  return data as unknown as Changeset;
}

function checkObject(entry: unknown, index: number): void {
  const at = `objects[${index}]`;
  if (!isRecord(entry)) throw new InvalidChangesetError(at, "an object", entry);
  const model = checkString(entry.model, `${at}.model`);
  const key = checkString(entry.key, `${at}.key`, { model });
  const location = { model, objectKey: key };
  checkGeneration(entry.generation, `${at}.generation`, location);
  if (entry.created !== null && typeof entry.created !== "string") throw new InvalidChangesetError(`${at}.created`, "a stamp or null", entry.created, location);
  if (!isRecord(entry.fields)) throw new InvalidChangesetError(`${at}.fields`, "an object", entry.fields, location);
  // Locations are built only on failure: this runs once per changed field.
  for (const [field, change] of Object.entries(entry.fields)) {
    const fieldAt = (): string => `${at}.fields[${JSON.stringify(field)}]`;
    if (!isRecord(change) || !("value" in change)) throw new InvalidChangesetError(fieldAt(), "{ value, stamp }", change, { ...location, field });
    if (typeof change.stamp !== "string") checkString(change.stamp, `${fieldAt()}.stamp`, { ...location, field });
    if (change.delta !== undefined && (typeof change.delta !== "number" || !Number.isFinite(change.delta))) {
      throw new InvalidChangesetError(`${fieldAt()}.delta`, "a finite number", change.delta, { ...location, field });
    }
  }
  if (entry.increments !== undefined) {
    if (!isRecord(entry.increments)) throw new InvalidChangesetError(`${at}.increments`, "an object", entry.increments, location);
    for (const [incrementKey, text] of Object.entries(entry.increments)) if (typeof text !== "string") checkString(text, `${at}.increments[${JSON.stringify(incrementKey)}]`, location);
  }
  if (entry.base !== undefined) {
    if (!isRecord(entry.base)) throw new InvalidChangesetError(`${at}.base`, "an object", entry.base, location);
    for (const [field, base] of Object.entries(entry.base)) {
      const fieldAt = (): string => `${at}.base[${JSON.stringify(field)}]`;
      if (!isRecord(base) || !("value" in base)) throw new InvalidChangesetError(fieldAt(), "{ value, stamp }", base, { ...location, field });
      if (base.stamp !== null && typeof base.stamp !== "string") throw new InvalidChangesetError(`${fieldAt()}.stamp`, "a stamp or null", base.stamp, { ...location, field });
    }
  }
}
