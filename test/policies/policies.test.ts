import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatStamp } from "../../src/clock/index.js";
import { checkPolicies, counterDelta, deletePolicyFor, dictionaryMerge, lastWriterWins, listAdditions, listAppend, policyFor, resolver, setUnion } from "../../src/policies/index.js";
import type { FieldConflict, FieldPolicy } from "../../src/policies/index.js";
import type { EncodedValue } from "../../src/recovery/value-codec.js";

const ctx = { model: "Dog", key: "s:rex", field: "f", path: ["f"], shape: { kind: "mixed" as const }, localStamp: "", serverStamp: undefined };
const conflict = (local: EncodedValue | undefined, server: EncodedValue | undefined, localStamp = "B", serverStamp: string | undefined = "A", delta?: number): FieldConflict => ({
  local: delta === undefined ? { value: local, stamp: localStamp } : { value: local, stamp: localStamp, delta },
  server: { value: server, stamp: serverStamp },
  context: ctx,
});

// A stamped value; the value is a function of the stamp, as on real devices (equal stamps => equal values).
const stamped = fc.record({ millis: fc.integer({ min: 0, max: 20 }), counter: fc.integer({ min: 0, max: 2 }), nodeHash: fc.integer({ min: 0, max: 3 }) }).map((parts) => {
  const stamp = formatStamp(parts);
  return { stamp, value: `v${stamp}` };
});
type Stamped = { stamp: string; value: string };
const lww = (a: Stamped, b: Stamped): Stamped => (lastWriterWins.resolve(conflict(a.value, b.value, a.stamp, b.stamp)).winner === "local" ? a : b);

describe("lastWriterWins as a merge of stamped values", () => {
  it("is commutative, associative and idempotent", () => {
    fc.assert(
      fc.property(stamped, stamped, stamped, (a, b, c) => {
        expect(lww(a, b)).toEqual(lww(b, a));
        expect(lww(lww(a, b), c)).toEqual(lww(a, lww(b, c)));
        expect(lww(a, a)).toEqual(a);
      }),
    );
  });

  it("treats a missing server stamp as older than any", () => {
    expect(lastWriterWins.resolve({ local: { value: 1, stamp: "-" }, server: { value: 2, stamp: undefined }, context: ctx })).toEqual({ winner: "local" });
  });
});

describe("collection policies", () => {
  it("setUnion is commutative and idempotent on the resulting set", () => {
    const set = fc.uniqueArray(fc.string({ maxLength: 2 }), { maxLength: 5 }).map((items) => ({ $set: items }));
    fc.assert(
      fc.property(set, set, (a, b) => {
        const ab = setUnion.resolve(conflict(a, b));
        const ba = setUnion.resolve(conflict(b, a));
        expect(ab).toEqual(ba);
        const merged = ab.winner === "merged" ? ab.value : undefined;
        expect(setUnion.resolve(conflict(merged, merged))).toEqual(ab);
      }),
    );
  });

  it("listAppend adds exactly the multiset difference, in local order, and is idempotent", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 6 }), fc.array(fc.constantFrom("a", "b", "c"), { maxLength: 6 }), (local, server) => {
        const first = listAppend.resolve(conflict(local, server));
        const result = first.winner === "merged" ? (first.value as string[]) : server;
        expect(result.slice(0, server.length)).toEqual(server);
        expect(listAdditions(local, result)).toEqual([]);
        expect(listAppend.resolve(conflict(local, result))).toEqual({ winner: "server" });
      }),
    );
  });

  it("dictionaryMerge keeps keys of both sides, the newer side winning shared keys", () => {
    expect(dictionaryMerge.resolve(conflict({ a: 1, b: 1 }, { b: 2, c: 2 }, "B", "A"))).toEqual({ winner: "merged", value: { a: 1, b: 1, c: 2 } });
    expect(dictionaryMerge.resolve(conflict({ a: 1, b: 1 }, { b: 2, c: 2 }, "A", "B"))).toEqual({ winner: "merged", value: { a: 1, b: 2, c: 2 } });
  });

  it("counterDelta adds the explicit delta to the server value, else falls back to lastWriterWins", () => {
    expect(counterDelta.resolve(conflict(7, 10, "A", "B", 2))).toEqual({ winner: "merged", value: 12 });
    expect(counterDelta.resolve(conflict(7, 10, "A", "B"))).toEqual({ winner: "server" });
  });
});

describe("policy selection", () => {
  const mine: FieldPolicy = resolver(() => 1, "mine");
  const policies = { default: setUnion, delete: "updateWins" as const, models: { Dog: { default: listAppend, delete: "deleteWins" as const, fields: { age: mine, "address.city": lastWriterWins } } } };

  it("picks the field policy (path, then top-level), the model default, the global default, then lastWriterWins", () => {
    expect(policyFor(policies, "Dog", ["age"]).name).toBe("mine");
    expect(policyFor(policies, "Dog", ["address", "city"]).name).toBe("lastWriterWins");
    expect(policyFor(policies, "Dog", ["name"]).name).toBe("listAppend");
    expect(policyFor(policies, "Cat", ["name"]).name).toBe("setUnion");
    expect(policyFor(undefined, "Cat", ["name"]).name).toBe("lastWriterWins");
    expect(deletePolicyFor(policies, "Dog")).toBe("deleteWins");
    expect(deletePolicyFor(policies, "Cat")).toBe("updateWins");
    expect(deletePolicyFor(undefined, "Cat")).toBe("deleteWins");
  });

  it("rejects malformed policies up front with a message naming the place", () => {
    expect(() => checkPolicies({ models: { Dog: { fields: { age: "lww" as never } } } })).toThrow(/policies\.models\.Dog\.fields\.age/);
    expect(() => checkPolicies({ delete: "serverWins" as never })).toThrow(/"deleteWins" or "updateWins"/);
  });
});
