// Checks an encoded primary key against the fresh schema before any lookup, so a retyped
// primary key is skipped and reported instead of throwing inside the write.
import type { ObjectSchemaLike } from "../realm-like.js";
import { decodePrimaryKey } from "../schema/primary-key.js";

const PREFIX: Readonly<Record<string, string>> = { string: "s:", int: "i:", objectId: "o:", uuid: "u:" };

/** Why `key` cannot address an object of `schema`, or `undefined`. */
export function primaryKeyProblem(key: string, schema: ObjectSchemaLike): string | undefined {
  if (schema.primaryKey === undefined) return `model "${schema.name}" has no primary key in the fresh schema`;
  try {
    decodePrimaryKey(key, schema.name);
  } catch (error) {
    return (error as Error).message;
  }
  const property = schema.properties[schema.primaryKey];
  if (property === undefined) return `the primary key property "${schema.primaryKey}" is missing`;
  if (key === "n:") return property.optional ? undefined : `a null primary key for the required "${schema.primaryKey}"`;
  const expected = PREFIX[property.type];
  return expected === undefined || key.startsWith(expected) ? undefined : `primary key ${JSON.stringify(key)} does not fit the fresh "${schema.primaryKey}" of type ${property.type} (the primary key was retyped)`;
}
