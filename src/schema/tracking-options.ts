// Options shared by `trackFields`, `resolveTracking` and `trackedWrite`: which models and
// fields are tracked, and the names of the things tracking adds to the schema.
import { InvalidOptionError } from "../errors.js";
import type { AnyModels, FieldName, ModelTypes } from "../model-types.js";

/**
 * Models and fields left untracked: their writes pass straight through, unstamped. With
 * `Models` known (`TrackingExclusions<{ Dog: Dog }>`, or from an `as const` schema given to
 * `trackFields`), model and field names are checked against them.
 */
export interface TrackingExclusions<Models extends ModelTypes = AnyModels> {
  /** Model names that get no `fieldTimestamps` dictionary and no tombstones. */
  readonly models?: readonly (keyof Models & string)[];
  /** Top-level fields per model that are never stamped: `{ Dog: ["cachedScore"] }`. */
  readonly fields?: { readonly [Model in keyof Models & string]?: readonly FieldName<Models[Model]>[] };
}

/** What `trackFields` adds to a schema, and what it leaves out. */
export interface TrackingOptions<Models extends ModelTypes = AnyModels> {
  /**
   * Name of the `string{}` dictionary added to each tracked model.
   * @default "fieldTimestamps"
   */
  readonly timestampsProperty?: string;
  /**
   * Name of the model that records deletions.
   * @default "FieldRecoveryTombstone"
   */
  readonly tombstoneModel?: string;
  /**
   * Name of the `int` counter (no search index: storage format 3) added to each tracked model,
   * never below the milliseconds of the object's newest stamp: extraction with a checkpoint
   * queries it instead of reading every object (docs/storage-format.md, formats 2 and 3).
   * `false` adds none (format 1: for realm < 12.10, which has no counters); extraction then
   * reads every object.
   * @default "newestStampMillis"
   */
  readonly newestStampProperty?: string | false;
  /**
   * Models and fields to leave untracked.
   * @default {}
   */
  readonly exclude?: TrackingExclusions<Models>;
}

/** Default name of the per-object stamp dictionary. */
export const DEFAULT_TIMESTAMPS_PROPERTY = "fieldTimestamps";
/** Default name of the tombstone model. */
export const DEFAULT_TOMBSTONE_MODEL = "FieldRecoveryTombstone";
/** Default name of the per-object newest-stamp counter. */
export const DEFAULT_NEWEST_STAMP_PROPERTY = "newestStampMillis";

/** `TrackingOptions` with defaults applied and exclusions as sets. */
export interface ResolvedTrackingOptions {
  readonly timestampsProperty: string;
  readonly tombstoneModel: string;
  /** `undefined` when `newestStampProperty: false`. */
  readonly newestStampProperty: string | undefined;
  /** The properties tracking writes itself (never user fields): the dictionary and the counter. */
  readonly managedProperties: ReadonlySet<string>;
  readonly excludedModels: ReadonlySet<string>;
  readonly excludedFields: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Applies defaults and checks the shape of the options. */
export function resolveTrackingOptions(options: TrackingOptions = {}): ResolvedTrackingOptions {
  const timestampsProperty = options.timestampsProperty ?? DEFAULT_TIMESTAMPS_PROPERTY;
  const tombstoneModel = options.tombstoneModel ?? DEFAULT_TOMBSTONE_MODEL;
  checkName("timestampsProperty", timestampsProperty);
  checkName("tombstoneModel", tombstoneModel);
  const newestStampOption = options.newestStampProperty ?? DEFAULT_NEWEST_STAMP_PROPERTY;
  const newestStampProperty = newestStampOption === false ? undefined : newestStampOption;
  if (newestStampProperty !== undefined) {
    checkName("newestStampProperty", newestStampProperty);
    // Extraction names it in a query, so it must be a plain query identifier.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newestStampProperty)) {
      throw new InvalidOptionError(`Expected newestStampProperty to be a plain identifier (letters, digits, "_"), got ${describe(newestStampProperty)}`);
    }
  }
  if (newestStampProperty !== undefined && newestStampProperty === timestampsProperty) {
    throw new InvalidOptionError(`Expected newestStampProperty and timestampsProperty to differ, both are ${describe(timestampsProperty)}`);
  }
  const models = options.exclude?.models ?? [];
  if (!Array.isArray(models) || models.some((m) => typeof m !== "string")) {
    throw new InvalidOptionError(`Expected exclude.models to be an array of model names, got ${describe(models)}; write e.g. { exclude: { models: ["Log"] } }`);
  }
  const excludedFields = new Map<string, ReadonlySet<string>>();
  for (const [model, fields] of Object.entries(options.exclude?.fields ?? {})) {
    if (!Array.isArray(fields) || fields.some((f) => typeof f !== "string")) {
      throw new InvalidOptionError(`Expected exclude.fields.${model} to be an array of field names, got ${describe(fields)}; write e.g. { exclude: { fields: { Dog: ["cachedScore"] } } }`, { model });
    }
    excludedFields.set(model, new Set(fields));
  }
  const managedProperties = new Set(newestStampProperty === undefined ? [timestampsProperty] : [timestampsProperty, newestStampProperty]);
  return { timestampsProperty, tombstoneModel, newestStampProperty, managedProperties, excludedModels: new Set(models), excludedFields };
}

function checkName(option: string, value: unknown): void {
  if (typeof value !== "string" || value === "" || value.startsWith("$") || value.startsWith("#") || value.includes(".")) {
    throw new InvalidOptionError(`Expected ${option} to be a non-empty name without ".", "$" or "#" at its start, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
