// Checks a JSON dump (`dumpMemoryRealm` format 1) completely before it is loaded: its
// envelope and schema entries, that every `objects` key names a top-level model of the
// schema, and every object's fields against its model (type, optional, links, embedded
// objects, collections, no unknown fields). Errors name the file, the path inside it and
// what was expected (code INVALID_DUMP, exit 3). The checks are valibot schemas, built once
// per model from the dump's own schema.
import * as v from "valibot";
import type { NormalizedObjectSchema, NormalizedPropertySchema } from "../schema/normalize.js";
import { dumpSchema } from "../testing/dump.js";
import type { MemoryRealmDump } from "../testing/index.js";
import { FieldRecoveryError } from "../errors.js";
import { CliError, EXIT } from "./cli-errors.js";

type AnySchema = v.GenericSchema;

const HINT = "re-create the dump with dumpMemoryRealm(realm) from realm-field-recovery/testing, or fix the value the message names";

const PROPERTY = v.looseObject({
  type: v.string("a type name"),
  objectType: v.optional(v.string("a model or type name")),
  presentation: v.optional(v.string("a presentation name")),
  property: v.optional(v.string("a property name")),
  optional: v.optional(v.boolean("true or false")),
  indexed: v.optional(v.union([v.boolean(), v.literal("full-text")], 'true, false or "full-text"')),
  mapTo: v.optional(v.string("a property name")),
});

const ENVELOPE = v.object(
  {
    format: v.literal(1, "1 (the only dump format)"),
    schema: v.array(
      v.object(
        {
          name: v.string("a model name"),
          primaryKey: v.optional(v.string("a property name")),
          embedded: v.optional(v.boolean("true or false")),
          asymmetric: v.optional(v.boolean("true or false")),
          properties: v.record(v.string(), v.union([v.string(), PROPERTY], "a type name or a property object ({ type, … })"), "an object of properties"),
        },
        "a model ({ name, properties })",
      ),
      "an array of models",
    ),
    objects: v.record(v.string(), v.array(v.record(v.string(), v.unknown(), "an object"), "an array of objects"), "an object of arrays, by model name"),
  },
  "a dump ({ format: 1, schema, objects })",
);

const tagged = (tag: string, value: AnySchema, what: string): AnySchema => v.strictObject({ [tag]: value }, what);

const SCALARS: Readonly<Record<string, AnySchema>> = {
  bool: v.boolean("true or false"),
  int: v.pipe(v.number("an integer"), v.integer("an integer")),
  float: v.union([v.number(), tagged("$double", v.picklist(["NaN", "Infinity", "-Infinity", "-0"]), "")], 'a number (or { "$double": "NaN" })'),
  double: v.union([v.number(), tagged("$double", v.picklist(["NaN", "Infinity", "-Infinity", "-0"]), "")], 'a number (or { "$double": "NaN" })'),
  string: v.string("a string"),
  date: tagged("$date", v.pipe(v.string(), v.check((text) => !Number.isNaN(Date.parse(text)))), '{ "$date": ISO text }'),
  objectId: tagged("$oid", v.pipe(v.string(), v.regex(/^[0-9a-f]{24}$/i)), '{ "$oid": 24 hex digits }'),
  uuid: tagged("$uuid", v.pipe(v.string(), v.uuid()), '{ "$uuid": a UUID }'),
  decimal128: tagged("$decimal", v.string(), '{ "$decimal": text }'),
  data: tagged("$binary", v.pipe(v.string(), v.base64()), '{ "$binary": base64 }'),
  mixed: v.unknown(),
};

const LINK = v.union([v.strictObject({ $link: v.string() }), v.strictObject({ $ref: v.pipe(v.number(), v.integer()) })], 'a link ({ "$link": key } or { "$ref": index }) or null');

/** Builds the per-model valibot schemas of a (normalized) dump schema. */
function modelSchemas(schema: readonly NormalizedObjectSchema[]): Map<string, AnySchema> {
  const models = new Map(schema.map((model) => [model.name, model]));
  const built = new Map<string, AnySchema>();
  const element = (type: string, optional: boolean): AnySchema => {
    const target = models.get(type);
    let base: AnySchema;
    if (target === undefined) base = SCALARS[type] ?? v.unknown();
    else base = target.embedded ? v.lazy(() => objectSchema(target)) : LINK;
    return optional || target !== undefined || type === "mixed" ? v.nullable(base) : base;
  };
  const property = (model: NormalizedObjectSchema, name: string, spec: NormalizedPropertySchema): AnySchema | undefined => {
    const optional = spec.optional === true;
    let value: AnySchema;
    switch (spec.type) {
      case "linkingObjects":
        return undefined;
      case "list":
      case "set":
        value = v.array(element(spec.objectType ?? "mixed", optional), `an array (a ${spec.type})`);
        break;
      case "dictionary":
        value = v.record(v.string(), element(spec.objectType ?? "mixed", optional), "an object (a dictionary)");
        break;
      case "object":
        value = element(spec.objectType ?? "", true);
        break;
      default:
        value = element(spec.type, optional);
    }
    // The loader gives a missing field its default, null or an empty collection; only the
    // primary key and required scalars without a default must be there.
    const required = model.primaryKey === name || (!optional && spec.default === undefined && spec.type in SCALARS && spec.type !== "mixed");
    return required ? value : v.optional(value);
  };
  const objectSchema = (model: NormalizedObjectSchema): AnySchema => {
    const cached = built.get(model.name);
    if (cached) return cached;
    const entries: Record<string, AnySchema> = {};
    for (const [name, spec] of Object.entries(model.properties)) {
      const schemaOf = property(model, name, spec);
      if (schemaOf !== undefined) entries[name] = schemaOf;
    }
    const result = v.strictObject(entries, `an object of model ${model.name}`);
    built.set(model.name, result);
    return result;
  };
  for (const model of schema) objectSchema(model);
  return built;
}

/** `objects.Dog[3].age`, from valibot's issue path. */
function formatPath(prefix: string, path: readonly { readonly key: unknown }[] | undefined): string {
  let out = prefix;
  for (const { key } of path ?? []) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += `${out === "" ? "" : "."}${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out === "" ? "(root)" : out;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return `an object with keys ${Object.keys(value).slice(0, 4).map((key) => JSON.stringify(key)).join(", ") || "none"}`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

const invalid = (file: string, at: string, message: string): CliError =>
  new CliError("INVALID_DUMP", `${file} is not a valid dump: at ${at}: ${message}`, HINT, EXIT.INPUT);

function fromIssues(file: string, prefix: string, issues: readonly v.BaseIssue<unknown>[]): CliError {
  // The deepest issue names the value; a union's own issue carries the expectation.
  const issue = issues[0] as v.BaseIssue<unknown>;
  const at = formatPath(prefix, issue.path);
  if (issue.type === "strict_object" && issue.expected === "never") {
    const key = issue.path?.at(-1)?.key;
    return invalid(file, at, `unexpected key ${JSON.stringify(key)} in ${issue.message} (nothing may be dropped unread)`);
  }
  if (issue.received === "undefined" && issue.path !== undefined) return invalid(file, at, "missing: the model requires this field");
  return invalid(file, at, `expected ${issue.message}, got ${describe(issue.input)}`);
}

/**
 * Checks `data` (parsed JSON) as a dump and returns it typed, calling `onObject` after each
 * object checked (for progress). Throws CliError INVALID_DUMP / INVALID_SCHEMA (exit 3).
 */
export function validateDump(file: string, data: unknown, onObject?: (done: number) => void): MemoryRealmDump {
  const envelope = v.safeParse(ENVELOPE, data, { abortEarly: true });
  if (!envelope.success) throw fromIssues(file, "", envelope.issues);
  const dump = data as MemoryRealmDump;
  let schema: NormalizedObjectSchema[];
  try {
    schema = dumpSchema(dump);
  } catch (error) {
    if (!(error instanceof FieldRecoveryError)) throw error;
    const index = dump.schema.findIndex((model) => model.name === error.model);
    throw new CliError("INVALID_SCHEMA", `${file} has a schema Realm would refuse, at schema[${index === -1 ? "?" : index}]: ${error.message}`, HINT, EXIT.INPUT, { cause: error });
  }
  const topLevel = new Set(schema.filter((model) => !model.embedded && !model.asymmetric).map((model) => model.name));
  for (const name of Object.keys(dump.objects)) {
    if (!topLevel.has(name)) {
      const why = schema.some((model) => model.name === name) ? "an embedded or asymmetric model has no top-level objects" : "no model of that name in the dump's schema";
      throw invalid(file, formatPath("objects", [{ key: name }]), `${why} (top-level models: ${[...topLevel].join(", ") || "none"}); its objects would be lost`);
    }
  }
  const schemas = modelSchemas(schema);
  let done = 0;
  for (const [name, objects] of Object.entries(dump.objects)) {
    const check = schemas.get(name) as AnySchema;
    for (let i = 0; i < objects.length; i++) {
      const result = v.safeParse(check, objects[i], { abortEarly: true });
      if (!result.success) throw fromIssues(file, formatPath("objects", [{ key: name }, { key: i }]), result.issues);
      if (++done % 1000 === 0) onObject?.(done);
    }
  }
  onObject?.(done);
  return dump;
}

/** Objects in a dump's `objects` (for the progress total). */
export const dumpObjectCount = (data: unknown): number | undefined => {
  const objects = (data as { objects?: unknown } | null)?.objects;
  if (typeof objects !== "object" || objects === null) return undefined;
  let total = 0;
  for (const list of Object.values(objects)) if (Array.isArray(list)) total += list.length;
  return total;
};
