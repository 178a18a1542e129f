// A device of the demo: a hybrid logical clock on a fake wall clock (deterministic output),
// tracked writes at a given time, and a sync checkpoint in device-local storage.
import { HybridClock, SyncCheckpoint, memoryStateStorage, trackedWrite } from "../../src/index.js";
import type { RealmLike, TrackedTransaction } from "../../src/index.js";

/** Wall-clock origin of the story: every time in the demo is milliseconds after it. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

export class Device {
  private wall = T0;
  readonly clock: HybridClock;

  constructor(readonly name: string) {
    this.clock = new HybridClock({ nodeId: name, now: () => this.wall });
  }

  /** A tracked write at T0 + `ms`: exactly the fields that change are stamped. */
  write<T>(realm: RealmLike, ms: number, callback: (tx: TrackedTransaction) => T): T {
    this.wall = T0 + ms;
    return trackedWrite(realm, callback, { clock: this.clock });
  }

  /** A checkpoint for `realm`, kept outside it (here in memory; in an app, `fileStateStorage`). */
  checkpoint(realm: RealmLike): SyncCheckpoint {
    return new SyncCheckpoint({ realmPath: realm.path, storage: memoryStateStorage() });
  }

  /** Moves the wall clock (sync points are captured at the device's current time). */
  at(ms: number): this {
    this.wall = T0 + ms;
    return this;
  }
}
