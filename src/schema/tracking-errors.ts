// Errors raised when a schema cannot be tracked as asked: each names the model or property
// and the fix (add a primary key, rename, or exclude it).
import { FieldRecoveryError } from "../errors.js";

/** Base class of the schema-tracking errors; `code` tells which problem it is. */
export class SchemaTrackingError extends FieldRecoveryError {}

/** A tracked top-level model has no primary key, so stamps and tombstones cannot name its objects. */
export class MissingPrimaryKeyError extends SchemaTrackingError {
  constructor(model: string) {
    super(
      "MISSING_PRIMARY_KEY",
      `Model "${model}" has no primary key, but tracked models need one to name their objects in tombstones and recovery; add \`primaryKey\` to its schema or list it in \`exclude.models\``,
      { model },
    );
  }
}

/** A model already has a property named like the timestamps dictionary (or the newest-stamp counter), with another type. */
export class TrackingPropertyCollisionError extends SchemaTrackingError {
  constructor(model: string, property: string, found: string, needed = 'a "string{}" dictionary', option = "timestampsProperty") {
    super(
      "TRACKING_PROPERTY_COLLISION",
      `Model "${model}" already has a property "${property}" of type ${found}, but tracking needs that name for ${needed}; rename the property, pick another \`${option}\`, or list the model in \`exclude.models\``,
      { model, field: property },
    );
  }
}

/** The schema holds a model named like the tombstone model that is not the tombstone model. */
export class TombstoneModelCollisionError extends SchemaTrackingError {
  constructor(model: string) {
    super(
      "TOMBSTONE_MODEL_COLLISION",
      `The schema already has a model named "${model}" that is not realm-field-recovery's tombstone model; rename it or pass another \`tombstoneModel\``,
      { model },
    );
  }
}

/** A model tracked by the options lacks the timestamps dictionary in the opened realm. */
export class SchemaNotTrackedError extends SchemaTrackingError {
  constructor(model: string, property: string) {
    super(
      "SCHEMA_NOT_TRACKED",
      `Model "${model}" is tracked but the realm has no "${property}" dictionary on it; open the realm with \`schema: trackFields(schema, options)\` using the same options, or list the model in \`exclude.models\``,
      { model, field: property },
    );
  }
}
