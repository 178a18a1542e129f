// A HybridClock whose node id is created once per device and kept in local storage, outside
// the synced realm, so a client reset does not give the device a new identity.
import { InvalidOptionError } from "../errors.js";
import { HybridClock } from "./hybrid-clock.js";
import type { HybridClockOptions } from "./hybrid-clock.js";
import type { LocalStateStorage } from "./state-storage.js";

/** Default storage key of the device's node id. */
export const NODE_ID_KEY = "realm-field-recovery/node-id";

/** Options of `deviceClock`. */
export interface DeviceClockOptions extends Omit<HybridClockOptions, "nodeId"> {
  /** Where the node id is kept (never the synced realm). */
  readonly storage: LocalStateStorage;
  /**
   * Storage key of the node id.
   * @default "realm-field-recovery/node-id"
   */
  readonly key?: string;
  /**
   * Makes the node id when none is stored yet.
   * @default crypto.randomUUID (through HybridClock)
   */
  readonly createNodeId?: () => string;
}

/** A clock with this device's persisted node id, created and saved on first use. */
export function deviceClock(options: DeviceClockOptions): HybridClock {
  const { storage, key = NODE_ID_KEY, createNodeId, ...clockOptions } = options;
  const stored = storage.get(key);
  if (stored !== undefined) {
    if (stored.length === 0) throw new InvalidOptionError(`The node id stored under key ${JSON.stringify(key)} is empty: delete it to make a new one`);
    return new HybridClock({ ...clockOptions, nodeId: stored });
  }
  const clock = new HybridClock(createNodeId === undefined ? clockOptions : { ...clockOptions, nodeId: createNodeId() });
  storage.set(key, clock.nodeId);
  return clock;
}
