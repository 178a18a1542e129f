// `trackFields`: the schema transformer. Adds the `fieldTimestamps` dictionary to each tracked
// top-level model and appends the tombstone model; refuses schemas it cannot track.
import { InvalidOptionError } from "../errors.js";
import type { ModelsOfSchema } from "../model-types.js";
import { MissingPrimaryKeyError, TombstoneModelCollisionError, TrackingPropertyCollisionError } from "./tracking-errors.js";
import { resolveTrackingOptions } from "./tracking-options.js";
import type { ResolvedTrackingOptions, TrackingOptions } from "./tracking-options.js";
import { NEWEST_STAMP_PROPERTY_SCHEMA, isNewestStampDefinition } from "./newest-stamp.js";
import { isPropertyOfType, isTombstoneSchema, tombstoneObjectSchema } from "./tombstone-schema.js";
import type { TombstoneObjectSchema } from "./tombstone-schema.js";
import type { ModelClassInput, ObjectSchemaInput, PropertySchemaInput, SchemaEntryInput } from "./normalize.js";

/** One entry of a schema array: an object schema or a model class (`Realm.Object` subclass). */
export type TrackableSchemaEntry = SchemaEntryInput;

/** The `string{}` shorthand of the timestamps dictionary. */
export const TIMESTAMPS_PROPERTY_TYPE = "string{}";

/**
 * Returns the schema to open the realm with: every tracked top-level model gains a `string{}`
 * dictionary (`options.timestampsProperty`, default `fieldTimestamps`) and an `int` counter
 * without a search index (`options.newestStampProperty`, default `newestStampMillis`; realm ≥
 * 12.10; storage format 3), and the tombstone model (`options.tombstoneModel`, default `FieldRecoveryTombstone`) is appended.
 *
 * Object schemas are copied, never mutated. A model class is returned as the same class with
 * its static `schema` replaced by the extended copy: Realm only accepts `realm.objects(Dog)`
 * and `new Dog(realm, …)` for the very class it was opened with, so a subclass would break them.
 *
 * Embedded models get no dictionary (they are stamped through their parent's field), neither
 * do asymmetric models (write-only, never downloaded) nor `options.exclude.models`.
 * Idempotent: applying it to its own output returns an equal schema.
 *
 * @throws MissingPrimaryKeyError a tracked top-level model has no primary key
 * @throws TrackingPropertyCollisionError a tracked model has another property with the timestamps or counter name
 * @throws TombstoneModelCollisionError a model other than the tombstone model has its name
 * @throws InvalidOptionError `exclude` names an unknown model or field
 *
 * When TypeScript knows the model names (an `as const` schema, or classes whose static
 * `schema` is `as const`), `options.exclude` may name only those models and their fields.
 */
export function trackFields<T extends TrackableSchemaEntry>(schema: readonly T[], options: TrackingOptions<NoInfer<ModelsOfSchema<T>>> = {}): Array<T | TombstoneObjectSchema> {
  if (!Array.isArray(schema)) throw new InvalidOptionError(`Expected trackFields to receive an array of object schemas or model classes, got ${typeof schema}`);
  const resolved = resolveTrackingOptions(options as TrackingOptions); // the typed view of the same options
  const entries = schema.map((entry) => ({ entry, objectSchema: effectiveSchemaOf(entry) }));
  checkExclusions(entries.map((e) => e.objectSchema), resolved);

  let hasTombstone = false;
  const result: Array<T | TombstoneObjectSchema> = entries.map(({ entry, objectSchema }) => {
    if (objectSchema.name === resolved.tombstoneModel) {
      if (isModelClass(entry) || !isTombstoneSchema(objectSchema)) throw new TombstoneModelCollisionError(objectSchema.name);
      hasTombstone = true;
      return entry;
    }
    if (!isTrackedModel(objectSchema, resolved)) return entry;
    const property = propertiesToAdd(objectSchema, resolved);
    if (property === undefined) return entry;
    if (isModelClass(entry)) {
      // Extend the class's own schema object, not the merged view: babel-style statics stay statics.
      const own = entry.schema as ObjectSchemaInput;
      const extended: ObjectSchemaInput = { ...own, properties: { ...own.properties, ...property } };
      Object.defineProperty(entry, "schema", { value: extended, writable: true, enumerable: true, configurable: true });
      return entry;
    }
    return { ...entry, properties: { ...(entry as ObjectSchemaInput).properties, ...property } } as T;
  });
  if (!hasTombstone) result.push(tombstoneObjectSchema(resolved.tombstoneModel));
  return result;
}

/** Whether `trackFields` gives this model a timestamps dictionary. */
export function isTrackedModel(objectSchema: Pick<ObjectSchemaInput, "name" | "embedded" | "asymmetric">, options: ResolvedTrackingOptions): boolean {
  return objectSchema.embedded !== true && objectSchema.asymmetric !== true && !options.excludedModels.has(objectSchema.name) && objectSchema.name !== options.tombstoneModel;
}

function isModelClass(entry: SchemaEntryInput): entry is ModelClassInput {
  return typeof entry === "function";
}

/** The schema Realm will see for an entry: a class's static schema with babel-style statics merged. */
function effectiveSchemaOf(entry: SchemaEntryInput): ObjectSchemaInput {
  const objectSchema = isModelClass(entry) ? entry.schema : entry;
  if (typeof objectSchema !== "object" || objectSchema === null || typeof objectSchema.name !== "string" || typeof objectSchema.properties !== "object" || objectSchema.properties === null) {
    const what = isModelClass(entry) ? `class ${entry.name} without a static \`schema\` { name, properties }` : describeDefinition(entry);
    throw new InvalidOptionError(`Expected an object schema { name, properties } or a model class with a static schema, got ${what}`);
  }
  if (!isModelClass(entry)) return objectSchema;
  return {
    ...objectSchema,
    ...(objectSchema.primaryKey === undefined && typeof entry.primaryKey === "string" ? { primaryKey: entry.primaryKey } : {}),
    ...(objectSchema.embedded === undefined && typeof entry.embedded === "boolean" ? { embedded: entry.embedded } : {}),
  };
}

/** The properties to add (dictionary, counter), or `undefined` when the model already has them. */
function propertiesToAdd(objectSchema: ObjectSchemaInput, options: ResolvedTrackingOptions): Record<string, string | PropertySchemaInput> | undefined {
  if (objectSchema.primaryKey === undefined) throw new MissingPrimaryKeyError(objectSchema.name);
  const added: Record<string, string | PropertySchemaInput> = {};
  const timestamps = objectSchema.properties[options.timestampsProperty];
  if (timestamps === undefined) added[options.timestampsProperty] = TIMESTAMPS_PROPERTY_TYPE;
  else if (!isPropertyOfType(timestamps, "dictionary", "string")) {
    throw new TrackingPropertyCollisionError(objectSchema.name, options.timestampsProperty, describeDefinition(timestamps), "a \"string{}\" dictionary", "timestampsProperty");
  }
  const counter = options.newestStampProperty;
  if (counter !== undefined) {
    const existing = objectSchema.properties[counter];
    if (existing === undefined) added[counter] = { ...NEWEST_STAMP_PROPERTY_SCHEMA };
    else if (!isNewestStampDefinition(existing)) {
      throw new TrackingPropertyCollisionError(objectSchema.name, counter, describeDefinition(existing), "a required \"int\" counter", "newestStampProperty");
    }
  }
  return Object.keys(added).length === 0 ? undefined : added;
}

function checkExclusions(schemas: readonly ObjectSchemaInput[], options: ResolvedTrackingOptions): void {
  const byName = new Map(schemas.map((s) => [s.name, s]));
  for (const model of options.excludedModels) {
    if (!byName.has(model)) throw new InvalidOptionError(`exclude.models names "${model}", which is not in the schema; known models: ${[...byName.keys()].join(", ")}`, { model });
  }
  for (const [model, fields] of options.excludedFields) {
    const objectSchema = byName.get(model);
    if (!objectSchema) throw new InvalidOptionError(`exclude.fields names model "${model}", which is not in the schema; known models: ${[...byName.keys()].join(", ")}`, { model });
    if (objectSchema.embedded === true) {
      throw new InvalidOptionError(`exclude.fields names embedded model "${model}"; embedded objects are stamped through their parent's field, so exclude that field of the parent instead`, { model });
    }
    for (const field of fields) {
      if (!(field in objectSchema.properties)) throw new InvalidOptionError(`exclude.fields.${model} names "${field}", which is not a property of "${model}"`, { model, field });
    }
  }
}

function describeDefinition(definition: unknown): string {
  if (typeof definition === "string") return `"${definition}"`;
  try {
    return JSON.stringify(definition);
  } catch {
    return String(definition);
  }
}
