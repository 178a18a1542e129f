// A tiny synchronous key-value store for device-local state (node id, sync checkpoint) that
// must live OUTSIDE the synced realm, plus its in-memory implementation.
import { FieldRecoveryError } from "../errors.js";

/**
 * Device-local string storage. Implementations must keep data outside the synced realm
 * (a file, a small local realm, AsyncStorage mirrored in memory…): a client reset replaces
 * the synced realm, and this state must survive it.
 */
export interface LocalStateStorage {
  /** The stored value, or `undefined` if none. */
  get(key: string): string | undefined;
  /** Stores `value` durably before returning. */
  set(key: string, value: string): void;
}

/** Thrown when stored local state cannot be read (code `CORRUPT_LOCAL_STATE`). */
export class CorruptLocalStateError extends FieldRecoveryError {
  /** Where the state is stored (file path or storage name). */
  readonly path: string;

  constructor(path: string, problem: string, options?: { cause?: unknown }) {
    super(
      "CORRUPT_LOCAL_STATE",
      `Cannot read local state from ${JSON.stringify(path)}: ${problem}. ` +
        "It is not reset silently because it holds the sync checkpoint and node id; " +
        "restore the file from a backup, or delete it to start over (the next recovery then merges everything)",
      {},
      options,
    );
    this.path = path;
  }
}

/** Local state kept in memory only (tests, or a platform store you mirror yourself). */
export function memoryStateStorage(initial: Readonly<Record<string, string>> = {}): LocalStateStorage {
  const values = new Map<string, string>(Object.entries(initial));
  return {
    get: (key) => values.get(key),
    set: (key, value) => {
      values.set(key, value);
    },
  };
}
