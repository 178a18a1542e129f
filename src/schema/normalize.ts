// Turns Realm object schemas (shorthand strings, property objects, class models) into the
// canonical form Realm reports in `realm.schema`, with Realm's validation and its wording.
import { FieldRecoveryError } from "../errors.js";
import type { ErrorLocation } from "../errors.js";
import type { ObjectSchemaLike, PropertySchemaLike, PropertyTypeName } from "../realm-like.js";

/** A property in object notation, as Realm's `PropertySchema` accepts it. */
export interface PropertySchemaInput {
  readonly type: string;
  readonly objectType?: string;
  readonly presentation?: string;
  readonly property?: string;
  readonly optional?: boolean;
  readonly indexed?: boolean | "full-text";
  readonly mapTo?: string;
  readonly default?: unknown;
}

/** A model as Realm's `ObjectSchema` accepts it: `properties` values are shorthand strings or objects. */
export interface ObjectSchemaInput {
  readonly name: string;
  readonly primaryKey?: string;
  readonly embedded?: boolean;
  readonly asymmetric?: boolean;
  readonly properties: Readonly<Record<string, string | PropertySchemaInput>>;
}

/** A class-based model (`class Dog extends Realm.Object { static schema = … }`). */
export interface ModelClassInput {
  new (...args: never[]): unknown;
  readonly name: string;
  readonly schema?: ObjectSchemaInput;
  /** Babel-plugin style static, used when `schema.primaryKey` is absent. */
  readonly primaryKey?: string;
  /** Babel-plugin style static, used when `schema.embedded` is absent. */
  readonly embedded?: boolean;
}

/** One entry of the `schema` option: a plain object schema or a model class. */
export type SchemaEntryInput = ObjectSchemaInput | ModelClassInput;

/** A canonical property: what Realm reports, including `indexed` and `mapTo`. */
export interface NormalizedPropertySchema extends PropertySchemaLike {
  readonly indexed: boolean | "full-text";
  readonly mapTo: string;
}

/** A canonical model, as `realm.schema` reports it. */
export interface NormalizedObjectSchema extends ObjectSchemaLike {
  readonly embedded: boolean;
  readonly asymmetric: boolean;
  readonly properties: Readonly<Record<string, NormalizedPropertySchema>>;
}

/** Thrown for a schema Realm would refuse; the message carries Realm's wording. */
export class SchemaValidationError extends FieldRecoveryError {
  constructor(message: string, location: ErrorLocation = {}) {
    super("INVALID_SCHEMA", message, location);
  }
}

const PRIMITIVE_TYPES = new Set<string>(["bool", "int", "float", "double", "decimal128", "objectId", "string", "data", "date", "mixed", "uuid"]);
const COLLECTION_TYPES = new Set<string>(["list", "dictionary", "set"]);
const SHORTHAND_COLLECTIONS: Readonly<Record<string, PropertyTypeName>> = { "[]": "list", "{}": "dictionary", "<>": "set" };
const PRESENTATIONS: Readonly<Record<string, PropertyTypeName>> = { counter: "int" };
const PRIMARY_KEY_TYPES = new Set<string>(["int", "string", "objectId", "uuid"]);
const OBJECT_KEYS = new Set(["name", "primaryKey", "embedded", "asymmetric", "properties", "ctor"]);
const PROPERTY_KEYS = new Set(["type", "objectType", "presentation", "property", "default", "optional", "indexed", "mapTo", "name"]);

const isPrimitive = (t: string | undefined): boolean => t !== undefined && PRIMITIVE_TYPES.has(t);
const isCollection = (t: string | undefined): boolean => t !== undefined && COLLECTION_TYPES.has(t);
const isUserDefined = (t: string | undefined): boolean =>
  !!t && !isPrimitive(t) && !isCollection(t) && t !== "object" && t !== "linkingObjects";

function collectionSuffix(text: string): string | undefined {
  const suffix = text.slice(-2);
  return SHORTHAND_COLLECTIONS[suffix] ? suffix : undefined;
}

function alwaysOptional(type: string, objectType: string | undefined): boolean {
  return type === "mixed" || objectType === "mixed" || type === "object" || (type === "dictionary" && isUserDefined(objectType));
}

function neverOptional(type: string, objectType: string | undefined): boolean {
  return (type === "list" || type === "set" || type === "linkingObjects") && isUserDefined(objectType);
}

function propertyError(model: string, field: string, message: string): SchemaValidationError {
  return new SchemaValidationError(`Invalid type declaration for property '${field}' on '${model}': ${message}`, { model, field });
}

function objectError(model: string, message: string): SchemaValidationError {
  const display = model ? `object '${model}'` : "unnamed object";
  return new SchemaValidationError(`Invalid schema for ${display}: ${message}`, model ? { model } : {});
}

function isModelClass(entry: unknown): entry is ModelClassInput {
  return typeof entry === "function";
}

/** The plain object schema of an entry (a class's `static schema`, with babel-style statics merged). */
export function objectSchemaOf(entry: SchemaEntryInput): ObjectSchemaInput {
  if (!isModelClass(entry)) return entry;
  const schema = entry.schema;
  if (typeof schema !== "object" || schema === null) {
    throw new SchemaValidationError(`Invalid schema for class '${entry.name}': A static schema must be specified on this class.`, { model: entry.name });
  }
  const merged: { -readonly [K in keyof ObjectSchemaInput]: ObjectSchemaInput[K] } = { ...schema };
  if (merged.primaryKey === undefined && typeof entry.primaryKey === "string") merged.primaryKey = entry.primaryKey;
  if (merged.embedded === undefined && typeof entry.embedded === "boolean") merged.embedded = entry.embedded;
  return merged;
}

/**
 * Canonical form of one property, mirroring Realm's `normalizePropertySchema`
 * (links always optional, lists/sets of objects never optional, primary keys indexed).
 */
export function normalizePropertySchema(
  model: string,
  field: string,
  input: string | PropertySchemaInput,
  options: { isPrimaryKey?: boolean } = {},
): NormalizedPropertySchema {
  return typeof input === "string"
    ? normalizeShorthand(model, field, input, options.isPrimaryKey === true)
    : normalizeObjectNotation(model, field, input, options.isPrimaryKey === true);
}

function normalizeShorthand(model: string, field: string, text: string, isPrimaryKey: boolean): NormalizedPropertySchema {
  if (text.length === 0) throw propertyError(model, field, "The type must be specified.");
  let rest = text;
  let type = "";
  let objectType: string | undefined;
  let presentation: string | undefined;
  let optional = false;
  const suffix = collectionSuffix(rest);
  if (suffix !== undefined) {
    type = SHORTHAND_COLLECTIONS[suffix] ?? "";
    rest = rest.slice(0, -2);
    if (rest.length === 0) throw propertyError(model, field, `The element type must be specified (Example: 'int${suffix}')`);
    if (collectionSuffix(rest) !== undefined) throw propertyError(model, field, "Nested collections are not supported.");
  }
  if (rest.endsWith("?")) {
    optional = true;
    rest = rest.slice(0, -1);
    if (rest.length === 0) throw propertyError(model, field, "The type must be specified. (Examples: 'int?' and 'int?[]')");
    if (collectionSuffix(rest) !== undefined) {
      throw propertyError(model, field, "Collections cannot be optional. To allow elements of the collection to be optional, use '?' after the element type. (Examples: 'int?[]', 'int?{}', and 'int?<>')");
    }
  }
  const presented = PRESENTATIONS[rest];
  if (presented !== undefined) {
    presentation = rest;
    rest = presented;
  }
  if (isPrimitive(rest)) {
    if (isCollection(type)) objectType = rest;
    else type = rest;
  } else if (isCollection(rest)) {
    throw propertyError(model, field, `Cannot use the collection name ${rest}. (Examples: 'int[]' (list), 'int{}' (dictionary), and 'int<>' (set))`);
  } else if (rest === "object") {
    throw propertyError(model, field, "To define a relationship, use either 'MyObjectType' or { type: 'object', objectType: 'MyObjectType' }");
  } else if (rest === "linkingObjects") {
    throw propertyError(model, field, "To define an inverse relationship, use { type: 'linkingObjects', objectType: 'MyObjectType', property: 'myObjectTypesProperty' }");
  } else {
    objectType = rest;
    if (!isCollection(type)) type = "object";
  }
  if (presentation === "counter" && type !== "int") throw propertyError(model, field, "Counters cannot be used in collections.");
  if (alwaysOptional(type, objectType)) optional = true;
  else if (neverOptional(type, objectType)) {
    if (optional) {
      throw propertyError(model, field, "User-defined types in lists and sets are always non-optional and cannot be made optional. Remove '?' or change the type.");
    }
  }
  return build(field, type as PropertyTypeName, { objectType, presentation, optional, indexed: isPrimaryKey, mapTo: field });
}

function normalizeObjectNotation(model: string, field: string, input: PropertySchemaInput, isPrimaryKey: boolean): NormalizedPropertySchema {
  validatePropertyObject(model, field, input);
  const { type, objectType, presentation, property } = input;
  let { optional, indexed } = input;
  if (type.length === 0) throw propertyError(model, field, "'type' must be specified.");
  assertNoShorthand(model, field, type);
  assertNoShorthand(model, field, objectType);
  if (isPrimitive(type)) {
    if (objectType !== undefined) throw propertyError(model, field, `'objectType' cannot be defined when 'type' is '${type}'.`);
  } else if (isCollection(type)) {
    if (!isPrimitive(objectType) && !isUserDefined(objectType)) {
      throw propertyError(model, field, `A ${type} must contain only primitive or user-defined types specified through 'objectType'.`);
    }
  } else if (type === "object") {
    if (!isUserDefined(objectType)) throw propertyError(model, field, "A user-defined type must be specified through 'objectType'.");
  } else if (type === "linkingObjects") {
    if (!isUserDefined(objectType)) throw propertyError(model, field, "A user-defined type must be specified through 'objectType'.");
    if (!property) throw propertyError(model, field, "The linking object's property name must be specified through 'property'.");
  } else {
    throw propertyError(
      model,
      field,
      `If you meant to define a relationship, use { type: 'object', objectType: '${type}' } or { type: 'linkingObjects', objectType: '${type}', property: 'The ${type} property' }`,
    );
  }
  if (type !== "linkingObjects" && property !== undefined) {
    throw propertyError(model, field, "'property' can only be specified if 'type' is 'linkingObjects'.");
  }
  if (presentation !== undefined && PRESENTATIONS[presentation] === undefined) {
    throw propertyError(model, field, `Unknown presentation type '${presentation}'.`);
  }
  if (presentation === "counter" && type !== "int") throw propertyError(model, field, "Counters can only be used when 'type' is 'int'.");
  if (alwaysOptional(type, objectType)) {
    const displayed = type === "mixed" || objectType === "mixed" ? "'mixed' types" : "User-defined types as standalone objects and in dictionaries";
    if (optional === false) throw propertyError(model, field, `${displayed} are always optional and cannot be made non-optional.`);
    optional = true;
  } else if (neverOptional(type, objectType)) {
    if (optional === true) throw propertyError(model, field, "User-defined types in lists and sets are always non-optional and cannot be made optional.");
    optional = false;
  }
  if (isPrimaryKey) {
    if (indexed === false) throw propertyError(model, field, "Primary keys must always be indexed.");
    if (indexed === "full-text") throw propertyError(model, field, "Primary keys cannot be full-text indexed.");
    if (presentation === "counter") throw propertyError(model, field, "Counters cannot be primary keys.");
    indexed = true;
  }
  return build(field, type as PropertyTypeName, {
    objectType,
    presentation,
    optional: optional === true,
    indexed: indexed ?? false,
    mapTo: input.mapTo || field,
    property,
    default: input.default,
  });
}

function build(
  name: string,
  type: PropertyTypeName,
  parts: {
    objectType: string | undefined;
    presentation: string | undefined;
    optional: boolean;
    indexed: boolean | "full-text";
    mapTo: string;
    property?: string | undefined;
    default?: unknown;
  },
): NormalizedPropertySchema {
  // Like Realm, leave absent keys out entirely rather than set them to undefined.
  const out: { -readonly [K in keyof NormalizedPropertySchema]: NormalizedPropertySchema[K] } = {
    name,
    type,
    optional: parts.optional,
    indexed: parts.indexed,
    mapTo: parts.mapTo,
  };
  if (parts.objectType !== undefined) out.objectType = parts.objectType;
  if (parts.presentation !== undefined) out.presentation = parts.presentation;
  if (parts.property !== undefined) out.property = parts.property;
  if (parts.default !== undefined) out.default = parts.default;
  return out;
}

function assertNoShorthand(model: string, field: string, text: string | undefined): void {
  if (!text) return;
  const found: string[] = [];
  let rest = text;
  const suffix = collectionSuffix(rest);
  if (suffix !== undefined) {
    found.push(suffix);
    rest = rest.slice(0, -2);
  }
  if (rest.endsWith("?")) {
    found.push("?");
    rest = rest.slice(0, -1);
  }
  const presentation = PRESENTATIONS[rest] !== undefined ? rest : undefined;
  if (presentation !== undefined) found.push(presentation);
  if (found.length === 0) return;
  let message = `Cannot use shorthand '${found.join("' and '")}' in 'type' or 'objectType' when defining property objects.`;
  if (presentation !== undefined) message += ` To use presentation types such as '${presentation}', use the field 'presentation'.`;
  throw propertyError(model, field, message);
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "undefined") return "undefined";
  if (typeof value === "number") return Number.isInteger(value) ? "a number" : "a decimal number";
  return `a ${typeof value}`;
}

function validatePropertyObject(model: string, field: string, input: unknown): asserts input is PropertySchemaInput {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw propertyError(model, field, `Expected '${field}' on '${model}' to be an object, got ${describeValue(input)}`);
  }
  const record = input as Record<string, unknown>;
  const expectString = (key: string, required: boolean): void => {
    const value = record[key];
    if ((value !== undefined || required) && typeof value !== "string") {
      throw propertyError(model, field, `Expected '${field}.${key}' on '${model}' to be a string, got ${describeValue(value)}`);
    }
  };
  expectString("type", true);
  for (const key of ["objectType", "presentation", "property", "mapTo"]) expectString(key, false);
  if (record.optional !== undefined && typeof record.optional !== "boolean") {
    throw propertyError(model, field, `Expected '${field}.optional' on '${model}' to be a boolean, got ${describeValue(record.optional)}`);
  }
  if (record.indexed !== undefined && typeof record.indexed !== "boolean" && record.indexed !== "full-text") {
    throw propertyError(model, field, `Expected '${field}.indexed' on '${model}' to be a boolean or 'full-text'.`);
  }
  const unknownKeys = Object.keys(record).filter((key) => !PROPERTY_KEYS.has(key));
  if (unknownKeys.length > 0) {
    throw propertyError(model, field, `Unexpected field(s) found on the schema for property '${field}' on '${model}': '${unknownKeys.join("', '")}'.`);
  }
}

function validateObjectInput(input: unknown): asserts input is ObjectSchemaInput {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw objectError("", `Expected 'object schema' to be an object, got ${describeValue(input)}`);
  }
  const record = input as Record<string, unknown>;
  const name = typeof record.name === "string" ? record.name : "";
  if (typeof record.name !== "string") throw objectError("", `Expected 'name' on object schema to be a string, got ${describeValue(record.name)}`);
  if (name.length === 0) throw objectError("", "'name' must be specified.");
  const props = record.properties;
  if (typeof props !== "object" || props === null) {
    throw objectError(name, `Expected 'properties' on '${name}' to be an object, got ${describeValue(props)}`);
  }
  if (Array.isArray(props)) throw objectError(name, "Array of properties are no longer supported. Use an object instead.");
  if (record.primaryKey !== undefined && typeof record.primaryKey !== "string") {
    throw objectError(name, `Expected 'primaryKey' on '${name}' to be a string, got ${describeValue(record.primaryKey)}`);
  }
  for (const key of ["embedded", "asymmetric"]) {
    if (record[key] !== undefined && typeof record[key] !== "boolean") {
      throw objectError(name, `Expected '${key}' on '${name}' to be a boolean, got ${describeValue(record[key])}`);
    }
  }
  const unknownKeys = Object.keys(record).filter((key) => !OBJECT_KEYS.has(key));
  if (unknownKeys.length > 0) throw objectError(name, `Unexpected field(s) found on the schema for object '${name}': '${unknownKeys.join("', '")}'.`);
}

/** Canonical form of one model (no cross-model checks; see `normalizeSchema`). */
export function normalizeObjectSchema(entry: SchemaEntryInput): NormalizedObjectSchema {
  const input = objectSchemaOf(entry);
  validateObjectInput(input);
  const { name, primaryKey } = input;
  if (primaryKey && !Object.prototype.hasOwnProperty.call(input.properties, primaryKey)) {
    throw objectError(name, `'${primaryKey}' is set as the primary key field but was not found in 'properties'.`);
  }
  const properties: Record<string, NormalizedPropertySchema> = {};
  for (const [field, property] of Object.entries(input.properties)) {
    properties[field] = normalizePropertySchema(name, field, property, { isPrimaryKey: field === primaryKey });
  }
  const out: { -readonly [K in keyof NormalizedObjectSchema]: NormalizedObjectSchema[K] } = {
    name,
    asymmetric: input.asymmetric === true,
    embedded: input.embedded === true,
    properties,
  };
  if (primaryKey) out.primaryKey = primaryKey;
  return out;
}

/** Realm core's name for a property type in validation messages. */
function coreTypeName(property: PropertySchemaLike): string {
  if (property.type === "list") return "array";
  if (property.type === "linkingObjects") return "linking objects";
  return property.type;
}

/** The cross-model checks realm-core runs when a realm opens, with core's wording. */
function crossValidate(models: readonly NormalizedObjectSchema[]): void {
  const errors: { message: string; model: string; field?: string }[] = [];
  const byName = new Map<string, NormalizedObjectSchema>();
  for (const model of models) {
    if (byName.has(model.name)) errors.push({ message: `Type '${model.name}' appears more than once in the schema.`, model: model.name });
    byName.set(model.name, model);
  }
  for (const model of models) {
    if (model.embedded && model.primaryKey !== undefined) {
      errors.push({ message: `Embedded object type '${model.name}' cannot have a primary key.`, model: model.name });
    }
    if (model.asymmetric && model.primaryKey === undefined) {
      errors.push({ message: `Asymmetric table '${model.name}' must have a primary key.`, model: model.name });
    }
    for (const property of Object.values(model.properties)) {
      const at = `${model.name}.${property.name}`;
      if (model.primaryKey === property.name && (!PRIMARY_KEY_TYPES.has(property.type) || property.presentation !== undefined)) {
        errors.push({ message: `Property '${at}' of type '${coreTypeName(property)}' cannot be made the primary key.`, model: model.name, field: property.name });
      }
      if (property.objectType === undefined || isPrimitive(property.objectType)) continue;
      const target = byName.get(property.objectType);
      if (!target) {
        errors.push({
          message: `Property '${at}' of type '${coreTypeName(property)}' has unknown object type '${property.objectType}'`,
          model: model.name,
          field: property.name,
        });
        continue;
      }
      if (property.type === "linkingObjects") {
        const origin = property.property === undefined ? undefined : target.properties[property.property];
        if (!origin) {
          errors.push({
            message: `Property '${target.name}.${property.property ?? ""}' declared as origin of linking objects property '${at}' does not exist`,
            model: model.name,
            field: property.name,
          });
        } else if (origin.objectType !== model.name || (origin.type !== "object" && origin.type !== "list")) {
          errors.push({
            message: `Property '${target.name}.${origin.name}' declared as origin of linking objects property '${at}' is not a link to '${model.name}'`,
            model: model.name,
            field: property.name,
          });
        }
      }
    }
  }
  const first = errors[0];
  if (first === undefined) return;
  const lines = errors.map((error) => `\n- ${error.message}`).join("");
  throw new SchemaValidationError(
    `Schema validation failed due to the following errors:${lines}`,
    first.field === undefined ? { model: first.model } : { model: first.model, field: first.field },
  );
}

/**
 * Canonical `ObjectSchemaLike[]` for a Realm schema: accepts plain object schemas and model
 * classes with a `static schema`; throws `SchemaValidationError` where Realm would refuse to open.
 */
export function normalizeSchema(schema: readonly SchemaEntryInput[]): NormalizedObjectSchema[] {
  if (!Array.isArray(schema)) {
    throw new SchemaValidationError(`Expected 'realm schema' to be an array, got ${describeValue(schema)}`);
  }
  const models = schema.map((entry) => normalizeObjectSchema(entry));
  crossValidate(models);
  return models;
}
