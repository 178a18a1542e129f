// Histories as fast-check arbitraries: devices with skewed clocks, then a sequence of edits,
// syncs, connectivity changes, clock jumps and server restores / trims. Shrinks to small ones.
import fc from "fast-check";

export const KEYS = ["a", "b", "c"] as const;
const SKEW = 100_000; // ±100 s: within the 300 s drift limit, so no stamp is refused

export type Address = { readonly city: string | null; readonly zip: string | null };
export type EditOp =
  | { readonly op: "create"; readonly key: string; readonly title: string; readonly count: number | null; readonly tags: readonly string[]; readonly address: Address | null }
  | { readonly op: "assign"; readonly key: string; readonly field: "title" | "count" | "tags"; readonly value: string | number | null | readonly string[] }
  | { readonly op: "address"; readonly key: string; readonly value: Address | null }
  | { readonly op: "city"; readonly key: string; readonly value: string | null }
  | { readonly op: "delete"; readonly key: string };

export type SimEvent =
  | { readonly t: "edit"; readonly d: number; readonly dt: number; readonly edit: EditOp }
  /** `crash` picks where a client reset's recovery is killed, if this sync resets. */
  | { readonly t: "sync"; readonly d: number; readonly dt: number; readonly crash: number }
  | { readonly t: "offline" | "online"; readonly d: number }
  | { readonly t: "restore"; readonly back: number }
  | { readonly t: "trim" }
  | { readonly t: "skew"; readonly d: number; readonly skew: number };

export interface History {
  readonly skews: readonly number[];
  readonly events: readonly SimEvent[];
  /** Crash choices of the final sync rounds. */
  readonly finalCrash: number;
}

const key = fc.constantFrom(...KEYS);
const title = fc.constantFrom("t0", "t1", "t2");
const count = fc.option(fc.integer({ min: 0, max: 3 }), { nil: null });
const tags = fc.array(fc.constantFrom("x", "y"), { maxLength: 2 });
const text = fc.option(fc.constantFrom("p", "q", "r"), { nil: null });
const address = fc.option(fc.record({ city: text, zip: text }), { nil: null });

export const editOp: fc.Arbitrary<EditOp> = fc.oneof(
  fc.record({ op: fc.constant("create" as const), key, title, count, tags, address }),
  fc.oneof(
    fc.record({ op: fc.constant("assign" as const), key, field: fc.constant("title" as const), value: title }),
    fc.record({ op: fc.constant("assign" as const), key, field: fc.constant("count" as const), value: count }),
    fc.record({ op: fc.constant("assign" as const), key, field: fc.constant("tags" as const), value: tags }),
  ),
  fc.record({ op: fc.constant("address" as const), key, value: address }),
  fc.record({ op: fc.constant("city" as const), key, value: text }),
  fc.record({ op: fc.constant("delete" as const), key }),
);

export interface HistorySize {
  readonly maxDevices: number;
  readonly maxEvents: number;
}

export function history(size: HistorySize = { maxDevices: 4, maxEvents: 60 }): fc.Arbitrary<History> {
  // Device numbers are taken modulo the device count, so histories shrink event by event.
  const d = fc.nat(size.maxDevices - 1);
  const dt = fc.integer({ min: 0, max: 3_000 });
  const event: fc.Arbitrary<SimEvent> = fc.oneof(
    { weight: 12, arbitrary: fc.record({ t: fc.constant("edit" as const), d, dt, edit: editOp }) },
    { weight: 6, arbitrary: fc.record({ t: fc.constant("sync" as const), d, dt, crash: fc.nat(1_000) }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constantFrom("offline" as const, "online" as const), d }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("restore" as const), back: fc.nat(5) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant("trim" as const) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant("skew" as const), d, skew: fc.integer({ min: -SKEW, max: SKEW }) }) },
  );
  return fc.record({
    skews: fc.array(fc.integer({ min: -SKEW, max: SKEW }), { minLength: 2, maxLength: size.maxDevices }),
    events: fc.array(event, { maxLength: size.maxEvents, size: "max" }),
    finalCrash: fc.nat(1_000),
  });
}
