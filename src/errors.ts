// The one base class every error of this library extends: catch `FieldRecoveryError`
// and switch on `code`; `docs/errors.md` lists every code with its fix.

/** Where a problem was found. Every field is optional; messages name what is known. */
export interface ErrorLocation {
  /** The Realm model (object schema name). */
  readonly model?: string;
  /** The object's primary key, as written by `describeKey` (e.g. `"42"`, `ObjectId("…")`). */
  readonly objectKey?: string;
  /** The field path inside the object (`"age"`, `"address.city"`, `"tags.red"`). */
  readonly field?: string;
}

/** Base class of every error thrown by realm-field-recovery. */
export class FieldRecoveryError extends Error implements ErrorLocation {
  /** Stable, machine-readable code; see docs/errors.md. */
  readonly code: string;
  readonly model?: string;
  readonly objectKey?: string;
  readonly field?: string;

  constructor(code: string, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(`${message}${formatLocation(location)}`, options);
    this.name = new.target.name;
    this.code = code;
    if (location.model !== undefined) this.model = location.model;
    if (location.objectKey !== undefined) this.objectKey = location.objectKey;
    if (location.field !== undefined) this.field = location.field;
  }
}

/** Thrown when an option or argument is outside what the API accepts. */
export class InvalidOptionError extends FieldRecoveryError {
  constructor(message: string, location: ErrorLocation = {}) {
    super("INVALID_OPTION", message, location);
  }
}

function formatLocation({ model, objectKey, field }: ErrorLocation): string {
  const parts: string[] = [];
  if (model !== undefined) parts.push(`model "${model}"`);
  if (objectKey !== undefined) parts.push(`object ${objectKey}`);
  if (field !== undefined) parts.push(`field "${field}"`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}
