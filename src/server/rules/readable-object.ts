// What a user sees of an object: under field-level permissions, the fields it may not read are
// sent as their type's empty value with no stamp of their own (the device must be able to create
// the object, and no stamp of a hidden field travels), never as the stored value.
import { Decimal128, ObjectId, UUID } from "bson";
import type { ObjectSchemaLike, PropertySchemaLike } from "../../realm-like.js";
import { encodeAnyScalar } from "../../recovery/value-codec.js";
import type { EncodedValue } from "../../recovery/value-codec.js";
import { decodeFieldKey } from "../../schema/field-keys.js";
import { INCREMENT_KEY_PREFIX } from "../../tracking/counter-deltas.js";
import type { ServerObject } from "../protocol.js";
import { documentOf } from "../subscriptions/subscription-view.js";
import type { Access } from "./access.js";

/** The value a device holds for a field it may not read. */
export function hiddenValue(property: PropertySchemaLike | undefined): EncodedValue {
  if (property === undefined || property.optional) return null;
  switch (property.type) {
    case "list":
      return [];
    case "set":
      return { $set: [] };
    case "dictionary":
      return {};
    case "string":
      return "";
    case "int":
    case "float":
    case "double":
      return 0;
    case "bool":
      return false;
    case "date":
      return encodeAnyScalar(new Date(0)) ?? null;
    case "objectId":
      return encodeAnyScalar(new ObjectId("000000000000000000000000")) ?? null;
    case "uuid":
      return encodeAnyScalar(new UUID("00000000-0000-4000-8000-000000000000")) ?? null;
    case "decimal128":
      return encodeAnyScalar(Decimal128.fromString("0")) ?? null;
    case "data":
      return encodeAnyScalar(new Uint8Array(0)) ?? null;
    default:
      return null;
  }
}

/** The root field a stamp entry belongs to (`undefined` for the object's own entries: `#created`, `#gen`). */
function rootOfStampKey(entry: string): string | undefined {
  let fieldKey = entry;
  if (entry.startsWith(INCREMENT_KEY_PREFIX)) {
    const slash = entry.indexOf("/", INCREMENT_KEY_PREFIX.length);
    fieldKey = slash < 0 ? "" : entry.slice(slash + 1);
  } else if (entry.startsWith("#")) return undefined;
  return decodeFieldKey(fieldKey)?.[0];
}

/** `object` as `access` lets its user read it, or `null` when the user may read none of it. */
export function readableObject(access: Access, schema: ObjectSchemaLike | undefined, object: ServerObject): ServerObject | null {
  const readable = access.readableFields(object.model, documentOf(schema, object.key, object.values));
  if (readable === undefined) return null;
  if (readable === "all") return { model: object.model, key: object.key, values: object.values, stamps: object.stamps };
  const values: Record<string, EncodedValue> = {};
  for (const [name, value] of Object.entries(object.values)) values[name] = readable.has(name) ? value : hiddenValue(schema?.properties[name]);
  const stamps: Record<string, string> = {};
  for (const [entry, stamp] of Object.entries(object.stamps)) {
    const root = rootOfStampKey(entry);
    if (root === undefined || readable.has(root)) stamps[entry] = stamp;
  }
  return { model: object.model, key: object.key, values, stamps };
}
