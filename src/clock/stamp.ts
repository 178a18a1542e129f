// Stamps: hybrid-logical-clock values as 16-character strings whose plain string order is
// the clock order (docs/storage-format.md, "Stamps"). Pure functions, no state.
import { InvalidOptionError } from "../errors.js";
import type { ErrorLocation } from "../errors.js";
import { MalformedStampError } from "./stamp-errors.js";

/**
 * A hybrid-logical-clock value: 16 characters of the sortable base-64 alphabet
 * (`-0-9A-Z_a-z`, in ASCII order). Characters 1–7 hold 42 bits of wall-clock milliseconds,
 * 8–11 a 24-bit counter, 12–16 a 30-bit hash of the node id. Compare stamps as strings.
 */
export type Stamp = string;

/** The decoded parts of a stamp. */
export interface StampParts {
  /** Milliseconds since 1970 (42 bits, good until year 2109). */
  readonly millis: number;
  /** Logical counter within the millisecond (24 bits). */
  readonly counter: number;
  /** 30-bit hash of the writer's node id (`hashNodeId`): the deterministic tie-break. */
  readonly nodeHash: number;
}

/** The 64 digits, in ASCII order so that string order equals numeric order. */
export const STAMP_ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
/** Length of every stamp. */
export const STAMP_LENGTH = 16;
/** Greatest value of each part. */
export const MAX_STAMP_MILLIS = 2 ** 42 - 1;
export const MAX_STAMP_COUNTER = 2 ** 24 - 1;
export const MAX_NODE_HASH = 2 ** 30 - 1;
/** The smallest and greatest possible stamps. */
export const MIN_STAMP: Stamp = "-".repeat(STAMP_LENGTH);
/** The greatest stamp: above every stamp a clock can issue. */
export const MAX_STAMP: Stamp = "z".repeat(STAMP_LENGTH);

const MILLIS_DIGITS = 7;
const COUNTER_DIGITS = 4;
const NODE_DIGITS = 5;

// Digit value per char code; -1 for characters outside the alphabet.
const DIGIT_VALUE: readonly number[] = (() => {
  const table = new Array<number>(128).fill(-1);
  for (let i = 0; i < STAMP_ALPHABET.length; i++) table[STAMP_ALPHABET.charCodeAt(i)] = i;
  return table;
})();

function encodeDigits(value: number, digits: number): string {
  let text = "";
  // Division instead of bit shifts: 42-bit values exceed the 32-bit range of `>>`.
  for (let i = 0; i < digits; i++) {
    text = STAMP_ALPHABET.charAt(value % 64) + text;
    value = Math.floor(value / 64);
  }
  return text;
}

function decodeDigits(text: string, start: number, digits: number): number {
  let value = 0;
  for (let i = start; i < start + digits; i++) value = value * 64 + (DIGIT_VALUE[text.charCodeAt(i)] ?? -1);
  return value;
}

/** Why `text` is not a stamp, or `undefined` if it is one. */
export function stampProblem(text: unknown): string | undefined {
  if (typeof text !== "string") return `a value of type ${text === null ? "null" : typeof text}`;
  if (text.length !== STAMP_LENGTH) return `${text.length} characters`;
  for (let i = 0; i < STAMP_LENGTH; i++) {
    if ((DIGIT_VALUE[text.charCodeAt(i)] ?? -1) < 0) return `the character ${JSON.stringify(text.charAt(i))} at position ${i + 1}`;
  }
  return undefined;
}

/** `true` if `value` is a well-formed stamp. */
export function isStamp(value: unknown): value is Stamp {
  return stampProblem(value) === undefined;
}

/**
 * Decodes a stamp into its parts.
 * @throws MalformedStampError (code `MALFORMED_STAMP`) if `text` is not a stamp; `location`
 * names the model, object and field it was read from.
 */
export function parseStamp(text: unknown, location?: ErrorLocation): StampParts {
  const problem = stampProblem(text);
  if (problem !== undefined) throw new MalformedStampError(text, problem, location);
  const stamp = text as string;
  return {
    millis: decodeDigits(stamp, 0, MILLIS_DIGITS),
    counter: decodeDigits(stamp, MILLIS_DIGITS, COUNTER_DIGITS),
    nodeHash: decodeDigits(stamp, MILLIS_DIGITS + COUNTER_DIGITS, NODE_DIGITS),
  };
}

function checkPart(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidOptionError(`Cannot format a stamp with ${name} ${String(value)}: expected an integer from 0 to ${max}`);
  }
}

/**
 * Encodes stamp parts.
 * @throws InvalidOptionError if a part is not an integer within its bit width.
 */
export function formatStamp({ millis, counter, nodeHash }: StampParts): Stamp {
  checkPart("millis", millis, MAX_STAMP_MILLIS);
  checkPart("counter", counter, MAX_STAMP_COUNTER);
  checkPart("nodeHash", nodeHash, MAX_NODE_HASH);
  return encodeDigits(millis, MILLIS_DIGITS) + encodeDigits(counter, COUNTER_DIGITS) + encodeDigits(nodeHash, NODE_DIGITS);
}

/**
 * Orders two stamps: by milliseconds, then counter, then node hash. Both must be well formed
 * (string comparison is the whole algorithm; use `isStamp` on untrusted input first).
 */
export function compareStamps(a: Stamp, b: Stamp): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The greater of two stamps; a missing stamp counts as older than any. */
export function maxStamp(a: Stamp, b: Stamp): Stamp;
export function maxStamp(a: Stamp | undefined, b: Stamp | undefined): Stamp | undefined;
export function maxStamp(a: Stamp | undefined, b: Stamp | undefined): Stamp | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}

/** The wall-clock milliseconds of a stamp. @throws MalformedStampError */
export function stampMillis(stamp: Stamp, location?: ErrorLocation): number {
  return parseStamp(stamp, location).millis;
}

/**
 * The lowest stamp of millisecond `millis`: every stamp issued at or after `millis` is
 * greater or equal, every earlier one smaller (e.g. "older than 30 days" is
 * `stamp < stampAt(now - 30 * 86_400_000)`). Values outside the 42-bit range are clamped.
 */
export function stampAt(millis: number): Stamp {
  if (Number.isNaN(millis)) throw new InvalidOptionError(`Cannot make a stamp at NaN milliseconds: expected a number`);
  const clamped = Math.min(MAX_STAMP_MILLIS, Math.max(0, Math.floor(millis)));
  return formatStamp({ millis: clamped, counter: 0, nodeHash: 0 });
}

/**
 * A stable 30-bit hash of a node id: 32-bit FNV-1a over the id's UTF-8 bytes, xor-folded to
 * 30 bits. The same id gives the same hash on every platform and version.
 */
export function hashNodeId(nodeId: string): number {
  let hash = 0x811c9dc5;
  const mix = (byte: number): void => {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  // UTF-8 by hand: TextEncoder is missing on some React Native engines.
  for (const char of nodeId) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) mix(code);
    else if (code < 0x800) {
      mix(0xc0 | (code >> 6));
      mix(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      mix(0xe0 | (code >> 12));
      mix(0x80 | ((code >> 6) & 0x3f));
      mix(0x80 | (code & 0x3f));
    } else {
      mix(0xf0 | (code >> 18));
      mix(0x80 | ((code >> 12) & 0x3f));
      mix(0x80 | ((code >> 6) & 0x3f));
      mix(0x80 | (code & 0x3f));
    }
  }
  return ((hash >>> 30) ^ hash) & MAX_NODE_HASH;
}
