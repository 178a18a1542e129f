// `npm run demo` on real Realm (when its native binding loads): the same story and table as on
// the in-memory store, and the store named in words on the second line.
import { describe, expect, it } from "vitest";
import { main } from "../../scripts/demo.js";
import { realRealmOrFail } from "../support/real-realm.js";

const { Realm } = realRealmOrFail();

describe.skipIf(!Realm)("npm run demo (real Realm)", () => {
  it("runs on real Realm files, says so, and prints what the in-memory store prints", async () => {
    const real = await main({ store: "realm", print: () => {} });
    const memory = await main({ store: "memory", print: () => {} });
    expect(real.lines[1]).toMatch(/^store: real Realm \(/);
    expect(real.lines.slice(2)).toEqual(memory.lines.slice(2));
    expect(real.scenario.report.counts).toMatchObject({ applied: 1, kept: 1, created: 1, deleted: 1, skipped: 0, errors: 0 });
  });
});
