// Bad input: hostile fieldTimestamps and tombstones in the backup, schema drift between backup
// and fresh, huge strings and deep embedded objects. Recovery must not crash (skips are
// reported), must leave the backup byte for byte as it was, and a rerun must apply nothing.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_STAMP, MIN_STAMP, formatStamp } from "../../src/clock/index.js";
import { FieldRecoveryError } from "../../src/errors.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import type { RecoveryReport } from "../../src/recovery/report.js";
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { dumpMemoryRealm, openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealm } from "../../src/testing/index.js";
import { SIM_SEED, TIMEOUT, runs } from "./settings.js";

const NOW = 1_700_000_000_000;
const stamp = (offset: number, counter = 0, node = 7): string => formatStamp({ millis: NOW + offset, counter, nodeHash: node });

const Item: ObjectSchemaInput = {
  name: "FItem",
  primaryKey: "_id",
  properties: { _id: "string", title: "string", count: "int?", tags: "string[]", address: "FAddress?", tree: "FNode?" },
};
const Address: ObjectSchemaInput = { name: "FAddress", embedded: true, properties: { city: "string?", zip: "string?" } };
const Node: ObjectSchemaInput = { name: "FNode", embedded: true, properties: { label: "string?", child: "FNode?" } };
const Other: ObjectSchemaInput = { name: "Other", primaryKey: "_id", properties: { _id: "string", note: "string?" } };

const BACKUP_SCHEMA = trackFields([Item, Address, Node, Other]) as ObjectSchemaInput[];

const itemFields = Object.fromEntries(Object.entries(Item.properties as Record<string, string>).filter(([name]) => name !== "_id"));
const without = (name: string): Record<string, string> => Object.fromEntries(Object.entries(itemFields).filter(([k]) => k !== name));
const withItem = (properties: Record<string, string>, pk = "string"): ObjectSchemaInput => ({ ...Item, properties: { ...properties, _id: pk } });

/** Fresh schemas drifted from the backup's. */
const FRESH_SCHEMAS: Record<string, ObjectSchemaInput[]> = {
  same: BACKUP_SCHEMA,
  "field removed": trackFields([withItem(without("count")), Address, Node, Other]) as ObjectSchemaInput[],
  "field renamed": trackFields([withItem({ ...without("title"), name: "string" }), Address, Node, Other]) as ObjectSchemaInput[],
  "fields retyped": trackFields([withItem({ ...itemFields, count: "string?", tags: "int[]", address: "string?" }), Node, Other]) as ObjectSchemaInput[],
  "model removed": trackFields([Other]) as ObjectSchemaInput[],
  "embedded field removed": trackFields([Item, { ...Address, properties: { city: "string?" } }, Node, Other]) as ObjectSchemaInput[],
  "primary key retyped": trackFields([withItem(itemFields, "int"), Address, Node, Other]) as ObjectSchemaInput[],
  "embedded made top-level": trackFields([Item, { ...Address, embedded: false, primaryKey: "city", properties: { city: "string", zip: "string?" } }, Node, Other]) as ObjectSchemaInput[],
  untracked: [Item, Address, Node, Other],
};

const HUGE = "h".repeat(300_000);
const FIELD_KEYS = ["title", "count", "tags", "address", "address/city", "address/zip", "tree", "tree/child/child/label", "tree/label"];
const HOSTILE_KEYS = ["#created", "#gen", "#inc/abcde/count", "#inc/bad", "#inc//", "#", "#created/x", "nope", "title/x", "tags/0", "count/a/b", "/title", "title/", "%", "%zz", "address%2Fcity", "a b", "é", HUGE.slice(0, 5_000)];
const STAMPS = [
  stamp(0),
  stamp(1_000, 3),
  stamp(-86_400_000),
  stamp(10 * 60_000), // beyond the 5-minute drift limit
  stamp(50 * 365 * 86_400_000), // decades ahead
  MIN_STAMP,
  MAX_STAMP,
];
const BAD_VALUES = ["", "x", "NjEt", "!".repeat(16), "a".repeat(17), "0", "-1", "1e309", "NaN", "999999999999999999999", "5@" + stamp(0), "x@y", "@", "9007199254740993@" + stamp(1), HUGE];

const stampValue = fc.oneof(fc.constantFrom(...STAMPS), fc.constantFrom(...BAD_VALUES), fc.string({ maxLength: 20 }));
const timestamps = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_KEYS), fc.constantFrom(...HOSTILE_KEYS)), stampValue, { maxKeys: 8 });

type Tree = { label: string | null; child: Tree | null } | null;
const deepTree = (depth: number, label: string): Tree => {
  let tree: Tree = null;
  for (let i = 0; i < depth; i++) tree = { label: `${label}${i}`, child: tree };
  return tree;
};

const backupObject = fc.record({
  key: fc.constantFrom("a", "b", "1", "", "é/."),
  title: fc.constantFrom("t", HUGE, ""),
  count: fc.option(fc.integer(), { nil: null }),
  tags: fc.array(fc.constantFrom("x", HUGE), { maxLength: 3 }),
  address: fc.option(fc.record({ city: fc.option(fc.constantFrom("p", HUGE), { nil: null }), zip: fc.constant(null) }), { nil: null }),
  depth: fc.constantFrom(0, 1, 5, 60, 300),
  stamps: timestamps,
});
const tombstone = fc.record({
  model: fc.constantFrom("FItem", "Nope", "FAddress", "Other", "FieldRecoveryTombstone", ""),
  key: fc.constantFrom("s:a", "s:b", "i:1", "x:1", "", "s:", "o:zz", "u:bad", "i:abc", "s:" + HUGE.slice(0, 1_000)),
  stamp: stampValue,
  generation: fc.constantFrom(1, 2, 0, -1, 1_000_000, Number.MAX_SAFE_INTEGER),
});
const scenario = fc.record({
  objects: fc.uniqueArray(backupObject, { maxLength: 4, selector: (o) => o.key }),
  tombstones: fc.uniqueArray(tombstone, { maxLength: 3, selector: (t) => `${t.model}/${t.key}` }),
  fresh: fc.constantFrom(...Object.keys(FRESH_SCHEMAS)),
  freshObjects: fc.subarray(["a", "b", "1"]),
  since: fc.constantFrom<string | null>(null, stamp(-1), stamp(500), MIN_STAMP, MAX_STAMP),
  strict: fc.boolean(),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The backup, written raw (not tracked) so any dictionary content gets in, then reopened read-only. */
function backupOf(s: Scenario): MemoryRealm {
  const realm = openMemoryRealm({ schema: BACKUP_SCHEMA });
  realm.write(() => {
    for (const o of s.objects) {
      realm.create("FItem", { _id: o.key, title: o.title, count: o.count, tags: o.tags, address: o.address, tree: deepTree(o.depth, "l"), fieldTimestamps: o.stamps });
    }
    for (const t of s.tombstones) realm.create("FieldRecoveryTombstone", { _id: `${t.model}/${t.key}`, ...t }, "modified");
  });
  return openMemoryRealm({ schema: BACKUP_SCHEMA, copyFrom: realm, readOnly: true });
}

/** The fresh realm under a drifted schema, with plausible objects and valid stamps. */
function freshOf(s: Scenario): MemoryRealm {
  const schema = FRESH_SCHEMAS[s.fresh] as ObjectSchemaInput[];
  const realm = openMemoryRealm({ schema });
  const item = schema.find((m) => m.name === "FItem");
  if (item === undefined) return realm;
  realm.write(() => {
    for (const key of s.freshObjects) {
      const values: Record<string, unknown> = {};
      for (const [name, type] of Object.entries(item.properties as Record<string, string>)) {
        if (name === "_id") values._id = type === "int" ? Number(key.charCodeAt(0)) : key;
        else if (name === "fieldTimestamps") values[name] = { title: stamp(100), count: stamp(200), "#created": stamp(50) };
        else if (type === "string") values[name] = "server";
        else if (type === "string?") values[name] = "server";
        else if (type === "int?") values[name] = 9;
        else if (type === "int[]") values[name] = [1];
        else if (type === "string[]") values[name] = ["server"];
      }
      realm.create("FItem", values, "modified");
    }
  });
  return realm;
}

const dumpJson = (realm: MemoryRealm): string => JSON.stringify(dumpMemoryRealm(realm));

function checkReport(report: RecoveryReport): void {
  for (const list of [report.applied, report.kept, report.created, report.deleted, report.skipped, report.errors]) expect(Array.isArray(list)).toBe(true);
  for (const entry of report.skipped) expect(typeof entry.code).toBe("string");
}

describe(`bad input fuzzing (seed ${SIM_SEED})`, () => {
  it("recovery never crashes on hostile stamps, drifted schemas, huge and deep values; the backup is unchanged", () => {
    const seen = { runs: 0, skipped: 0, strictThrows: 0, applied: 0 };
    const codes = new Set<string>();
    fc.assert(
      fc.property(scenario, (s) => {
        const backup = backupOf(s);
        const fresh = freshOf(s);
        const backupBefore = dumpJson(backup);
        const freshBefore = dumpJson(fresh);
        const recover = () => recoverUnsyncedChanges({ backup, fresh, since: s.since, now: () => NOW, strict: s.strict });
        let report: RecoveryReport | undefined;
        try {
          report = recover();
        } catch (error) {
          // Only strict mode may throw, with a FieldRecoveryError, and then nothing was written;
          // a checkpoint beyond the drift bound is refused up front (issue 13: it would recover nothing).
          expect(error).toBeInstanceOf(FieldRecoveryError);
          if ((error as FieldRecoveryError).code !== "INVALID_OPTION" || s.since !== MAX_STAMP) expect(s.strict).toBe(true);
          expect(dumpJson(fresh)).toBe(freshBefore);
          seen.strictThrows++;
        }
        expect(dumpJson(backup)).toBe(backupBefore);
        seen.runs++;
        if (report === undefined) return;
        checkReport(report);
        seen.skipped += report.counts.skipped;
        for (const entry of report.skipped) codes.add(entry.code);
        seen.applied += report.counts.applied + report.counts.created + report.counts.deleted;
        const afterFirst = dumpJson(fresh);
        const again = recover();
        expect(again.counts.applied + again.counts.created + again.counts.deleted).toBe(0);
        expect(dumpJson(fresh)).toBe(afterFirst);
        expect(dumpJson(backup)).toBe(backupBefore);
      }),
      { seed: SIM_SEED, numRuns: runs(150) },
    );
    console.info(`fuzz: ${JSON.stringify(seen)}, skip codes: ${[...codes].sort().join(" ")}`);
    // The drift and bad-stamp paths were reached, not just the happy path.
    for (const code of ["MODEL_MISSING", "FIELD_MISSING", "TYPE_MISMATCH", "MALFORMED_STAMP", "CLOCK_DRIFT"]) expect(codes).toContain(code);
    expect(seen.applied).toBeGreaterThan(0);
  }, TIMEOUT);
});
