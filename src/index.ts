// realm-field-recovery: per-field recovery of unsynced Realm edits after a client reset.
// Every public name is re-exported here; `realm-field-recovery/testing` holds the in-memory store.

export { FieldRecoveryError, InvalidOptionError } from "./errors.js";
export type { ErrorLocation } from "./errors.js";
export type {
  ObjectSchemaLike,
  PrimaryKeyValue,
  PropertySchemaLike,
  PropertyTypeName,
  RealmLike,
  RealmObjectLike,
  ResultsLike,
  UpdateModeName,
} from "./realm-like.js";

// clock

// schema
export { CREATED_KEY, GENERATION_KEY, decodeFieldKey, encodeFieldKey, formatFieldPath } from "./schema/field-keys.js";
export type { FieldPath } from "./schema/field-keys.js";
export { MalformedPrimaryKeyError, decodePrimaryKey, describeKey, encodePrimaryKey } from "./schema/primary-key.js";

// tracking

// checkpoint

// recovery

// policies

// adapters
