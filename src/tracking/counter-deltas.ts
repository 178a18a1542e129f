// Counter increments as per-node running sums in `fieldTimestamps`, so recovery can re-apply
// increments the server lost instead of overwriting the counter (docs/storage-format.md).
import type { Stamp } from "../clock/index.js";

/** Prefix of the reserved keys holding counter increments: `#inc/<node>/<field key>`. */
export const INCREMENT_KEY_PREFIX = "#inc/";

/** The key of `node`'s increments of the field at `fieldKey`. `node` is the stamp's node-hash part. */
export function incrementKey(stamp: Stamp, fieldKey: string): string {
  return `${INCREMENT_KEY_PREFIX}${stamp.slice(11)}/${fieldKey}`;
}

/** A parsed increment entry: the node's running sum and the stamp of its last increment. */
export interface IncrementEntry {
  readonly sum: number;
  readonly stamp: Stamp;
}

/** Formats an entry as `<sum>@<stamp>`. */
export function formatIncrement(entry: IncrementEntry): string {
  return `${entry.sum}@${entry.stamp}`;
}

/** Parses `<sum>@<stamp>`; `undefined` for anything else. */
export function parseIncrement(text: unknown): IncrementEntry | undefined {
  if (typeof text !== "string") return undefined;
  const at = text.indexOf("@");
  if (at <= 0) return undefined;
  const sum = Number(text.slice(0, at));
  if (!Number.isSafeInteger(sum)) return undefined;
  return { sum, stamp: text.slice(at + 1) };
}

/** Splits `#inc/<node>/<field key>` into its parts; `undefined` for other keys. */
export function parseIncrementKey(key: string): { readonly node: string; readonly fieldKey: string } | undefined {
  if (!key.startsWith(INCREMENT_KEY_PREFIX)) return undefined;
  const rest = key.slice(INCREMENT_KEY_PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { node: rest.slice(0, slash), fieldKey: rest.slice(slash + 1) };
}
