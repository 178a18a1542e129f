// Type-level proof that model and field names in `exclude` and in policies are checked where
// the model types are known (`npm run typecheck`), and stay free-form where they are not.
import type Realm from "realm";
import { describe, expect, it } from "vitest";
import { lastWriterWins, serverWins, setUnion, trackFields } from "../../src/index.js";
import type { MergePolicies, TrackingOptions } from "../../src/index.js";

declare class Dog extends Realm.Object<Dog> {
  _id: string;
  name: string;
  tags: Realm.Set<string>;
  address: { city: string };
}

const DogSchema = { name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", cachedScore: "int?" } } as const;
const LooseSchema = { name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string" } };

export const checked = trackFields([DogSchema], { exclude: { fields: { Dog: ["cachedScore"] } } });
// Compiled, never called (the same mistakes throw at run time, see below).
export function mistakes(): void {
  // @ts-expect-error misspelt field of an `as const` schema
  trackFields([DogSchema], { exclude: { fields: { Dog: ["cachedScroe"] } } });
  // @ts-expect-error unknown model of an `as const` schema
  trackFields([DogSchema], { exclude: { models: ["Cat"] } });
}
// A schema whose names TypeScript does not know takes any name (checked at run time).
export const loose: TrackingOptions = { exclude: { fields: { Dog: ["anything"] } } };
export const looseSchema = trackFields([LooseSchema], { exclude: { fields: { Dog: ["name"] } } });
export const typedOptions: TrackingOptions<{ Dog: Dog }> = { exclude: { fields: { Dog: ["name"] } } };
// @ts-expect-error misspelt field with the model types given
export const typedTypo: TrackingOptions<{ Dog: Dog }> = { exclude: { fields: { Dog: ["nmae"] } } };

export const policies: MergePolicies<{ Dog: Dog }> = {
  default: lastWriterWins,
  models: { Dog: { fields: { tags: setUnion, "address.city": serverWins } } },
};
// @ts-expect-error misspelt field in a typed policy
export const badField: MergePolicies<{ Dog: Dog }> = { models: { Dog: { fields: { tgas: setUnion } } } };
// @ts-expect-error unknown model in a typed policy
export const badModel: MergePolicies<{ Dog: Dog }> = { models: { Cat: {} } };
// A typed policy is accepted where an untyped one is expected.
export const widened: MergePolicies = policies;

describe("typed names", () => {
  it("type-check (see typecheck); the as-const schema is tracked with its exclusion", () => {
    const dog = checked.find((entry) => entry.name === "Dog") as { properties: Record<string, unknown> };
    expect(Object.keys(dog.properties)).toContain("fieldTimestamps");
    expect(widened).toBe(policies);
    expect(() => trackFields([LooseSchema], { exclude: { fields: { Dog: ["cachedScroe"] } } })).toThrow('exclude.fields.Dog names "cachedScroe"');
  });
});
