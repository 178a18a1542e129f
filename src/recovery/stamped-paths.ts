// Reading and writing encoded values by field path, and the effective-stamp rule of
// docs/storage-format.md: a path's stamp is the greatest among it, its ancestors and `#created`.
import type { Stamp } from "../clock/index.js";
import { isStamp } from "../clock/index.js";
import { CREATED_KEY, encodeFieldKey } from "../schema/field-keys.js";
import type { FieldPath } from "../schema/field-keys.js";
import type { ObjectSchemaLike } from "../realm-like.js";
import { shapeOfProperty } from "./value-codec.js";
import type { CodecContext, EncodedValue, ValueShape } from "./value-codec.js";
import { isEncodedRecord } from "./value-codec.js";
import { setOwn } from "../utils/dictionary.js";

/** Stamps by field key, as in a `fieldTimestamps` dictionary. */
export type StampMap = Readonly<Record<string, string>>;

/** The effective stamp of `path`; malformed stamps are ignored (older than any). */
export function effectiveStamp(stamps: StampMap, path: FieldPath): Stamp | undefined {
  let best: Stamp | undefined = validOrUndefined(stamps[CREATED_KEY]);
  for (let length = 1; length <= path.length; length++) {
    const stamp = validOrUndefined(stamps[length === 1 ? topFieldKey(path[0] as string) : encodeFieldKey(path.slice(0, length))]);
    if (stamp !== undefined && (best === undefined || stamp > best)) best = stamp;
  }
  return best;
}

/** `encodeFieldKey([name])`, without the general encoder for the common name that needs no escape. */
function topFieldKey(name: string): string {
  return /^[^$#][^%/.]*$/.test(name) ? name : encodeFieldKey([name]);
}

function validOrUndefined(stamp: string | undefined): Stamp | undefined {
  return stamp !== undefined && isStamp(stamp) ? stamp : undefined;
}

/** Whether a same-value restamp to `stamp` is newer than what the fresh realm recorded at `fieldKey` (so it is recorded). */
export function restampWins(freshStamps: StampMap, fieldKey: string, stamp: Stamp): boolean {
  return freshStamps[fieldKey] === undefined || stamp > (freshStamps[fieldKey] as string);
}

/** The greatest well-formed stamp of an object (for "is a delete newer than every edit"). */
export function newestStamp(stamps: StampMap): Stamp | undefined {
  let best: Stamp | undefined;
  for (const stamp of Object.values(stamps)) if (isStamp(stamp) && (best === undefined || stamp > best)) best = stamp;
  return best;
}

/** The value at `path` of top-level encoded values; `undefined` when absent. */
export function valueAt(values: Readonly<Record<string, EncodedValue>>, path: FieldPath): EncodedValue | undefined {
  let current: EncodedValue | undefined = values;
  for (const segment of path) {
    if (!isEncodedRecord(current)) return undefined;
    current = Object.prototype.hasOwnProperty.call(current, segment) ? current[segment] : undefined;
  }
  return current;
}

/** Makes an empty container (an embedded object) for the path of a missing parent, or `undefined`. */
export type CreateContainer = (path: FieldPath) => Record<string, EncodedValue> | undefined;

/**
 * Sets (or, with `undefined`, removes) the value at `path`, copying the containers on the
 * way. A parent on the path that is missing (e.g. an embedded object is null) is made by
 * `create` when given; returns `false` when it cannot be.
 */
export function setValueAt(values: Record<string, EncodedValue>, path: FieldPath, value: EncodedValue | undefined, create?: CreateContainer, depth = 0): boolean {
  const head = path[depth];
  if (head === undefined) return false;
  if (depth === path.length - 1) {
    if (value === undefined) delete values[head];
    else if (head === "__proto__") setOwn(values, head, value); // a user's dictionary key, not the prototype setter
    else values[head] = value;
    return true;
  }
  const child = values[head];
  const container = isEncodedRecord(child) ? child : create?.(path.slice(0, depth + 1));
  if (container === undefined) return false;
  const copy: Record<string, EncodedValue> = { ...container };
  if (!setValueAt(copy, path, value, create, depth + 1)) return false;
  if (head === "__proto__") setOwn(values, head, copy);
  else values[head] = copy;
  return true;
}

/** The shape of the value at `path` in `schema`, through embedded objects and dictionaries. */
export function shapeAtPath(schema: ObjectSchemaLike, path: FieldPath, context: CodecContext): ValueShape | undefined {
  const [head, ...rest] = path;
  const property = head === undefined ? undefined : schema.properties[head];
  let shape = property === undefined ? undefined : shapeOfProperty(property, context);
  for (const segment of rest) {
    if (shape === undefined) return undefined;
    if (shape.kind === "dictionary") shape = shape.element;
    else if (shape.kind === "embedded") {
      const inner = context.schemaOf(shape.model)?.properties[segment];
      shape = inner === undefined ? undefined : shapeOfProperty(inner, context);
    } else return undefined;
  }
  return shape;
}
