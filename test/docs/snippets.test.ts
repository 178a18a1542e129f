// Every TypeScript snippet of README.md and docs/*.md compiles, strict, against realm's and
// @realm/react's own types (test/docs/snippets.ts extracts them), and the `run` ones run.
import { describe, expect, it } from "vitest";
import { collectSnippets, typeCheck, writeModules } from "./snippets.js";
import type { Snippet } from "./snippets.js";
import { schemaChangeRealms } from "./schema-changes-fixture.js";

const snippets = collectSnippets();
const compiled = snippets.filter((snippet) => !snippet.attributes.includes("fragment"));
const files = writeModules(compiled);
const running = compiled.filter((snippet) => snippet.attributes.includes("run"));

interface Skip {
  code: string;
  model: string;
  field?: string;
  local?: { value: unknown };
}
interface Report {
  applied: { field: string }[];
  skipped: Skip[];
}
type Values = Record<string, unknown>;

/** Per page: the values a running snippet takes as given (`backup`, `fresh`, …), and what its values must show. */
const pages: Record<string, { provide?: () => Values; check: (values: Values) => void }> = {
  "docs/quick-start.md": {
    check: (values) => {
      const fresh = values.fresh as { objectForPrimaryKey(model: string, key: string): unknown };
      expect(fresh.objectForPrimaryKey("Dog", "rex")).toMatchObject({ name: "Rexy", age: 4 });
      expect((values.report as Report).applied.map((entry) => entry.field)).toEqual(["name"]);
    },
  },
  "docs/errors.md": {
    check: (values) => expect(values.caught).toMatchObject({ code: "CLOCK_DRIFT" }),
  },
  "docs/schema-changes.md": {
    provide: () => {
      const realms = schemaChangeRealms();
      provided = realms;
      return realms;
    },
    check: (values) => {
      const report = values.report as Report;
      const rex = provided?.fresh.objectForPrimaryKey("Dog", "rex");
      if (values.migrateChangeset === undefined) {
        // Drift is skipped and reported, with the skipped values; the rest is recovered.
        expect(report.skipped.map((entry) => [entry.code, entry.model, entry.field ?? null, entry.local?.value ?? null])).toEqual([
          ["TYPE_MISMATCH", "Dog", "age", 4],
          ["FIELD_MISSING", "Dog", "name", "Rexy"],
          ["MODEL_MISSING", "Toy", null, null],
        ]);
        expect((values.drifted as Skip[]).map((entry) => entry.code)).toEqual(["TYPE_MISMATCH", "FIELD_MISSING", "MODEL_MISSING"]);
        expect(rex).toMatchObject({ displayName: "Rex", age: "3", color: "brown" });
      } else {
        // The page's migration brings the renamed and retyped fields over.
        expect(rex).toMatchObject({ displayName: "Rexy", age: "4", color: "brown" });
        expect(report.skipped.map((entry) => entry.code)).toEqual(["MODEL_MISSING"]);
      }
    },
  },
};
let provided: ReturnType<typeof schemaChangeRealms> | undefined;

describe("README.md and docs/*.md snippets", () => {
  it("are found, and few are marked as fragments", () => {
    expect(compiled.length).toBeGreaterThan(20);
    expect(snippets.length - compiled.length).toBeLessThanOrEqual(3);
  });

  it("type-check in strict mode against realm's and @realm/react's types", () => {
    expect(typeCheck([...files.values()])).toEqual([]);
  }, 120_000);

  it("include the runnable pages", () => {
    expect([...new Set(running.map((snippet) => snippet.page))].sort()).toEqual(Object.keys(pages).sort());
  });

  it.each(running.map((snippet): [string, Snippet] => [snippet.where, snippet]))("%s runs", async (_, snippet) => {
    const page = pages[snippet.page];
    (globalThis as { snippetValues?: Values }).snippetValues = page?.provide?.() ?? {};
    const values = (await import(files.get(snippet) as string)) as Values;
    page?.check(values);
  });
});
