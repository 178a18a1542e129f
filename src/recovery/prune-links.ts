// Law 12: a link whose target is missing after the merge is nulled, or dropped from its
// collection, and reported. Recovery never creates an object because a link points to it.
import type { ObjectSchemaLike } from "../realm-like.js";
import { isEncodedRecord, linkOf, makeSet, shapeOfProperty } from "./value-codec.js";
import type { CodecContext, EncodedValue, ValueShape } from "./value-codec.js";
import { setOwn } from "../utils/dictionary.js";

/** `true` if the object exists in the fresh realm once the plan is applied. */
export type ExistsAfterMerge = (model: string, key: string) => boolean;

/** A link that was dropped: where, and to what. */
export interface DroppedLink {
  readonly field: string;
  readonly target: { readonly model: string; readonly key: string };
}

/** Returns `value` without dangling links, and the links it dropped. */
export function pruneLinks(value: EncodedValue, shape: ValueShape, field: string, context: CodecContext, exists: ExistsAfterMerge, dropped: DroppedLink[]): EncodedValue {
  if (value === null) return value;
  switch (shape.kind) {
    case "link":
    case "mixed": {
      const link = linkOf(value);
      if (link !== undefined) {
        if (exists(link.model, link.key)) return value;
        dropped.push({ field, target: link });
        return null;
      }
      if (shape.kind === "link") return value;
      // Mixed collections: prune inside arrays and dictionaries too.
      if (Array.isArray(value)) return pruneItems(value as readonly EncodedValue[], shape, field, context, exists, dropped);
      if (isEncodedRecord(value) && !Object.keys(value).some((k) => k.startsWith("$"))) return pruneRecord(value, () => shape, field, context, exists, dropped);
      return value;
    }
    case "embedded": {
      const schema = context.schemaOf(shape.model);
      if (schema === undefined || !isEncodedRecord(value)) return value;
      return pruneObject(value, schema, field, context, exists, dropped);
    }
    case "list":
      return Array.isArray(value) ? pruneItems(value as readonly EncodedValue[], shape.element, field, context, exists, dropped) : value;
    case "set":
      return isEncodedRecord(value) && Array.isArray(value.$set) ? makeSet(pruneItems(value.$set as readonly EncodedValue[], shape.element, field, context, exists, dropped)) : value;
    case "dictionary":
      // Realm keeps a dictionary entry whose link target is deleted, with value null.
      return isEncodedRecord(value) ? pruneRecord(value, () => shape.element, field, context, exists, dropped) : value;
    default:
      return value;
  }
}

/** Prunes every stored property of an encoded object. */
export function pruneObject(values: Readonly<Record<string, EncodedValue>>, schema: ObjectSchemaLike, field: string, context: CodecContext, exists: ExistsAfterMerge, dropped: DroppedLink[]): Record<string, EncodedValue> {
  const out: Record<string, EncodedValue> = {};
  for (const [name, item] of Object.entries(values)) {
    const property = schema.properties[name];
    const shape = property === undefined ? undefined : shapeOfProperty(property, context);
    out[name] = shape === undefined ? item : pruneLinks(item, shape, field === "" ? name : `${field}.${name}`, context, exists, dropped);
  }
  return out;
}

function pruneItems(items: readonly EncodedValue[], element: ValueShape, field: string, context: CodecContext, exists: ExistsAfterMerge, dropped: DroppedLink[]): EncodedValue[] {
  const out: EncodedValue[] = [];
  for (const item of items) {
    const link = element.kind === "link" || element.kind === "mixed" ? linkOf(item) : undefined;
    if (link !== undefined && !exists(link.model, link.key)) {
      dropped.push({ field, target: link });
      continue; // removed from the collection, as Realm does when a target is deleted
    }
    out.push(pruneLinks(item, element, field, context, exists, dropped));
  }
  return out;
}

function pruneRecord(record: Readonly<Record<string, EncodedValue>>, element: () => ValueShape, field: string, context: CodecContext, exists: ExistsAfterMerge, dropped: DroppedLink[]): Record<string, EncodedValue> {
  const out: Record<string, EncodedValue> = {};
  for (const [key, item] of Object.entries(record)) setOwn(out, key, pruneLinks(item, element(), `${field}.${key}`, context, exists, dropped));
  return out;
}

/** `true` if an object of `schema` can hold a link (a link, `mixed`, or an embedded object or collection holding one). */
export function canHoldLinks(schema: ObjectSchemaLike, context: CodecContext, seen: Set<string> = new Set()): boolean {
  if (seen.has(schema.name)) return false; // already being checked higher up
  seen.add(schema.name);
  const holds = (shape: ValueShape | undefined): boolean => {
    if (shape === undefined) return false;
    switch (shape.kind) {
      case "link":
      case "mixed":
        return true;
      case "embedded": {
        const inner = context.schemaOf(shape.model);
        return inner === undefined ? false : canHoldLinks(inner, context, seen);
      }
      case "list":
      case "set":
      case "dictionary":
        return holds(shape.element);
      default:
        return false;
    }
  };
  return Object.values(schema.properties).some((property) => holds(shapeOfProperty(property, context)));
}
