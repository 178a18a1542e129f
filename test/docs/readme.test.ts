// README.md names only commands that exist. Its snippets are compiled by snippets.test.ts, and
// its first example runs from the packed tarball in test/package/tarball.test.ts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README.md", () => {
  it("names only commands that package.json defines", () => {
    const scripts = Object.keys((JSON.parse(read("../../package.json")) as { scripts: Record<string, string> }).scripts);
    const named = [...read("../../README.md").matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(scripts).toContain(name);
  });
});
