// The narrow surface of the Realm JS API this library uses. Real `Realm` instances satisfy
// it with no cast (test/contract/realm-like.types.test.ts proves it); so does the in-memory store.
import type { ObjectId, UUID } from "bson";

/** The property type names Realm understands (canonical form). */
export type PropertyTypeName =
  | "bool"
  | "int"
  | "float"
  | "double"
  | "decimal128"
  | "objectId"
  | "string"
  | "data"
  | "date"
  | "mixed"
  | "uuid"
  | "list"
  | "dictionary"
  | "set"
  | "object"
  | "linkingObjects";

/** A property as Realm reports it in `realm.schema` (canonical: no shorthand). */
export interface PropertySchemaLike {
  readonly name: string;
  readonly type: PropertyTypeName;
  /** Element type of a collection, or the model name of a link / embedded object. */
  readonly objectType?: string;
  /** Realm ≥ 12.10: `"counter"` marks an `int` presented as a `Counter`. */
  readonly presentation?: string;
  readonly optional: boolean;
  /** The origin property of a `linkingObjects` property. */
  readonly property?: string;
  /** Whether the property has a search index. */
  readonly indexed?: boolean | "full-text";
  readonly default?: unknown;
}

/** A model as Realm reports it in `realm.schema`. */
export interface ObjectSchemaLike {
  readonly name: string;
  readonly primaryKey?: string;
  readonly embedded?: boolean;
  readonly asymmetric?: boolean;
  readonly properties: Readonly<Record<string, PropertySchemaLike>>;
}

/** The primary key types the engine handles (Realm also allows `null` on optional keys). */
export type PrimaryKeyValue = string | number | ObjectId | UUID | null;

/** How `create` treats an existing object with the same primary key. */
export type UpdateModeName = "never" | "modified" | "all";

/**
 * Any managed Realm object, typed or not: what public functions accept. A class model
 * (`class Dog extends Realm.Object<Dog>`), `Realm.Object & Dog`, what `objectForPrimaryKey<Dog>`
 * and `@realm/react`'s `useObject` / `useQuery` return, and the in-memory store's objects all
 * satisfy it with no cast (it has no index signature, which typed objects lack).
 */
export interface AnyRealmObject {
  /** `false` once the object is deleted or its realm closed. */
  isValid(): boolean;
  /** The object's model, canonical form (how tracking learns an object's type and primary key). */
  objectSchema(): ObjectSchemaLike;
}

/** A managed Realm object whose properties are read and written by name (untyped). */
export interface RealmObjectLike extends AnyRealmObject {
  [property: string]: unknown;
}

/** A live, ordered collection of objects (`realm.objects(name)`). */
export interface ResultsLike<T = RealmObjectLike> extends Iterable<T> {
  readonly length: number;
  readonly [index: number]: T;
  /** A Realm Query Language filter: extraction asks for the objects stamped after the checkpoint. */
  filtered(query: string, ...args: unknown[]): ResultsLike<T>;
}

/** The subset of a `Realm` instance the engine calls. */
export interface RealmLike {
  /** The models the realm was opened with, canonical form. */
  readonly schema: readonly ObjectSchemaLike[];
  /** File path of the realm (`""` or a pseudo path for in-memory stores). */
  readonly path: string;
  readonly isClosed: boolean;
  readonly isInTransaction: boolean;
  /** Runs `callback` in a write transaction; a throw rolls every change back. */
  write<T>(callback: () => T): T;
  /** Creates an object of model `type` (in a write transaction); `mode` as Realm's `UpdateMode`. */
  create(type: string, values: Record<string, unknown>, mode?: UpdateModeName | boolean): RealmObjectLike;
  /** The object of model `type` with this primary key, or `null`. */
  objectForPrimaryKey(type: string, primaryKey: PrimaryKeyValue): RealmObjectLike | null;
  /** Every object of model `type`, live. */
  objects(type: string): ResultsLike;
  /** Deletes an object, an array of objects, a list or a results collection. */
  delete(subject: unknown): void;
  /** Closes the realm: its objects become invalid. */
  close(): void;
}
