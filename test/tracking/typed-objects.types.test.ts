// Type-level proof that every tx method takes the objects users hold, with no cast, and checks
// field names and values against the model. Checked by `npm run typecheck` against realm 20's
// and @realm/react's own types; the runtime half runs the same calls on the memory store.
import type Realm from "realm";
import type * as RealmReact from "@realm/react";
import { describe, expect, it } from "vitest";
import { trackFields, trackedWrite } from "../../src/index.js";
import type { AnyRealmObject, Draft, TrackedTransaction } from "../../src/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";

declare class Dog extends Realm.Object<Dog> {
  _id: string;
  name: string;
  age: number;
  tags: Realm.List<string>;
  toys: Realm.Set<string>;
  notes: Realm.Dictionary<string>;
  treats: Realm.Counter;
  bark(): void;
}
interface Cat {
  _id: string;
  name: string;
  lives: number;
}

// Types only: importing @realm/react would load realm's native binding.
declare const hooks: Pick<typeof RealmReact, "useObject" | "useQuery">;

// Every shape a user holds, each accepted by every method.
export function typedCalls(
  tx: TrackedTransaction,
  realm: Realm,
  dog: Dog,
  cat: Realm.Object & Cat,
): void {
  // What @realm/react's hooks return (this function is type-checked, never run).
  const fromHook = hooks.useObject<Cat>("Cat", "tom");
  const results = hooks.useQuery<Cat>("Cat");
  tx.update(dog, (d) => {
    d.age += 1;
    d.tags.push("good"); // a list is an array
    d.toys.add("ball"); // a set is a Set
    d.notes.vet = "Tuesday"; // a dictionary is a record
    d.treats += 1; // a counter is its number
    // @ts-expect-error misspelt field
    d.nmae = "Rexy";
    // @ts-expect-error methods are not fields
    d.bark();
  });
  tx.assign(dog, { name: "Rexy", tags: ["a"], treats: 2 });
  // @ts-expect-error misspelt field
  tx.assign(dog, { nmae: "Rexy" });
  // @ts-expect-error wrong value type
  tx.assign(dog, { age: "four" });
  tx.increment(dog, "age");
  tx.increment(dog, "treats", 2);
  // @ts-expect-error not an int or counter field
  tx.increment(dog, "name");
  tx.delete(dog);

  tx.update(cat, (c) => {
    c.lives -= 1;
  });
  tx.assign(cat, { name: "Tom" });
  tx.increment(cat, "lives");
  tx.delete(cat);

  const pk = realm.objectForPrimaryKey<Cat>("Cat", "tom");
  if (pk) {
    tx.update(pk, (c) => {
      c.name = "Tom";
    });
    tx.increment(pk, "lives", -1);
  }
  if (fromHook) tx.assign(fromHook, { lives: 9 });
  tx.delete(results);
  for (const each of results) tx.update(each, (c) => void (c.lives = 9));

  // Untyped objects still take any name; a draft type can be given.
  const loose = realm.objectForPrimaryKey("Cat", "tom");
  if (loose) {
    tx.update(loose, (d) => {
      d.anything = 1;
    });
    tx.update<{ lives: number }>(loose, (d) => {
      d.lives += 1;
    });
    tx.increment(loose, "anything");
  }
  const created: Cat & AnyRealmObject = tx.create<Cat>("Cat", { _id: "tom", name: "Tom", lives: 9 });
  // @ts-expect-error misspelt field on create
  tx.create<Cat>("Cat", { _id: "tom", nmae: "Tom" });
  tx.increment(created, "lives");
}

export type DogDraft = Draft<Dog>;

describe("typed objects", () => {
  it("type-check against realm's and @realm/react's types (see typecheck), and the untyped path runs", () => {
    const realm = openMemoryRealm({ schema: trackFields([{ name: "Cat", primaryKey: "_id", properties: { _id: "string", name: "string", lives: "int" } }]) });
    trackedWrite(realm, (tx) => {
      const tom = tx.create<Cat>("Cat", { _id: "tom", name: "Tom", lives: 9 });
      tx.update(tom, (c) => {
        c.lives -= 1;
      });
      tx.increment(tom, "lives", -1);
    });
    expect(realm.objectForPrimaryKey("Cat", "tom")).toMatchObject({ name: "Tom", lives: 7 });
  });
});
