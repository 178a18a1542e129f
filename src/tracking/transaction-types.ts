// The public face of a tracked write's `tx`: what each mutation accepts, typed from the object
// passed in. `Transaction` (transaction.ts) implements it; these signatures only add typing.
import type { Stamp } from "../clock/index.js";
import type { Draft, FieldValues, IncrementableField, Managed, PlainObject } from "../model-types.js";
import type { AnyRealmObject, RealmLike, RealmObjectLike, UpdateModeName } from "../realm-like.js";

export type { PlainObject } from "../model-types.js";

/**
 * The mutations of one tracked write. Use it only inside the `trackedWrite` callback.
 *
 * Every method takes the objects you hold, with no cast: class models
 * (`class Dog extends Realm.Object<Dog>`), `Realm.Object & Dog`, what `objectForPrimaryKey<Dog>`
 * and `@realm/react`'s `useObject` / `useQuery` return, and untyped objects. With a typed
 * object, field names and values are checked against the model.
 */
export interface TrackedTransaction {
  /** The realm, for raw (unstamped) access. */
  readonly realm: RealmLike;
  /** The stamp of this transaction, once a change was stamped (`undefined` before). */
  readonly stamp: Stamp | undefined;
  /**
   * `realm.create` that stamps: an insert stamps every field through `#created`; with
   * `"modified"`/`"all"` on an existing object only the fields whose value differs are written
   * and stamped. `values` must be a plain object. Name the model type to check `values` and
   * type the result: `tx.create<Dog>("Dog", { _id: "rex", name: "Rex" })`.
   */
  create<T extends object = PlainObject>(type: string, values: FieldValues<T>, mode?: UpdateModeName | boolean): T extends PlainObject ? RealmObjectLike : Managed<T>;
  /**
   * Runs an immer `recipe` on a plain snapshot of `object` and applies the result as minimal
   * Realm mutations, stamping the fields (or embedded sub-fields, dictionary entries) it changed.
   * Lists are arrays, sets are `Set`s, dictionaries plain objects, counters numbers, links stay
   * Realm objects. The draft's type comes from `object` (`tx.update(dog, (d) => { d.age += 1 })`).
   */
  update<O extends AnyRealmObject>(object: O, recipe: (draft: Draft<O>) => Draft<O> | void): void;
  /** `update` with the draft's type given, for an untyped object: `tx.update<{ age: number }>(object, (d) => …)`. */
  update<S extends object>(object: AnyRealmObject, recipe: (draft: S) => S | void): void;
  /** Writes the fields of `partial` that differ from the object's values, and stamps them. */
  assign<O extends AnyRealmObject>(object: O, partial: FieldValues<O>): void;
  /** `realm.delete` that writes a tombstone (model, key, stamp, generation) per tracked object. */
  delete(subject: AnyRealmObject | Iterable<AnyRealmObject>): void;
  /**
   * Adds `by` to an `int` field. On a `Counter` (realm ≥ 12.10) the increment is recorded as a
   * delta (`#inc/…`) so recovery can re-apply it; on a plain `int` it is an ordinary write.
   * With a typed object, `field` must name one of its `int` or counter fields.
   * @param by the amount (an integer) to add; default 1
   */
  increment<O extends AnyRealmObject>(object: O, field: IncrementableField<O>, by?: number): void;
}
