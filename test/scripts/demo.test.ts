import { describe, expect, it } from "vitest";
import { main } from "../../scripts/demo.js";

describe("npm run demo (in-memory store)", () => {
  it("keeps both devices' edits of Rex, while the per-object recipe loses device B's", async () => {
    const printed: string[] = [];
    const { scenario, rows, lines } = await main({ store: "memory", sync: false, print: (line) => printed.push(line) });
    expect(printed).toEqual(lines);
    expect(lines[1]).toMatch(/^store: in-memory/);

    const rex = scenario.dogs.rex;
    expect(rex?.recovered?.name.value).toBe("Rexy"); // A's offline rename
    expect(rex?.recovered?.age.value).toBe(4); // B's synced age change
    expect(rex?.recipe?.name.value).toBe("Rexy");
    expect(rex?.recipe?.age.value).toBe(3); // the recipe copied A's whole object over B's edit

    const byField = new Map(rows.map((row) => [row.subject, row]));
    expect(byField.get("Rex.age")?.recipeLoses).toBe(true);
    expect(byField.get("Fido.name")).toMatchObject({ result: "Fido II", recipe: "Fidel", recipeLoses: true });
    expect(byField.get("Rex.name")?.why).toMatch(/^applied/);
    expect(byField.get("Fido.name")?.why).toMatch(/^kept server/);
    expect(rows.filter((row) => row.recipeLoses).map((row) => row.subject)).toEqual(["Rex.age", "Fido.name"]);
    expect(scenario.report.counts).toMatchObject({ applied: 1, kept: 1, created: 1, deleted: 1, skipped: 0, errors: 0 });
  });

  it("prints the same text on every run (injected clocks)", async () => {
    const first = await main({ store: "memory", sync: false, print: () => {} });
    const second = await main({ store: "memory", sync: false, print: () => {} });
    expect(second.lines).toEqual(first.lines);
    expect(first.lines.length).toBeLessThan(40); // one screen
  });
});

describe("npm run demo: the whole story (in-memory store, sync server on loopback)", () => {
  it("prints part 1, then two devices syncing through the server, a compensating write and a reset recovered field by field", async () => {
    const printed: string[] = [];
    const { lines, syncLines } = await main({ store: "memory", print: (line) => printed.push(line) });
    expect(printed).toEqual([...lines, "", ...syncLines]);
    expect(lines[0]).toMatch(/^realm-field-recovery demo, part 1/);
    expect(syncLines[0]).toMatch(/^realm-field-recovery demo, part 2: two devices sync through the self-hosted server/);
    expect(syncLines[1]).toMatch(/^server: http:\/\/127\.0\.0\.1:<port> \(loopback, PGlite in a temporary folder\).*devices: in-memory store$/);
    const text = syncLines.join("\n");
    expect(syncLines.filter((l) => l.includes("Mazda MX-5, 12 miles"))).toHaveLength(2); // both devices' offline edits, merged per field
    expect(text).toContain('reverted car2: write to "s:car2" in table "Car" was denied by write filter in role "owner-read-write"');
    expect(text).toMatch(/reset \(.*the log was compacted\): 1 field\(s\) recovered \[make = "Mazda Miata"\], backup removed/);
    expect(syncLines.filter((l) => l.includes("Mazda Miata MX-5, 15 miles"))).toHaveLength(2);
  }, 120_000);
});
