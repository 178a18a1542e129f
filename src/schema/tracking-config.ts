// `resolveTracking`: what is tracked in an opened realm (or a canonical schema), derived purely
// from its schema and the tracking options. The write path and recovery both read it.
import type { ObjectSchemaLike, PropertySchemaLike, RealmLike } from "../realm-like.js";
import { resolveTrackingOptions } from "./tracking-options.js";
import type { TrackingOptions } from "./tracking-options.js";
import { isNewestStampDefinition } from "./newest-stamp.js";
import { isPropertyOfType, isTombstoneSchema } from "./tombstone-schema.js";

/** Why a model's writes are not stamped under its own `fieldTimestamps`. */
export type UntrackedReason =
  /** Listed in `exclude.models`. */
  | "excluded"
  /** Embedded: its fields are stamped in the parent's dictionary, under the parent field's path. */
  | "embedded"
  /** Asymmetric (write-only) models are never downloaded, so never recovered. */
  | "asymmetric"
  /** The tombstone model itself. */
  | "tombstone"
  /** Should be tracked, but the realm was not opened with `trackFields` (no dictionary). */
  | "no-timestamps-property"
  /** Should be tracked, but has no primary key (the realm was not opened with `trackFields`). */
  | "no-primary-key";

/** How one model is tracked. */
export interface ModelTracking {
  readonly name: string;
  /** The model's canonical schema. */
  readonly schema: ObjectSchemaLike;
  /** Whether writes to its objects are stamped in its own timestamps dictionary. */
  readonly tracked: boolean;
  /** Set when `tracked` is false. */
  readonly untrackedReason?: UntrackedReason;
  readonly embedded: boolean;
  /** Name of the primary key property (top-level models). */
  readonly primaryKey?: string;
  /**
   * Fields whose writes are stamped: every persisted property except the primary key, the
   * timestamps dictionary and `exclude.fields`. For an embedded model: all of its fields
   * (stamped under the parent's path). Empty for other untracked models.
   */
  readonly trackedFields: ReadonlySet<string>;
  /** Persisted properties (no `linkingObjects`, no timestamps dictionary, no newest-stamp counter), by name. */
  readonly properties: ReadonlyMap<string, PropertySchemaLike>;
  /** The newest-stamp counter's name, when this tracked model has it (storage format 2). */
  readonly newestStampProperty?: string;
  /**
   * The newest-stamp counter's column for reads and queries: `newestStampProperty`, or, in a
   * realm opened without its schema (`new Realm({ path, readOnly: true })`: a Realm file stores
   * no `presentation`, so the counter reads as a plain required `int`), that int. Not for
   * writes: a plain int cannot be raised by an increment.
   */
  readonly newestStampColumn?: string;
}

/** Everything the write path and recovery need to know about tracking in one realm. */
export interface TrackingConfig {
  /** Name of the per-object stamp dictionary. */
  readonly timestampsProperty: string;
  /** Name of the tombstone model. */
  readonly tombstoneModel: string;
  /** Whether the schema holds the tombstone model (deletes can be recorded). */
  readonly hasTombstoneModel: boolean;
  /** Every model of the schema except the tombstone model, by name. */
  readonly models: ReadonlyMap<string, ModelTracking>;
}

/**
 * Derives the `TrackingConfig` of a realm (or of a canonical schema such as `realm.schema`)
 * under the same options given to `trackFields`. Pure: reads the schema only. Unlike
 * `trackFields`, exclusions naming models the schema lacks are ignored, so one options
 * object serves a backup and a fresh realm whose schemas differ.
 */
export function resolveTracking(realmOrSchema: RealmLike | readonly ObjectSchemaLike[], options: TrackingOptions = {}): TrackingConfig {
  const schema: readonly ObjectSchemaLike[] = isSchemaArray(realmOrSchema) ? realmOrSchema : realmOrSchema.schema;
  const resolved = resolveTrackingOptions(options);
  const models = new Map<string, ModelTracking>();
  let hasTombstoneModel = false;
  for (const objectSchema of schema) {
    if (objectSchema.name === resolved.tombstoneModel && isTombstoneSchema(objectSchema)) {
      hasTombstoneModel = true;
      continue;
    }
    const properties = new Map<string, PropertySchemaLike>();
    for (const [name, property] of Object.entries(objectSchema.properties)) {
      if (property.type === "linkingObjects") continue;
      properties.set(name, property.name === name ? property : { ...property, name });
    }
    const embedded = objectSchema.embedded === true;
    let reason = untrackedReason(objectSchema, resolved.excludedModels, resolved.tombstoneModel);
    if (reason === undefined) {
      const timestamps = objectSchema.properties[resolved.timestampsProperty];
      if (objectSchema.primaryKey === undefined) reason = "no-primary-key";
      else if (timestamps === undefined || !isPropertyOfType(timestamps, "dictionary", "string")) reason = "no-timestamps-property";
      else properties.delete(resolved.timestampsProperty);
    }
    const counter = resolved.newestStampProperty;
    const hasCounter = reason === undefined && counter !== undefined && isNewestStampDefinition(objectSchema.properties[counter]);
    if (hasCounter) properties.delete(counter);
    const hasColumn = hasCounter || (reason === undefined && counter !== undefined && isStoredNewestStamp(objectSchema.properties[counter]));
    const excludedFields = resolved.excludedFields.get(objectSchema.name);
    const trackedFields = new Set<string>();
    if (reason === undefined || reason === "embedded") {
      for (const name of properties.keys()) {
        if (name !== objectSchema.primaryKey && !excludedFields?.has(name)) trackedFields.add(name);
      }
    }
    models.set(objectSchema.name, {
      name: objectSchema.name,
      schema: objectSchema,
      tracked: reason === undefined,
      ...(reason === undefined ? {} : { untrackedReason: reason }),
      embedded,
      ...(objectSchema.primaryKey === undefined ? {} : { primaryKey: objectSchema.primaryKey }),
      trackedFields,
      properties,
      ...(hasCounter ? { newestStampProperty: counter } : {}),
      ...(hasColumn ? { newestStampColumn: counter } : {}),
    });
  }
  return { timestampsProperty: resolved.timestampsProperty, tombstoneModel: resolved.tombstoneModel, hasTombstoneModel, models };
}

/** The counter as a schema-less open reads it from the file: a required `int` (`trackFields` rejects any other property of that name). */
function isStoredNewestStamp(property: PropertySchemaLike | undefined): boolean {
  return property !== undefined && property.type === "int" && property.optional !== true && property.presentation === undefined && property.objectType === undefined;
}

function untrackedReason(objectSchema: ObjectSchemaLike, excluded: ReadonlySet<string>, tombstoneModel: string): UntrackedReason | undefined {
  if (objectSchema.embedded === true) return "embedded";
  if (objectSchema.asymmetric === true) return "asymmetric";
  if (objectSchema.name === tombstoneModel) return "tombstone";
  if (excluded.has(objectSchema.name)) return "excluded";
  return undefined;
}

function isSchemaArray(value: RealmLike | readonly ObjectSchemaLike[]): value is readonly ObjectSchemaLike[] {
  return Array.isArray(value);
}
