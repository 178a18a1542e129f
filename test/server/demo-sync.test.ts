// `npm run demo:sync` (part 2 of `npm run demo`) alone: per-field merge, a compensating write, a reset.
import { describe, expect, it } from "vitest";
import { main } from "../../scripts/demo-sync.js";

describe("npm run demo:sync", () => {
  it("converges both devices, reverts the refused write and recovers the offline edit", async () => {
    const { lines } = await main({ store: "memory", print: () => {} });
    const text = lines.join("\n");
    expect(text).toContain("   tablet: Mazda -, 10 miles");
    expect(lines.filter((l) => l.includes("Mazda MX-5, 12 miles"))).toHaveLength(2);
    expect(text).toContain('reverted car2: write to "s:car2" in table "Car" was denied by write filter in role "owner-read-write"');
    expect(text).toContain("phone now has car2: (none)");
    expect(text).toMatch(/reset \(cursor \d+ is older than the retained history .*\): 1 field\(s\) recovered \[make = "Mazda Miata"\], backup removed/);
    expect(lines.filter((l) => l.includes("Mazda Miata MX-5, 15 miles"))).toHaveLength(2);
    expect(lines.length).toBeLessThan(30);
  }, 60_000);
});
