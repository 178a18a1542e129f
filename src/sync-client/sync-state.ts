// The client's observable state, as Realm's sessions exposed it (connection, upload, download).
import type { SkippedEntry } from "../recovery/report.js";

/** The sync client's state (`client.state`, `onStateChange`). */
export interface SyncState {
  /** The last exchange with the server (or the live socket) succeeded. */
  readonly connected: boolean;
  readonly uploading: boolean;
  readonly downloading: boolean;
  /** A reset (snapshot + per-field recovery) is running. */
  readonly resetting: boolean;
  /** The last error, cleared by the next successful exchange. */
  readonly lastError: Error | null;
  /** The server version the device has. */
  readonly cursor: number;
  /** What the server's merge skipped in the last push (e.g. `CLOCK_DRIFT`), other than reverted writes. */
  readonly lastSkipped: readonly SkippedEntry[];
}

export const INITIAL_STATE: SyncState = { connected: false, uploading: false, downloading: false, resetting: false, lastError: null, cursor: 0, lastSkipped: [] };

/** A tiny store: the current state and its listeners. */
export class StateStore {
  #state: SyncState;
  readonly #listeners = new Set<(state: SyncState) => void>();

  constructor(initial: SyncState) {
    this.#state = initial;
  }

  get state(): SyncState {
    return this.#state;
  }

  update(patch: Partial<SyncState>): void {
    const next = { ...this.#state, ...patch };
    if ((Object.keys(patch) as (keyof SyncState)[]).every((key) => next[key] === this.#state[key])) return;
    this.#state = next;
    for (const listener of this.#listeners) listener(next);
  }

  subscribe(listener: (state: SyncState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
