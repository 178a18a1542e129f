// Type-level proof that real Realm satisfies `RealmLike` with no cast. Checked by `npm run typecheck`;
// the runtime assertion only keeps vitest from reporting an empty file.
import type Realm from "realm";
import { describe, expect, it } from "vitest";
import type { RealmLike, RealmObjectLike, ResultsLike } from "../../src/realm-like.js";

export function asRealmLike(realm: Realm): RealmLike {
  return realm;
}
export function asObjectLike(object: Realm.Object & Record<string, unknown>): RealmObjectLike {
  return object;
}
export function asResultsLike(results: Realm.Results<Realm.Object & Record<string, unknown>>): ResultsLike {
  return results;
}

describe("RealmLike", () => {
  it("is satisfied by the realm package's own types (see typecheck)", () => {
    expect(typeof asRealmLike).toBe("function");
  });
});
