// Which BSON value a value is, judged by bson's own tag rather than `instanceof`, so values
// from any copy of the bson package (the app's, Realm's, ours) are recognised alike.

/** `"ObjectId"`, `"UUID"`, `"Decimal128"` or another bson tag; `undefined` for non-BSON values. */
export function bsonKind(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const tag = (value as { _bsontype?: unknown })._bsontype;
  if (tag === "ObjectID" || tag === "ObjectId") return "ObjectId";
  // bson 4 tags a UUID as "Binary" of subtype 4.
  if ((tag === "Binary" || tag === "UUID") && (value as { sub_type?: unknown }).sub_type === 4 && typeof (value as { toHexString?: unknown }).toHexString === "function") return "UUID";
  return typeof tag === "string" ? tag : undefined;
}
