// Regression histories for a merge finding of the simulator: removing an embedded object
// (address = null) against a NEWER edit of one of its sub-fields (address.city) on another
// device. Per-field last writer wins says the newer sub-field edit survives; the engine used to
// keep the older removal in both upload orders (silently when the removal arrived second, as
// PARENT_MISSING when it arrived first). Fixed in merge-fields.ts (docs/simulation.md, finding 4).
import { expect, it } from "vitest";
import { describeStores } from "../contract/stores.js";
import type { History } from "./history.js";
import { simulate } from "./runner.js";
import { engineStrategy } from "./strategies.js";

const create = { t: "edit", d: 0, dt: 0, edit: { op: "create", key: "b", title: "t0", count: null, tags: [], address: { city: null, zip: null } } } as const;
const removal = (d: number) => ({ t: "edit", d, dt: 10, edit: { op: "address", key: "b", value: null } }) as const;
const cityEdit = (d: number) => ({ t: "edit", d, dt: 10, edit: { op: "city", key: "b", value: "p" } }) as const;
const sync = (d: number) => ({ t: "sync", d, dt: 10, crash: 0 }) as const;

/** The removal (older) reaches the server after the sub-field edit (newer). */
export const REMOVAL_UPLOADED_LAST: History = {
  skews: [0, 0],
  events: [create, sync(0), sync(1), { t: "offline", d: 1 }, removal(1), cityEdit(0), sync(0), { t: "online", d: 1 }, sync(1)],
  finalCrash: 0,
};

/** The removal (older) reaches the server first; the sub-field edit (newer) arrives after it. */
export const REMOVAL_UPLOADED_FIRST: History = {
  skews: [0, 0],
  events: [create, sync(0), sync(1), { t: "offline", d: 1 }, removal(0), cityEdit(1), sync(0), { t: "online", d: 1 }, sync(1)],
  finalCrash: 0,
};

/**
 * Shrunk by fast-check (seed 4, SOAK=10): the removal is on the server first, the newer city
 * edit is skipped (PARENT_MISSING), then the remover writes a new empty address: city stays null.
 */
export const REMOVED_THEN_READDED: History = {
  skews: [0, 0, 0, -1],
  events: [
    { t: "edit", d: 3, dt: 0, edit: { op: "create", key: "a", title: "t0", count: null, tags: [], address: { city: null, zip: null } } },
    { t: "sync", d: 3, dt: 0, crash: 0 },
    { t: "edit", d: 3, dt: 0, edit: { op: "address", key: "a", value: null } },
    { t: "sync", d: 1, dt: 0, crash: 0 },
    { t: "edit", d: 1, dt: 0, edit: { op: "address", key: "a", value: { city: "p", zip: null } } },
    { t: "sync", d: 3, dt: 0, crash: 0 },
    { t: "edit", d: 3, dt: 0, edit: { op: "address", key: "a", value: { city: null, zip: null } } },
  ],
  finalCrash: 0,
};

describeStores("embedded object removed vs a newer edit of its sub-field", (store) => {
  for (const [name, history] of [
    ["removal uploaded last", REMOVAL_UPLOADED_LAST],
    ["removal uploaded first", REMOVAL_UPLOADED_FIRST],
    ["removal uploaded first, address re-added later", REMOVED_THEN_READDED],
  ] as const) {
    it(`${name}: the newer address.city edit survives`, () => {
      const result = simulate(history, { store, strategy: engineStrategy("full") });
      expect(result.lost).toEqual([]);
      expect(result.violations).toEqual([]);
    });
  }

  it("both orders end with the same data: the address exists with the newer city", () => {
    const last = simulate(REMOVAL_UPLOADED_LAST, { store, strategy: engineStrategy("full") });
    const first = simulate(REMOVAL_UPLOADED_FIRST, { store, strategy: engineStrategy("full") });
    expect(last.converged && first.converged).toBe(true);
    const addressOf = (dump: string): unknown => (JSON.parse(dump) as { objects: { Item: { _id: string; address: unknown }[] } }).objects.Item.find((item) => item._id === "b")?.address;
    expect(addressOf(last.serverDump)).toEqual({ city: "p", zip: null });
    expect(addressOf(first.serverDump)).toEqual(addressOf(last.serverDump));
  });
});
