// What the merge of one changed object needs of its fresh counterpart: for changes of top-level
// scalar fields only, their values and stamp keys (plus `#created`, `#gen`); else everything.
import type { ObjectSchemaLike } from "../realm-like.js";
import { CREATED_KEY, GENERATION_KEY, decodeFieldKey, encodeFieldKey } from "../schema/field-keys.js";
import type { ObjectChange } from "./changeset.js";
import type { FreshRead } from "./fresh-view.js";
import { shapeOfProperty } from "./value-codec.js";
import type { CodecContext } from "./value-codec.js";

/**
 * The narrow read for `change`, or `undefined` when the merge needs the whole fresh object:
 * increments, a field below the top level or of a non-scalar kind (lists, sets, dictionaries,
 * embedded objects, links, mixed: their merge reads sub-path stamps and neighbouring values),
 * an excluded or unknown field. A top-level scalar has no ancestors, so its effective stamp
 * needs only its own key and `#created` (docs/storage-format.md, reading rule).
 */
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
