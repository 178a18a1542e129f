// docs/quick-start.md, step 6, run as written (imports mapped to the source entry points).
import { describe, expect, it } from "vitest";
import { HybridClock, recoverUnsyncedChanges, trackFields, trackedWrite } from "../../src/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";

describe("docs/quick-start.md", () => {
  it("step 6: both devices' edits survive the reset", () => {
    const schema = trackFields([{ name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", age: "int?" } }]);
    const phone = new HybridClock({ nodeId: "phone" });
    const tablet = new HybridClock({ nodeId: "tablet" });

    const server = openMemoryRealm({ schema });
    trackedWrite(server, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }), { clock: tablet });

    const backup = openMemoryRealm({ schema, copyFrom: server }); // the phone's copy
    phone.receive(tablet.last()!);
    const since = phone.now(); // the phone's checkpoint: all of the above is synced

    trackedWrite(server, (tx) => tx.assign(server.objectForPrimaryKey("Dog", "rex")!, { age: 4 }), { clock: tablet });
    trackedWrite(backup, (tx) => tx.assign(backup.objectForPrimaryKey("Dog", "rex")!, { name: "Rexy" }), { clock: phone });

    const fresh = openMemoryRealm({ schema, copyFrom: server }); // downloaded at the reset
    const report = recoverUnsyncedChanges({ backup, fresh, since });

    expect(fresh.objectForPrimaryKey("Dog", "rex")).toMatchObject({ name: "Rexy", age: 4 });
    expect(report.applied.map((entry) => entry.field)).toEqual(["name"]);
  });
});
