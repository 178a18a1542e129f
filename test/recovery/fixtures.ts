// Small shared fixtures for recovery tests: a Dog schema, stamps at readable times, a fixed clock.
import { formatStamp } from "../../src/clock/index.js";
import type { Changeset, ObjectChange } from "../../src/recovery/changeset.js";
import type { ObjectSchemaLike, PropertySchemaLike } from "../../src/realm-like.js";

/** A stamp at `millis` (seconds-scale readable numbers) from node `node`. */
export const at = (millis: number, node = 1): string => formatStamp({ millis: 1_700_000_000_000 + millis, counter: 0, nodeHash: node });
export const NOW = () => 1_700_000_000_000 + 1_000_000;

const prop = (name: string, type: PropertySchemaLike["type"], extra: Partial<PropertySchemaLike> = {}): PropertySchemaLike => ({ name, type, optional: false, ...extra });

export const TRACKING_PROPS = { fieldTimestamps: prop("fieldTimestamps", "dictionary", { objectType: "string" }) };

export const dogSchema: ObjectSchemaLike = {
  name: "Dog",
  primaryKey: "_id",
  properties: {
    _id: prop("_id", "string"),
    name: prop("name", "string"),
    age: prop("age", "int", { optional: true }),
    tags: prop("tags", "set", { objectType: "string" }),
    tricks: prop("tricks", "list", { objectType: "string" }),
    notes: prop("notes", "dictionary", { objectType: "string", optional: true }),
    address: prop("address", "object", { objectType: "Address", optional: true }),
    owner: prop("owner", "object", { objectType: "Person", optional: true }),
    friends: prop("friends", "list", { objectType: "Dog" }),
    ...TRACKING_PROPS,
  },
};
export const addressSchema: ObjectSchemaLike = {
  name: "Address",
  embedded: true,
  properties: { street: prop("street", "string", { optional: true }), city: prop("city", "string", { optional: true }) },
};
export const personSchema: ObjectSchemaLike = {
  name: "Person",
  primaryKey: "_id",
  properties: { _id: prop("_id", "int"), name: prop("name", "string"), ...TRACKING_PROPS },
};
export const tombstoneSchema: ObjectSchemaLike = {
  name: "FieldRecoveryTombstone",
  primaryKey: "_id",
  properties: {
    _id: prop("_id", "string"),
    model: prop("model", "string"),
    key: prop("key", "string"),
    stamp: prop("stamp", "string"),
    generation: prop("generation", "int"),
  },
};
export const SCHEMA: readonly ObjectSchemaLike[] = [dogSchema, addressSchema, personSchema, tombstoneSchema];

export function changeset(objects: ObjectChange[], tombstones: Changeset["tombstones"] = [], since: string | null = at(0)): Changeset {
  return { format: 1, since, objects, tombstones };
}

export function dogChange(key: string, fields: ObjectChange["fields"], extra: Partial<ObjectChange> = {}): ObjectChange {
  return { model: "Dog", key, generation: 1, created: null, fields, ...extra };
}
