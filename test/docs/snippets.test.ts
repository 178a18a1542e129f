// Every TypeScript snippet of README.md and docs/*.md compiles, strict, against realm's and
// @realm/react's own types (test/docs/snippets.ts extracts them), and the `run` ones run.
import { describe, expect, it } from "vitest";
import { collectSnippets, typeCheck, writeModules } from "./snippets.js";
import type { Snippet } from "./snippets.js";

const snippets = collectSnippets();
const compiled = snippets.filter((snippet) => !snippet.attributes.includes("fragment"));
const files = writeModules(compiled);
const running = compiled.filter((snippet) => snippet.attributes.includes("run"));

/** What a running snippet's values must show, by page (beyond not throwing). */
const expectations: Record<string, (values: Record<string, unknown>) => void> = {
  "docs/quick-start.md": (values) => {
    const fresh = values.fresh as { objectForPrimaryKey(model: string, key: string): unknown };
    expect(fresh.objectForPrimaryKey("Dog", "rex")).toMatchObject({ name: "Rexy", age: 4 });
    expect((values.report as { applied: { field: string }[] }).applied.map((entry) => entry.field)).toEqual(["name"]);
  },
  "docs/errors.md": (values) => {
    expect(values.caught).toMatchObject({ code: "CLOCK_DRIFT" });
  },
};

describe("README.md and docs/*.md snippets", () => {
  it("are found, and few are marked as fragments", () => {
    expect(compiled.length).toBeGreaterThan(20);
    expect(snippets.length - compiled.length).toBeLessThanOrEqual(3);
  });

  it("type-check in strict mode against realm's and @realm/react's types", () => {
    expect(typeCheck([...files.values()])).toEqual([]);
  }, 120_000);

  it("include the runnable pages", () => {
    expect(running.map((snippet) => snippet.page).sort()).toEqual(Object.keys(expectations).sort());
  });

  it.each(running.map((snippet): [string, Snippet] => [snippet.where, snippet]))("%s runs", async (_, snippet) => {
    const values = (await import(files.get(snippet) as string)) as Record<string, unknown>;
    expectations[snippet.page]?.(values);
  });
});
