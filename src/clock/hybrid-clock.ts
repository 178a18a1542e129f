// The hybrid logical clock: wall-clock milliseconds plus a counter, so stamps of one node
// strictly increase even when the wall clock stands still or jumps back (laws 1 and 2).
import { InvalidOptionError } from "../errors.js";
import { DEFAULT_MAX_DRIFT, checkMaxDrift, readWallClock, validateStamp } from "./check-stamp.js";
import { MAX_STAMP_COUNTER, MAX_STAMP_MILLIS, formatStamp, hashNodeId, maxStamp, parseStamp } from "./stamp.js";
import type { Stamp } from "./stamp.js";

/** Options of `HybridClock`. */
export interface HybridClockOptions {
  /**
   * This device's identity; its hash breaks ties between devices. Keep it stable per device
   * (see `deviceClock`, which persists one). Must be non-empty.
   * @default a random UUID (crypto.randomUUID), new on every construction
   */
  readonly nodeId?: string;
  /**
   * The wall clock, in milliseconds since 1970. Inject a fake one in tests.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * How far (ms) a received stamp may lie ahead of `now()` before `receive` rejects it.
   * @default 300_000 (5 minutes)
   */
  readonly maxDrift?: number;
  /**
   * Resume after this stamp: every stamp issued is greater. Pass the greatest stamp this
   * device wrote before a restart when its wall clock may since have gone back. Not checked
   * for drift (it is the device's own).
   * @default undefined (start from the wall clock)
   */
  readonly after?: Stamp;
}

/** Issues strictly increasing stamps for one node and advances past stamps it receives. */
export class HybridClock {
  /** This node's id. */
  readonly nodeId: string;
  /** The 30-bit hash of `nodeId` written in every stamp this clock issues. */
  readonly nodeHash: number;
  /** The allowed drift of received stamps, in ms. */
  readonly maxDrift: number;
  readonly #wall: () => number;
  // The greatest (millis, counter) issued or received; counter -1 means none at `millis`.
  #millis = 0;
  #counter = -1;
  #last: Stamp | undefined;

  constructor(options: HybridClockOptions = {}) {
    const nodeId = options.nodeId ?? randomNodeId();
    if (typeof nodeId !== "string" || nodeId.length === 0) {
      throw new InvalidOptionError(`Invalid nodeId ${JSON.stringify(nodeId)}: expected a non-empty string (or leave it out for a random one)`);
    }
    if (options.now !== undefined && typeof options.now !== "function") {
      throw new InvalidOptionError(`Invalid now option: expected a function returning milliseconds since 1970`);
    }
    this.nodeId = nodeId;
    this.nodeHash = hashNodeId(nodeId);
    this.maxDrift = checkMaxDrift(options.maxDrift ?? DEFAULT_MAX_DRIFT);
    this.#wall = options.now ?? Date.now;
    if (options.after !== undefined) this.#advanceTo(options.after);
  }

  /** A new stamp, greater than every stamp this clock issued or received before. */
  now(): Stamp {
    const wall = readWallClock(this.#wall);
    let millis = Math.max(this.#millis, wall);
    let counter = millis > this.#millis ? 0 : this.#counter + 1;
    if (counter > MAX_STAMP_COUNTER) {
      // Counter overflow carries into the milliseconds, as TinyBase's clock does.
      millis += 1;
      counter = 0;
    }
    if (millis > MAX_STAMP_MILLIS) {
      throw new InvalidOptionError(`Cannot issue a stamp at ${millis} ms: beyond the 42-bit range (year 2109); check the injected now()`);
    }
    this.#millis = millis;
    this.#counter = counter;
    const stamp = formatStamp({ millis, counter, nodeHash: this.nodeHash });
    this.#last = stamp;
    return stamp;
  }

  /**
   * Records a stamp seen elsewhere (the fresh realm, another device's changes): every later
   * `now()` is greater than it.
   * @throws MalformedStampError if `remote` is not a stamp.
   * @throws ClockDriftError if it is more than `maxDrift` ms ahead of the wall clock; the
   * clock is left unchanged.
   */
  receive(remote: Stamp): void {
    validateStamp(remote, { now: this.#wall, maxDrift: this.maxDrift });
    this.#advanceTo(remote);
  }

  /** The greatest stamp issued or received so far, or `undefined` before the first. */
  last(): Stamp | undefined {
    return this.#last;
  }

  #advanceTo(stamp: Stamp): void {
    const { millis, counter } = parseStamp(stamp);
    if (millis > this.#millis || (millis === this.#millis && counter > this.#counter)) {
      this.#millis = millis;
      this.#counter = counter;
    }
    this.#last = maxStamp(this.#last, stamp);
  }
}

function randomNodeId(): string {
  const cryptoLike = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof cryptoLike?.randomUUID === "function") return cryptoLike.randomUUID();
  // Fallback for engines without WebCrypto: uniqueness only matters for tie-breaks.
  let id = "";
  for (let i = 0; i < 32; i++) id += Math.floor(Math.random() * 16).toString(16);
  return id;
}
