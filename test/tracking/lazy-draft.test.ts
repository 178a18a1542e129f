// The lazy top-level draft of tx.update must see what immer's draft of a full snapshot sees:
// the same touched fields with the same values, for any recipe, while reading only what it needs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runRecipe } from "../../src/tracking/lazy-draft.js";
import { immer } from "../../src/tracking/immer.js";

type Draft = Record<string, unknown> & {
  n?: number | null;
  list: number[];
  dict: Record<string, number>;
  emb: { x: number; inner: { y: number } } | null;
  set: Set<string>;
};

const names = ["n", "list", "dict", "emb", "set"];

function snapshot(): Record<string, unknown> {
  return { n: 1, list: [1, 2], dict: { a: 1, values: 2 }, emb: { x: 1, inner: { y: 1 } }, set: new Set(["p"]) };
}

type Step = (d: Draft) => void;
const steps: fc.Arbitrary<{ label: string; run: Step }> = fc.oneof(
  fc.integer({ min: 0, max: 2 }).map((v) => ({ label: `n=${v}`, run: (d: Draft) => void (d.n = v) })),
  fc.integer({ min: 0, max: 2 }).map((v) => ({ label: `push ${v}`, run: (d: Draft) => void d.list.push(v) })),
  fc.constant({ label: "list=[1,2]", run: (d: Draft) => void (d.list = [1, 2]) }),
  fc.constant({ label: "list=list", run: (d: Draft) => void (d.list = d.list) }),
  fc.constantFrom("a", "b", "values").map((k) => ({ label: `dict.${k}=3`, run: (d: Draft) => void (d.dict[k] = 3) })),
  fc.constantFrom("a", "values").map((k) => ({ label: `delete dict.${k}`, run: (d: Draft) => void delete d.dict[k] })),
  fc.constant({ label: "emb.x=2", run: (d: Draft) => void (d.emb && (d.emb.x = 2)) }),
  fc.constant({ label: "emb.inner.y=2", run: (d: Draft) => void (d.emb && (d.emb.inner.y = 2)) }),
  fc.constant({ label: "emb=null", run: (d: Draft) => void (d.emb = null) }),
  fc.constant({ label: "delete n", run: (d: Draft) => void delete d.n }),
  fc.constant({ label: "extra=1 then delete", run: (d: Draft) => { d.extra = 1; delete d.extra; } }),
  fc.constant({ label: "set.add q", run: (d: Draft) => void d.set.add("q") }),
  fc.constant({ label: "set.delete p", run: (d: Draft) => void d.set.delete("p") }),
  fc.constant({ label: "copy list into dict", run: (d: Draft) => void (d.dict = { ...d.dict, z: d.list.length }) }),
  fc.constant({ label: "read everything", run: (d: Draft) => void JSON.stringify(Object.keys(d).map((k) => d[k])) }),
);

/** What the full-snapshot immer path reported: touched names and their next values. */
function viaImmer(recipe: (d: Draft) => unknown): Map<string, unknown> {
  const [next, patches] = immer.produceWithPatches(snapshot(), recipe as (d: Record<string, unknown>) => void);
  const touched = new Map<string, unknown>();
  for (const patch of patches) {
    if (patch.path.length === 0) for (const name of Object.keys(next)) touched.set(name, next[name]);
    else touched.set(String(patch.path[0]), next[String(patch.path[0])]);
  }
  return touched;
}

function viaLazy(recipe: (d: Draft) => unknown, loads: string[] = []): Map<string, unknown> {
  const base = snapshot();
  const source = {
    load: (name: string) => {
      loads.push(name);
      return base[name];
    },
  };
  const outcome = runRecipe(new Set(names), source, recipe as (d: never) => unknown);
  const touched = new Map<string, unknown>();
  if (outcome) outcome.touched.forEach((name, i) => touched.set(name, outcome.next[i]));
  return touched;
}

describe("runRecipe (tx.update's lazy draft)", () => {
  it("touches the same fields with the same values as immer on a full snapshot", () => {
    fc.assert(
      fc.property(fc.array(steps, { maxLength: 6 }), (chosen) => {
        const recipe = (d: Draft): void => chosen.forEach((step) => step.run(d));
        const lazy = viaLazy(recipe);
        const full = viaImmer(recipe);
        expect(new Set(lazy.keys())).toEqual(new Set(full.keys()));
        for (const [name, value] of full) expect(lazy.get(name)).toEqual(value);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it("takes a returned replacement, with drafts in it resolved", () => {
    const recipe = (d: Draft) => ({ ...d, n: 5, list: [...d.list, 3] });
    const lazy = viaLazy(recipe);
    const full = viaImmer(recipe);
    expect(new Set(lazy.keys())).toEqual(new Set(full.keys()));
    for (const [name, value] of full) expect(lazy.get(name)).toEqual(value);
  });

  it("reads only the fields the recipe touches", () => {
    const loads: string[] = [];
    viaLazy((d) => {
      d.n = 2;
      d.list.push(3);
    }, loads);
    expect(loads.sort()).toEqual(["list", "n"]);
  });

  it("refuses a recipe that returns a value and modifies its draft, as immer does", () => {
    expect(() => viaLazy((d) => ((d.n = 2), { n: 3 }))).toThrow(/returned a new value \*and\* modified its draft/);
  });

  it("refuses an async recipe instead of dropping what it does after its first await", () => {
    expect(() => viaLazy(async (d) => void (d.n = 2))).toThrow(/must be synchronous/);
  });

  it("reports nothing for a recipe that changes nothing", () => {
    expect(viaLazy((d) => void (d.n = 1))).toEqual(new Map());
  });

  it("agrees with immer on a wide object, past the scan of a few names (its Map index), with added names deleted again", () => {
    const wide = Array.from({ length: 20 }, (_, i) => `f${i}`);
    const snapshotOf = (): Record<string, unknown> => Object.fromEntries(wide.map((name, i) => [name, i]));
    const ops = fc.array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...wide, "x1", "x2", "x3"), fc.integer({ min: 0, max: 25 })).map(([name, value]) => ({ kind: "set" as const, name, value })),
        fc.constantFrom(...wide, "x1", "x2", "x3").map((name) => ({ kind: "delete" as const, name, value: 0 })),
      ),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(ops, (chosen) => {
        const recipe = (d: Record<string, unknown>): void => {
          for (const op of chosen) {
            if (op.kind === "set") d[op.name] = op.value;
            else delete d[op.name];
          }
        };
        const [next, patches] = immer.produceWithPatches(snapshotOf(), recipe);
        const full = new Map(patches.map((patch) => [String(patch.path[0]), next[String(patch.path[0])]]));
        const base = snapshotOf();
        const outcome = runRecipe(new Set(wide), { load: (name) => base[name] }, recipe as (d: never) => unknown);
        const lazy = new Map(outcome ? outcome.touched.map((name, i) => [name, outcome.next[i]]) : []);
        expect(new Set(lazy.keys())).toEqual(new Set(full.keys()));
        for (const [name, value] of full) expect(lazy.get(name)).toEqual(value);
        outcome?.touched.forEach((name, i) => expect(outcome.previous[i]).toEqual(base[name]));
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
