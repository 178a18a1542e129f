// Benchmark: bytes added per object by tracking (fieldTimestamps entries, the newest-stamp
// counter, tombstones) for a 10-field model, against the seed recipe's single `lastUpdated` int
// (8 bytes). Logical payload bytes on any store; file bytes too when real Realm loads.
import { HybridClock } from "../src/clock/index.js";
import type { RealmLike, RealmObjectLike } from "../src/realm-like.js";
import { trackFields } from "../src/schema/track-fields.js";
import { trackedWrite } from "../src/tracking/index.js";
import { benchArgs, printHeading } from "./support/args.js";
import { ITEM_FIELD_NAMES, ITEM_FIELDS, itemSchema, itemValues, seedItemSchema } from "./support/dataset.js";
import { printTable } from "./support/measure.js";
import { writeResults } from "./support/results.js";
import { stampBytes } from "./support/stamp-bytes.js";
import { benchStore } from "./support/store.js";

const { quick } = benchArgs();
const OBJECTS = quick ? 5_000 : 20_000;
const DELETED = OBJECTS / 10;
const SEED_BYTES = 8;
/** The newest-stamp counter (storage formats 2 and 3): one int64 per object (format 2 also kept a search index entry on real Realm; format 3 has none). */
const COUNTER_BYTES = 8;

/** Logical bytes of the ten field values (UTF-8 strings, 8-byte numbers, 1-byte bools). */
function dataBytes(realm: RealmLike): number {
  let total = 0;
  let count = 0;
  for (const object of realm.objects("Item")) {
    count++;
    for (const field of ITEM_FIELD_NAMES) {
      const type = ITEM_FIELDS[field];
      total += type === "string" ? Buffer.byteLength(String(object[field])) : type === "bool" ? 1 : 8;
    }
  }
  return total / count;
}

/** Logical bytes of each tombstone row: its four strings plus the 8-byte generation. */
function tombstoneBytes(realm: RealmLike): { count: number; perTombstone: number } {
  let total = 0;
  let count = 0;
  for (const row of realm.objects("FieldRecoveryTombstone")) {
    count++;
    for (const name of ["_id", "model", "key", "stamp"]) total += Buffer.byteLength(String(row[name]));
    total += 8;
  }
  return { count, perTombstone: count === 0 ? 0 : total / count };
}

function compactSize(store: ReturnType<typeof benchStore>, realm: RealmLike): number | undefined {
  try {
    (realm as unknown as { compact(): boolean }).compact();
    return store.fileSize(realm);
  } catch {
    return undefined;
  }
}

function main(): void {
  const store = benchStore();
  printHeading(`storage: bytes per object added by tracking, 10-field model, ${OBJECTS.toLocaleString("en")} objects`, store.label);
  const clock = new HybridClock({ nodeId: "bench-storage" });
  const rows = Array.from({ length: OBJECTS }, (_, id) => ({ _id: id, ...itemValues(id) }));

  const tracked = store.open(trackFields([itemSchema]));
  trackedWrite(tracked, (tx) => rows.forEach((row) => tx.create("Item", row)), { clock });
  const afterInsert = stampBytes(tracked, "Item");
  // Edits replace stamps in place: three fields on every object, in a later transaction.
  trackedWrite(tracked, (tx) => {
    for (const object of tracked.objects("Item")) tx.assign(object, { status: `${String(object.status)}!`, priority: Number(object.priority) + 1, done: !object.done });
  }, { clock });
  const afterEdits = stampBytes(tracked, "Item");
  // Worst case: every field edited since the insert (one entry per field plus "#created").
  trackedWrite(tracked, (tx) => {
    for (const object of tracked.objects("Item")) tx.assign(object, itemValues(Number(object._id), 3));
  }, { clock });
  const allEdited = stampBytes(tracked, "Item");
  const data = dataBytes(tracked);
  const trackedFile = compactSize(store, tracked);

  const seed = store.open([seedItemSchema]);
  seed.write(() => rows.forEach((row) => seed.create("Item", { ...row, lastUpdated: Date.now() })));
  const seedFile = compactSize(store, seed);

  const plain = store.open([itemSchema]);
  plain.write(() => rows.forEach((row) => plain.create("Item", row)));
  const plainFile = compactSize(store, plain);

  // Deletes: a tombstone per deleted tracked object (until compactTombstones drops it).
  trackedWrite(tracked, (tx) => {
    const victims: RealmObjectLike[] = [];
    for (let id = 0; id < DELETED; id++) victims.push(tracked.objectForPrimaryKey("Item", id * 10) as RealmObjectLike);
    tx.delete(victims);
  }, { clock });
  const tombstones = tombstoneBytes(tracked);

  const perObject = allEdited.perObject + COUNTER_BYTES;
  const insertTotal = afterInsert.perObject + COUNTER_BYTES;
  const table = [
    ["what", "bytes per object", "× seed lastUpdated (8 B)", "note"],
    ["seed recipe: lastUpdated int", String(SEED_BYTES), "1.0", "one int64 per object"],
    ["tracking: fieldTimestamps, after insert", afterInsert.perObject.toFixed(1), (afterInsert.perObject / SEED_BYTES).toFixed(1), `${afterInsert.entriesPerObject.toFixed(0)} entries ("#created" stands for every field), ${afterInsert.perStamp.toFixed(1)} B each`],
    ["tracking: fieldTimestamps, 3 fields edited", afterEdits.perObject.toFixed(1), (afterEdits.perObject / SEED_BYTES).toFixed(1), `${afterEdits.entriesPerObject.toFixed(0)} entries, ${afterEdits.perStamp.toFixed(1)} B each`],
    ["tracking: fieldTimestamps, every field edited", allEdited.perObject.toFixed(1), (allEdited.perObject / SEED_BYTES).toFixed(1), `${allEdited.entriesPerObject.toFixed(0)} entries: the ceiling (later edits overwrite)`],
    ["tracking: newestStampMillis counter", String(COUNTER_BYTES), (COUNTER_BYTES / SEED_BYTES).toFixed(1), "one int64 per object (format 3: no index; format 2 added an index entry)"],
    ["tracking in all, after insert", insertTotal.toFixed(1), (insertTotal / SEED_BYTES).toFixed(1), "fieldTimestamps + counter"],
    ["tracking in all, every field edited", perObject.toFixed(1), (perObject / SEED_BYTES).toFixed(1), "fieldTimestamps + counter: the ceiling"],
    ["tracking: one tombstone (per deleted object)", tombstones.perTombstone.toFixed(1), (tombstones.perTombstone / SEED_BYTES).toFixed(1), `${tombstones.count} tombstones; dropped by compactTombstones`],
    ["the object's own 10 field values (context)", data.toFixed(1), (data / SEED_BYTES).toFixed(1), `at the ceiling tracking adds ${((100 * perObject) / data).toFixed(0)}% of the data's logical size`],
  ];
  console.log("");
  printTable(table);
  const files = trackedFile !== undefined && seedFile !== undefined && plainFile !== undefined;
  if (files) {
    console.log(`\nfile bytes per object (compacted): plain ${(plainFile / OBJECTS).toFixed(1)}, seed +${((seedFile - plainFile) / OBJECTS).toFixed(1)}, tracked +${((trackedFile - plainFile) / OBJECTS).toFixed(1)} (both measured before any delete)`);
  } else {
    console.log("\nfile bytes: not measured (needs real Realm's files); figures above are logical payload (UTF-8 key + value), without the store's per-entry overhead.");
  }

  const file = writeResults("storage", store.label, {
    storeKind: store.kind,
    objects: OBJECTS,
    fields: 10,
    seedBytesPerObject: SEED_BYTES,
    stampsAfterInsert: afterInsert,
    stampsAfterThreeFieldEdits: afterEdits,
    stampsAfterEveryFieldEdited: allEdited,
    counterBytesPerObject: COUNTER_BYTES,
    trackingBytesPerObjectAfterInsert: insertTotal,
    trackingBytesPerObject: perObject,
    ratioToSeed: perObject / SEED_BYTES,
    tombstones,
    dataBytesPerObject: data,
    fileBytes: files ? { plainPerObject: plainFile / OBJECTS, seedAddedPerObject: (seedFile - plainFile) / OBJECTS, trackedAddedPerObject: (trackedFile - plainFile) / OBJECTS } : null,
  });
  console.log(`results: ${file}`);
  store.shutdown();
}

main();
