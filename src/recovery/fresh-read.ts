// What the merge of one changed object needs of its fresh counterpart: for changes of top-level
// scalar fields only, their values and stamp keys (plus `#created`, `#gen`); else everything.
import type { ObjectSchemaLike } from "../realm-like.js";
import { CREATED_KEY, GENERATION_KEY, decodeFieldKey, encodeFieldKey } from "../schema/field-keys.js";
import type { ObjectChange } from "./changeset.js";
import type { FreshRead } from "./fresh-view.js";
import { shapeOfProperty } from "./value-codec.js";
import type { CodecContext } from "./value-codec.js";

/** A changed field key's narrow-read facts: its field and canonical key, or `null` when the whole object is needed. */
type KeyRead = { readonly name: string; readonly canonical: string } | null;

/** Per model schema and its excluded fields, the facts of each field key met (decoding a key allocates; a run meets the same few keys over and over). */
const keyReads = new WeakMap<ObjectSchemaLike, WeakMap<ReadonlySet<string>, Map<string, KeyRead>>>();

function keyReadsOf(schema: ObjectSchemaLike, excluded: ReadonlySet<string>): Map<string, KeyRead> {
  let byExcluded = keyReads.get(schema);
  if (byExcluded === undefined) keyReads.set(schema, (byExcluded = new WeakMap()));
  let reads = byExcluded.get(excluded);
  if (reads === undefined) byExcluded.set(excluded, (reads = new Map()));
  return reads;
}

function keyRead(fieldKey: string, schema: ObjectSchemaLike, context: CodecContext, excluded: ReadonlySet<string>): KeyRead {
  const path = decodeFieldKey(fieldKey);
  if (path?.length !== 1) return null;
  const name = path[0] as string;
  const property = excluded.has(name) ? undefined : schema.properties[name];
  // A scalar's shape does not depend on the context (only links and embedded objects do): the facts hold for every run.
  if (property === undefined || shapeOfProperty(property, context)?.kind !== "scalar") return null;
  return { name, canonical: encodeFieldKey(path) };
}

/**
 * The narrow read for `change`, or `undefined` when the merge needs the whole fresh object:
 * increments, a field below the top level or of a non-scalar kind (lists, sets, dictionaries,
 * embedded objects, links, mixed: their merge reads sub-path stamps and neighbouring values),
 * an excluded or unknown field. A top-level scalar has no ancestors, so its effective stamp
 * needs only its own key and `#created` (docs/storage-format.md, reading rule).
 */
export function freshReadFor(change: ObjectChange, schema: ObjectSchemaLike, context: CodecContext, excluded: ReadonlySet<string>): FreshRead | undefined {
  if (change.increments !== undefined) return undefined;
  const reads = keyReadsOf(schema, excluded);
  const fields: string[] = [];
  const stampKeys: string[] = [CREATED_KEY, GENERATION_KEY];
  for (const fieldKey in change.fields) {
    let read = reads.get(fieldKey);
    if (read === undefined) reads.set(fieldKey, (read = keyRead(fieldKey, schema, context, excluded)));
    if (read === null) return undefined;
    fields.push(read.name);
    stampKeys.push(read.canonical);
    if (read.canonical !== fieldKey) stampKeys.push(fieldKey);
  }
  return { fields, stampKeys };
}
