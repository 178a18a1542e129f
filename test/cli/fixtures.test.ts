import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildFixtures } from "./fixtures/make-fixtures.js";
import { fixture } from "./helpers.js";

describe("CLI fixtures", () => {
  it("match what make-fixtures.ts builds (run it with tsx to regenerate)", () => {
    for (const [name, content] of Object.entries(buildFixtures())) expect(readFileSync(fixture(name), "utf8"), name).toBe(content);
  });
});
