// README.md's first example is the body of readme-example.ts (which the typecheck compiles
// against real Realm's types), so the README cannot drift from code that compiles.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("README.md", () => {
  it("shows exactly the type-checked first example", () => {
    const readme = read("../../README.md");
    const block = /## A first example\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    const checked = /\/\/ --- README ---\n([\s\S]*?)\/\/ --- end ---/.exec(read("./readme-example.ts"))?.[1];
    expect(block).toBeDefined();
    expect(checked?.replace('from "../../src/index.js"', 'from "realm-field-recovery"')).toBe(block);
  });

  it("names only commands that package.json defines", () => {
    const scripts = Object.keys((JSON.parse(read("../../package.json")) as { scripts: Record<string, string> }).scripts);
    const named = [...read("../../README.md").matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const name of named) expect(scripts).toContain(name);
  });
});
