// The tombstone model `trackFields` adds: one row per deleted tracked object
// (docs/storage-format.md, "Tombstones"). Recognised again on a second pass (idempotence).

/** Property types of the tombstone model, in the order `trackFields` writes them. */
export const TOMBSTONE_PROPERTIES = {
  _id: "string",
  model: "string",
  key: "string",
  stamp: "string",
  generation: "int",
} as const;

/** The primary key of the tombstone model: `<model>/<encoded primary key>`. */
export const TOMBSTONE_PRIMARY_KEY = "_id";

/** The object schema of the tombstone model, as `trackFields` adds it. */
export interface TombstoneObjectSchema {
  readonly name: string;
  readonly primaryKey: typeof TOMBSTONE_PRIMARY_KEY;
  readonly properties: { readonly [K in keyof typeof TOMBSTONE_PROPERTIES]: (typeof TOMBSTONE_PROPERTIES)[K] };
}

/** A tombstone row as stored. */
export interface TombstoneRecord {
  readonly _id: string;
  readonly model: string;
  readonly key: string;
  readonly stamp: string;
  readonly generation: number;
}

/** Builds the tombstone model under the given name. */
export function tombstoneObjectSchema(name: string): TombstoneObjectSchema {
  return { name, primaryKey: TOMBSTONE_PRIMARY_KEY, properties: { ...TOMBSTONE_PROPERTIES } };
}

/** The tombstone's primary key for an object of `model` whose encoded primary key is `key`. */
export function tombstoneId(model: string, encodedKey: string): string {
  return `${model}/${encodedKey}`;
}

/** Whether a property definition (shorthand or object form) is exactly `type`, required. */
export function isPropertyOfType(definition: unknown, type: string, objectType?: string): boolean {
  if (typeof definition === "string") return objectType === undefined ? definition === type : definition === `${objectType}{}` && type === "dictionary";
  if (typeof definition !== "object" || definition === null) return false;
  const { type: t, objectType: o, optional } = definition as { type?: unknown; objectType?: unknown; optional?: unknown };
  if (optional === true) return false;
  if (objectType === undefined) return t === type && o === undefined;
  return t === type && o === objectType;
}

/** Whether an object schema is the tombstone model (as added by `trackFields`). */
export function isTombstoneSchema(schema: { readonly name: string; readonly primaryKey?: string; readonly embedded?: boolean; readonly properties: unknown }): boolean {
  if (schema.primaryKey !== TOMBSTONE_PRIMARY_KEY || schema.embedded === true) return false;
  const properties = schema.properties as Readonly<Record<string, unknown>>;
  const names = Object.keys(properties);
  const expected = Object.entries(TOMBSTONE_PROPERTIES);
  return names.length === expected.length && expected.every(([name, type]) => isPropertyOfType(properties[name], type));
}
