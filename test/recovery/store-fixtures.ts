// Memory-store fixtures: a tracked Dog schema, devices with fake clocks, and a "server" realm
// that device writes reach with their own stamps (as sync would carry them).
import { HybridClock } from "../../src/clock/index.js";
import type { RealmLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealm } from "../../src/testing/index.js";
import { trackedWrite } from "../../src/tracking/index.js";
import type { TrackedTransaction } from "../../src/tracking/index.js";

export const BASE_MS = 1_700_000_000_000;
export const NOW = (): number => BASE_MS + 10_000_000;

/** The embedded address and the linked owner of the Dog models here and in simple-path.test.ts. */
export const Address = { name: "Address", embedded: true, properties: { street: "string?", city: "string?" } };
export const Person = { name: "Person", primaryKey: "_id", properties: { _id: "int", name: "string" } };

export const SCHEMA = trackFields([
  {
    name: "Dog",
    primaryKey: "_id",
    properties: {
      _id: "string",
      name: "string",
      age: "int?",
      tags: "string<>",
      tricks: "string[]",
      notes: "string{}",
      address: "Address?",
      owner: "Person?",
      friends: "Dog[]",
    },
  },
  Address,
  Person,
]);

/** A device: its clock runs on a fake wall clock that tests move with `at(ms)`. */
export class Device {
  private wall = BASE_MS;
  readonly clock: HybridClock;
  constructor(readonly nodeId: string) {
    this.clock = new HybridClock({ nodeId, now: () => this.wall });
  }
  /** Runs a tracked write at wall time BASE_MS + ms on `realm`. */
  write<T>(realm: RealmLike, ms: number, callback: (tx: TrackedTransaction) => T): T {
    this.wall = BASE_MS + ms;
    return trackedWrite(realm, callback, { clock: this.clock });
  }
  /** A stamp covering everything this device wrote so far (a checkpoint). */
  last(): string {
    return this.clock.last() as string;
  }
}

export const openRealm = (copyFrom?: RealmLike): MemoryRealm => (copyFrom === undefined ? openMemoryRealm({ schema: SCHEMA }) : openMemoryRealm({ schema: SCHEMA, copyFrom }));
