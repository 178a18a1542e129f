// docs/self-hosted-sync.md shows exactly the type-checked server example (guide-example.ts).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");

describe("docs/self-hosted-sync.md", () => {
  it("shows exactly the type-checked server example", () => {
    const block = /From code:\n\n```ts\n([\s\S]*?)```/.exec(read("../../docs/self-hosted-sync.md"))?.[1];
    const checked = /\/\/ --- guide ---\n([\s\S]*?)\/\/ --- end ---/.exec(read("./guide-example.ts"))?.[1];
    expect(checked).toBeDefined();
    expect(block).toBe(`import { createSyncServer } from "realm-field-recovery/server";\n\n${checked}`);
  });

  it("names only npm scripts that package.json defines", () => {
    const scripts = Object.keys((JSON.parse(read("../../package.json")) as { scripts: Record<string, string> }).scripts);
    const named = [...read("../../docs/self-hosted-sync.md").matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]);
    expect(named).toContain("demo:sync");
    for (const name of named) expect(scripts).toContain(name);
  });
});
