// docs/schema-changes.md's situation: a backup on schema v1 with unsynced edits, a fresh realm on
// v2 (`Dog.name` renamed to `displayName`, `Dog.age` from int to string, `Toy` removed).
import { HybridClock, trackFields, trackedWrite } from "../../src/index.js";
import type { Stamp } from "../../src/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealm } from "../../src/testing/index.js";

const v1 = trackFields([
  { name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", age: "int?", color: "string?" } },
  { name: "Toy", primaryKey: "_id", properties: { _id: "int", label: "string" } },
]);
const v2 = trackFields([{ name: "Dog", primaryKey: "_id", properties: { _id: "string", displayName: "string?", age: "string?", color: "string?" } }]);

/** The page's `backup`, `fresh` and `since`. */
export function schemaChangeRealms(): { backup: MemoryRealm; fresh: MemoryRealm; since: Stamp } {
  const clock = new HybridClock({ nodeId: "phone", now: () => Date.UTC(2024, 0, 1) });
  const backup = openMemoryRealm({ schema: v1 });
  trackedWrite(backup, (tx) => tx.create("Dog", { _id: "rex", name: "Rex", age: 3 }), { clock });
  const since = clock.now();
  trackedWrite(
    backup,
    (tx) => {
      const rex = backup.objectForPrimaryKey("Dog", "rex");
      if (rex) tx.assign(rex, { name: "Rexy", age: 4, color: "brown" });
      tx.create("Toy", { _id: 1, label: "ball" });
    },
    { clock },
  );
  const fresh = openMemoryRealm({ schema: v2 });
  fresh.write(() => fresh.create("Dog", { _id: "rex", displayName: "Rex", age: "3", fieldTimestamps: {} }));
  return { backup, fresh, since };
}
