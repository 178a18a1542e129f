// Shared fixtures of the tracking tests: a small schema with every field kind, a deterministic
// clock, and readers for an object's stamps.
import { HybridClock } from "../../src/clock/index.js";
import type { RealmObjectLike } from "../../src/realm-like.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import type { TrackingOptions } from "../../src/schema/tracking-options.js";

export const Dog: ObjectSchemaInput = {
  name: "Dog",
  primaryKey: "_id",
  properties: {
    _id: "string",
    name: "string",
    age: "int?",
    born: "date?",
    address: "Address?",
    tags: "string[]",
    toys: "string<>",
    notes: "string{}",
    owner: "Person?",
    friends: "Person[]",
    extra: "mixed",
    cachedScore: "double?",
  },
};
export const Address: ObjectSchemaInput = { name: "Address", embedded: true, properties: { city: "string?", street: "string?", geo: "Geo?" } };
export const Geo: ObjectSchemaInput = { name: "Geo", embedded: true, properties: { lat: "double", lng: "double" } };
export const Person: ObjectSchemaInput = { name: "Person", primaryKey: "_id", properties: { _id: "int", name: "string" } };
export const Log: ObjectSchemaInput = { name: "Log", properties: { line: "string" } };

export const tracking: TrackingOptions = { exclude: { models: ["Log"], fields: { Dog: ["cachedScore"] } } };
export const schema = trackFields([Dog, Address, Geo, Person, Log], tracking) as ObjectSchemaInput[];

/** Tracked fields of Dog, as stamped on insert. */
export const DOG_FIELDS = ["name", "age", "born", "address", "tags", "toys", "notes", "owner", "friends", "extra"];

/** A clock on a frozen wall clock: stamps still strictly increase (the counter moves). */
export function testClock(nodeId = "device-a"): HybridClock {
  return new HybridClock({ nodeId, now: () => 1_763_000_000_000 });
}

/** The `fieldTimestamps` entries of an object as a plain record. */
export function stampsOf(object: RealmObjectLike): Record<string, string> {
  const dictionary = object.fieldTimestamps as Record<string, string> & { keys?: () => Iterable<string> };
  const keys = typeof dictionary.keys === "function" ? Array.from(dictionary.keys()) : Object.keys(dictionary);
  return Object.fromEntries(keys.map((key) => [key, dictionary[key] as string]));
}

export function dogValues(id = "rex"): Record<string, unknown> {
  return { _id: id, name: "Rex", age: 3, tags: ["a", "b"], toys: ["ball"], notes: { color: "brown" }, address: { city: "Oslo", street: "Main", geo: { lat: 1, lng: 2 } }, extra: 1 };
}
