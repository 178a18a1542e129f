// Type-level proof that trackFields' output is a valid `schema` for `new Realm(…)` with object
// schemas and Realm.Object classes (checked by `npm run typecheck`).
import type Realm from "realm";
import { describe, expect, it } from "vitest";
import { trackFields } from "../../src/schema/track-fields.js";

export function configFor(Dog: typeof Realm.Object & { schema: Realm.ObjectSchema }, Address: Realm.ObjectSchema): Realm.Configuration {
  return { schema: trackFields([Dog, Address], { exclude: { fields: { Dog: ["score"] } } }) };
}

describe("trackFields types", () => {
  it("returns what Realm's Configuration.schema accepts (see typecheck)", () => {
    expect(typeof configFor).toBe("function");
  });
});
