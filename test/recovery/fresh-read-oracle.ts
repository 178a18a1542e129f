// The reference for ModelPlan.freshRead (field-plans.ts): the narrow read of one changed object,
// worked out from the change alone by decoding each field key. For changes of top-level scalar
// fields only, their values and stamp keys (plus `#created`, `#gen`); else `undefined`: the
// merge needs the whole fresh object (increments, sub-paths, non-scalar or unknown fields).
import type { ObjectSchemaLike } from "../../src/realm-like.js";
import type { ObjectChange } from "../../src/recovery/changeset.js";
import type { FreshRead } from "../../src/recovery/fresh-view.js";
import { shapeOfProperty } from "../../src/recovery/value-codec.js";
import type { CodecContext } from "../../src/recovery/value-codec.js";
import { CREATED_KEY, GENERATION_KEY, decodeFieldKey, encodeFieldKey } from "../../src/schema/field-keys.js";

export function freshReadFor(change: ObjectChange, schema: ObjectSchemaLike, context: CodecContext, excluded: ReadonlySet<string>): FreshRead | undefined {
  if (change.increments !== undefined) return undefined;
  const fields: string[] = [];
  const stampKeys: string[] = [CREATED_KEY, GENERATION_KEY];
  for (const fieldKey in change.fields) {
    const path = decodeFieldKey(fieldKey);
    if (path?.length !== 1) return undefined;
    const name = path[0] as string;
    const property = excluded.has(name) ? undefined : schema.properties[name];
    if (property === undefined || shapeOfProperty(property, context)?.kind !== "scalar") return undefined;
    fields.push(name);
    const canonical = encodeFieldKey(path);
    stampKeys.push(canonical);
    if (canonical !== fieldKey) stampKeys.push(fieldKey);
  }
  return { fields, stampKeys };
}
