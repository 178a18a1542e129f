// A backup and a fresh realm of any size for the CLI (benchmarks/cli.ts, and the HTML
// report's browser test), written directly, as JSON dumps or as real `.realm` files:
// N dogs created and synced a minute before T0 (the checkpoint), then on device A (the backup) a rename
// of every 10th dog, a nickname on every 500th, a delete of every 200th and N/100 new dogs;
// on the server (the fresh realm) device B renamed every 20th dog (half before A's rename,
// half after) and changed every 20th dog's age, and the nickname field was removed.
// So a recovery applies, keeps, creates, deletes and skips (FIELD_MISSING) at every size.
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type RealmType from "realm";
import { HybridClock } from "../../src/clock/index.js";
import type { Stamp } from "../../src/clock/index.js";
import { trackFields } from "../../src/schema/track-fields.js";

export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const BREEDS = ["beagle", "collie", "poodle", "whippet", "akita", "basset hound", "border terrier"];

const dogModel = (withNickname: boolean) => ({
  name: "Dog",
  primaryKey: "_id",
  properties: { _id: "int", name: "string", breed: "string", age: "int", owner: "string?", ...(withNickname ? { nickname: "string?" } : {}) },
});

export const backupSchema = trackFields([dogModel(true)]);
export const freshSchema = trackFields([dogModel(false)]);

interface Stamps {
  readonly base: Stamp;
  /** The checkpoint, taken after the base writes were uploaded. */
  readonly since: Stamp;
  readonly local: Stamp;
  readonly serverOld: Stamp;
  readonly serverNew: Stamp;
}

function stamps(): Stamps {
  let wall = T0 - 60_000;
  const a = new HybridClock({ nodeId: "device-a", now: () => wall });
  const b = new HybridClock({ nodeId: "device-b", now: () => wall });
  const base = a.now();
  wall = T0;
  const since = a.now();
  wall = T0 + 500;
  const serverOld = b.now();
  wall = T0 + 1000;
  const local = a.now();
  wall = T0 + 1500;
  const serverNew = b.now();
  return { base, since, local, serverOld, serverNew };
}

const millis = (stamp: Stamp, s: Stamps): number => (stamp === s.base ? T0 - 60_000 : stamp === s.serverOld ? T0 + 500 : stamp === s.local ? T0 + 1000 : T0 + 1500);

type Row = Record<string, unknown>;

/** The dogs of one side, one at a time (never all in memory). */
function* dogs(side: "backup" | "fresh", objects: number, s: Stamps): Generator<Row> {
  const total = side === "backup" ? objects + Math.floor(objects / 100) : objects;
  for (let id = 0; id < total; id++) {
    const created = id >= objects;
    if (side === "backup" && !created && id % 200 === 11) continue; // deleted on A
    const timestamps: Record<string, Stamp> = { "#created": created ? s.local : s.base };
    const dog: Row = { _id: id, name: `Dog ${id}`, breed: BREEDS[id % BREEDS.length], age: id % 15, owner: id % 3 === 0 ? null : `owner-${id % 1000}` };
    if (side === "backup") {
      dog.nickname = null;
      if (!created && id % 10 === 3) {
        dog.name = `Dog ${id} (renamed on A)`;
        timestamps.name = s.local;
      }
      if (!created && id % 500 === 7) {
        dog.nickname = "Buddy";
        timestamps.nickname = s.local;
      }
    } else {
      if (id % 20 === 3) {
        const stamp = Math.floor(id / 20) % 2 === 0 ? s.serverOld : s.serverNew;
        dog.name = `Dog ${id} (renamed on B)`;
        timestamps.name = stamp;
      }
      if (id % 20 === 13) {
        dog.age = (id % 15) + 1;
        timestamps.age = s.serverOld;
      }
    }
    dog.fieldTimestamps = timestamps;
    dog.newestStampMillis = Math.max(...Object.values(timestamps).map((stamp) => millis(stamp, s)));
    yield dog;
  }
}

function* tombstones(side: "backup" | "fresh", objects: number, s: Stamps): Generator<Row> {
  if (side === "fresh") return;
  for (let id = 11; id < objects; id += 200) yield { _id: `Dog/i:${id}`, model: "Dog", key: `i:${id}`, stamp: s.local, generation: 1 };
}

function writeDumpFile(path: string, side: "backup" | "fresh", objects: number, s: Stamps): void {
  const fd = openSync(path, "w");
  let buffer = "";
  const write = (text: string): void => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = "";
    }
  };
  write(`{"format":1,"schema":${JSON.stringify(side === "backup" ? backupSchema : freshSchema)},"objects":{"Dog":[`);
  let first = true;
  for (const dog of dogs(side, objects, s)) {
    write(`${first ? "" : ","}\n${JSON.stringify(dog)}`);
    first = false;
  }
  write('],"FieldRecoveryTombstone":[');
  first = true;
  for (const tombstone of tombstones(side, objects, s)) {
    write(`${first ? "" : ","}\n${JSON.stringify(tombstone)}`);
    first = false;
  }
  write("]}}\n");
  writeSync(fd, buffer);
  closeSync(fd);
}

function writeRealmFile(Realm: typeof RealmType, path: string, side: "backup" | "fresh", objects: number, s: Stamps): void {
  Realm.deleteFile({ path });
  const realm = new Realm({ path, schema: (side === "backup" ? backupSchema : freshSchema) as unknown as NonNullable<RealmType.Configuration["schema"]> });
  try {
    let batch: Row[] = [];
    const flush = (model: string): void => {
      realm.write(() => {
        for (const row of batch) realm.create(model, row);
      });
      batch = [];
    };
    for (const dog of dogs(side, objects, s)) {
      batch.push(dog);
      if (batch.length === 10_000) flush("Dog");
    }
    flush("Dog");
    for (const tombstone of tombstones(side, objects, s)) batch.push(tombstone);
    flush("FieldRecoveryTombstone");
  } finally {
    realm.close();
  }
}

export interface CliInputs {
  readonly backup: string;
  readonly fresh: string;
  /** The checkpoint (at T0): the base writes are synced, A's are not. */
  readonly since: Stamp;
}

/** Writes `backup.<ext>` and `fresh.<ext>` with `objects` dogs into `dir`. */
export function writeCliInputs(options: { readonly objects: number; readonly dir: string; readonly format: "dump" | "realm"; readonly Realm?: typeof RealmType }): CliInputs {
  const s = stamps();
  const ext = options.format === "dump" ? "json" : "realm";
  const backup = join(options.dir, `backup-${options.objects}.${ext}`);
  const fresh = join(options.dir, `fresh-${options.objects}.${ext}`);
  for (const [path, side] of [[backup, "backup"], [fresh, "fresh"]] as const) {
    if (options.format === "dump") writeDumpFile(path, side, options.objects, s);
    else {
      if (options.Realm === undefined) throw new Error("writeCliInputs: .realm files need real Realm");
      writeRealmFile(options.Realm, path, side, options.objects, s);
    }
  }
  return { backup, fresh, since: s.since };
}
