// `npm run demo` on real Realm (when its native binding loads): the same story and table as on
// the in-memory store, and the store named in words on the second line.
import { describe, expect, it } from "vitest";
import { main } from "../../scripts/demo.js";
import { realRealmOrFail } from "../support/real-realm.js";

const { Realm } = realRealmOrFail();

describe.skipIf(!Realm)("npm run demo (real Realm)", () => {
  it("runs on real Realm files, says so, and prints what the in-memory store prints", async () => {
    const real = await main({ store: "realm", sync: false, print: () => {} });
    const memory = await main({ store: "memory", sync: false, print: () => {} });
    expect(real.lines[1]).toMatch(/^store: real Realm \(/);
    expect(real.lines.slice(2)).toEqual(memory.lines.slice(2));
    expect(real.scenario.report.counts).toMatchObject({ applied: 1, kept: 1, created: 1, deleted: 1, skipped: 0, errors: 0 });
  });

  it("part 2 (the sync server) runs its devices on real Realm and tells the same story", async () => {
    const { main: syncMain } = await import("../../scripts/demo-sync.js");
    const { lines } = await syncMain({ store: "realm", print: () => {} });
    expect(lines[1]).toMatch(/devices: real Realm$/);
    // The same lines the in-memory store prints (test/server/demo-sync.test.ts, test/scripts/demo.test.ts).
    expect(lines.filter((l) => l.includes("Mazda MX-5, 12 miles"))).toHaveLength(2);
    expect(lines).toContain('   reverted car2: write to "s:car2" in table "Car" was denied by write filter in role "owner-read-write"');
    expect(lines).toContain("   phone now has car2: (none)");
    expect(lines.join("\n")).toMatch(/the log was compacted\): 1 field\(s\) recovered \[make = "Mazda Miata"\], backup removed/);
    expect(lines.filter((l) => l.includes("Mazda Miata MX-5, 15 miles"))).toHaveLength(2);
  }, 120_000);
});
