// Type-level views of the objects users hold: which names are fields of a model, and what a
// field looks like as plain data (a `tx.update` draft, `tx.assign` values). Types only: the
// structural tests below match realm's `List`, `Set`, `Dictionary` and `Counter` without
// importing `realm`, so the declarations work without it installed.
import type { AnyRealmObject } from "./realm-like.js";

/** A plain snapshot of an untyped object, as a `tx.update` recipe sees it. */
export type PlainObject = Record<string, unknown>;

/** Whether `O` is untyped (has a string index signature, like `Realm.Object` with no type argument). */
export type IsUntyped<O> = string extends keyof O ? true : false;

/**
 * The field names of a model type: its non-method string keys (`Realm.Object`'s methods are
 * left out). `string` for untyped objects.
 */
export type FieldName<O> =
  IsUntyped<O> extends true ? string : { [K in keyof O]-?: K extends string ? (O[K] extends (...args: never[]) => unknown ? never : K) : never }[keyof O];

/** A Realm `Counter` (realm ≥ 12.10), matched by shape. */
export interface CounterShape {
  /** The counter's current value. */
  readonly value: number;
  /** Adds `by` (default 1). */
  increment(by?: number): void;
  /** Sets the value (an ordinary write). */
  set(value: number): void;
}

/** Realm's `List` (an ordered collection with `move` and `swap`), matched by shape. */
export interface ListShape<E> extends Iterable<E> {
  /** Moves the element at `from` to `to`. */
  move(from: number, to: number): void;
  /** Swaps two elements. */
  swap(index1: number, index2: number): void;
}

/** Realm's `Set`, or a JavaScript `Set`. */
export interface SetShape<E> extends Iterable<E> {
  /** Adds a value. */
  add(value: E): unknown;
  /** Removes a value; whether it was there. */
  delete(value: E): boolean;
}

/** Realm's `Dictionary` (`set`, `remove`, `values()`), matched by shape. */
export interface DictionaryShape<E> {
  /** Sets one entry. */
  set(key: string, value: E): unknown;
  /** Removes entries. */
  remove(key: string | string[]): unknown;
  /** The entries' values. */
  values(): Iterable<E>;
}

/**
 * One field's value as plain data, as the draft of `tx.update` holds it: a counter is its
 * number, a list an array, a set a `Set`, a dictionary a record. Objects (links and embedded
 * objects) keep their type: the draft's embedded objects are plain copies with the same fields.
 */
export type DraftValue<V> = V extends CounterShape
  ? number
  : V extends ListShape<infer E>
    ? DraftValue<E>[]
    : V extends DictionaryShape<infer E>
      ? Record<string, DraftValue<E>>
      : V extends SetShape<infer E>
        ? Set<E>
        : V;

/** The draft of `tx.update(object, recipe)`: the object's fields as plain, writable data. */
export type Draft<O> = IsUntyped<O> extends true ? PlainObject : { -readonly [K in FieldName<O>]: DraftValue<O[K & keyof O]> };

/** What a field accepts on write: its draft form, the live value, or (collections) an array. */
export type FieldInput<V> =
  | DraftValue<V>
  | V
  | (V extends ListShape<infer E> | SetShape<infer E> ? readonly DraftValue<E>[] : never)
  | (V extends CounterShape ? number : never);

/** The values `tx.assign` (and `tx.create`) accept for a model: any subset of its fields. */
export type FieldValues<O> = IsUntyped<O> extends true ? Record<string, unknown> : { readonly [K in FieldName<O>]?: FieldInput<O[K & keyof O]> };

/** The field names `tx.increment` accepts: the model's `int` and counter fields (any name when untyped). */
export type IncrementableField<O> =
  IsUntyped<O> extends true
    ? string
    : { [K in FieldName<O>]: NonNullable<O[K & keyof O]> extends number | CounterShape ? K : never }[FieldName<O>];

/** A managed object of model type `T`: `T` itself when it is a Realm object class, else `T` with Realm's object methods. */
export type Managed<T> = T extends AnyRealmObject ? T : T & AnyRealmObject;

/**
 * Model names mapped to model types, for the options that name fields: `{ Dog: Dog }` makes
 * `exclude.fields.Dog` and `policies.models.Dog.fields` accept only `Dog`'s field names.
 */
export type ModelTypes = Readonly<Record<string, object>>;

/** `ModelTypes` when nothing is known: any model name, any field name. */
export type AnyModels = Readonly<Record<string, PlainObject>>;

/** A schema entry's model name as a literal type, when TypeScript knows it (a class's static `schema` first). */
export type SchemaEntryName<E> = E extends { readonly schema: { readonly name: infer N extends string } }
  ? N
  : E extends abstract new (...args: never[]) => unknown
    ? string
    : E extends { readonly name: infer N extends string }
      ? N
      : string;

/** A schema entry's model type: a class's instance type, or an object schema's property names. */
export type SchemaEntryModel<E> = E extends abstract new (...args: never[]) => infer I
  ? I & object
  : E extends { readonly properties: infer P }
    ? { [K in keyof P]: unknown }
    : PlainObject;

/**
 * The model types of a schema array, keyed by model name, when every name is a literal type
 * (an `as const` schema, or classes whose static `schema` is `as const`); otherwise any name.
 */
export type ModelsOfSchema<E> = string extends SchemaEntryName<E> ? AnyModels : { readonly [Entry in E as SchemaEntryName<Entry>]: SchemaEntryModel<Entry> };
