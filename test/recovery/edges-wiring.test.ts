// Wiring mistakes do not pass silently (issue 13, item 7): the same realm as backup and fresh, a
// checkpoint far beyond the drift bound, a backup opened without the tracked schema.
import { expect, it } from "vitest";
import { HybridClock, formatStamp } from "../../src/clock/index.js";
import { InvalidOptionError } from "../../src/errors.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { trackedWrite } from "../../src/tracking/index.js";
import { describeStores } from "../contract/stores.js";

const BASE = 1_700_000_000_000;
const NOW = (): number => BASE + 10_000;
const Note = { name: "Note", primaryKey: "_id", properties: { _id: "string", text: "string" } };
const SCHEMA = trackFields([Note]);

describeStores("wiring mistakes", (store) => {
  const edited = () => {
    const clock = new HybridClock({ nodeId: "device", now: () => BASE + 1_000 });
    const local = store.open(SCHEMA);
    trackedWrite(local, (tx) => tx.create("Note", { _id: "n", text: "offline" }), { clock });
    return local;
  };

  it("refuses the same realm as backup and fresh (instead of an empty report)", () => {
    const local = edited();
    expect(() => recoverUnsyncedChanges({ backup: local, fresh: local, since: null, now: NOW })).toThrow(InvalidOptionError);
    expect(() => recoverUnsyncedChanges({ backup: local, fresh: local, since: null, now: NOW })).toThrow(/same realm .* as backup and fresh/);
  });

  it("refuses a since far beyond the drift bound (it would recover nothing), naming the fix", () => {
    const local = edited();
    const future = formatStamp({ millis: BASE + 86_400_000, counter: 0, nodeHash: 0 });
    const run = () => recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh: store.open(SCHEMA), since: future, now: NOW });
    expect(run).toThrow(InvalidOptionError);
    expect(run).toThrow(/since: null/);
    // Within the bound it is an ordinary checkpoint.
    const near = formatStamp({ millis: BASE + 5_000, counter: 0, nodeHash: 0 });
    expect(recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh: store.open(SCHEMA), since: near, now: NOW }).counts.created).toBe(0);
  });

  it("reports a backup opened without the tracked schema (no fieldTimestamps) as a problem that says what to fix", () => {
    const local = edited();
    const untracked = store.copy(local, { readOnly: true, schema: [Note] });
    const report = recoverUnsyncedChanges({ backup: untracked, fresh: store.open(SCHEMA), since: null, now: NOW });
    expect(report.skipped).toMatchObject([{ code: "BACKUP_UNTRACKED", model: "Note" }]);
    expect(report.skipped[0]?.message).toMatch(/trackFields/);
  });

  it("reports a backup tracked under another timestampsProperty when recovery is not told", () => {
    const clock = new HybridClock({ nodeId: "device", now: () => BASE + 1_000 });
    const local = store.open(trackFields([Note], { timestampsProperty: "stamps" }));
    trackedWrite(local, (tx) => tx.create("Note", { _id: "n", text: "offline" }), { clock, tracking: { timestampsProperty: "stamps" } });
    const report = recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh: store.open(SCHEMA), since: null, now: NOW });
    expect(report.skipped.map((entry) => entry.code)).toEqual(["BACKUP_UNTRACKED"]);
  });
});

