// The simulated sync server: one realm (of the simulation's store) holding the synced truth, merged per field
// (applyChanges) from each upload, with a lineage of versions it can be restored to or trimmed.
import type { Changeset } from "../../src/recovery/changeset.js";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import type { RecoveryReport } from "../../src/recovery/report.js";
import type { RealmLike } from "../../src/realm-like.js";
import type { StoreRealm } from "../contract/stores.js";
import { SCHEMA } from "./model.js";
import { MEMORY } from "./store.js";
import type { SimStore } from "./store.js";

interface Version {
  readonly id: number;
  readonly snapshot: StoreRealm;
}

export class Server {
  realm: StoreRealm;
  #lineage: Version[] = [];
  #nextId = 0;
  /** Devices whose last sync is older than this version id must reset (history trimmed). */
  trimmedBefore = 0;

  constructor(
    private readonly now: () => number,
    readonly store: SimStore = MEMORY,
  ) {
    this.realm = store.open(SCHEMA);
    this.#commit();
  }

  /** Current version id. */
  get head(): number {
    return (this.#lineage[this.#lineage.length - 1] as Version).id;
  }

  /** Merges one device's changeset, per field; returns the new version id and the report. */
  upload(changeset: Changeset): { version: number; report: RecoveryReport } {
    const report = applyChanges(this.realm, changeset, { now: this.now });
    return { version: this.#commit(), report };
  }

  /** Replaces the whole server state by `realm` ("overwrite the backend with the backup"). */
  overwrite(realm: RealmLike): number {
    this.realm = this.store.copy(realm, { schema: SCHEMA });
    return this.#commit();
  }

  /**
   * Restores the state of an older version (`back` picks how far back); returns the version
   * ids dropped from the lineage, whose devices must reset.
   */
  restore(back: number): Set<number> {
    if (this.#lineage.length < 2) return new Set();
    const index = Math.max(0, this.#lineage.length - 2 - (back % (this.#lineage.length - 1)));
    const dropped = new Set(this.#lineage.slice(index + 1).map((v) => v.id));
    const kept = this.#lineage[index] as Version;
    this.#lineage = this.#lineage.slice(0, index + 1);
    this.realm = this.store.copy(kept.snapshot, { schema: SCHEMA });
    return dropped;
  }

  /** Trims history: every device that has not synced the head version must reset. */
  trim(): void {
    this.trimmedBefore = this.head;
    this.#lineage = this.#lineage.slice(-1);
  }

  /** A fresh download of the server's state. */
  download(): StoreRealm {
    return this.store.copy(this.realm, { schema: SCHEMA });
  }

  #commit(): number {
    const id = this.#nextId++;
    this.#lineage.push({ id, snapshot: this.store.copy(this.realm, { schema: SCHEMA }) });
    if (this.#lineage.length > 12) this.#lineage.shift();
    return id;
  }
}
