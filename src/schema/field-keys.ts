// How a field path is stored as a key of the `fieldTimestamps` dictionary.
// Realm refuses dictionary keys that contain "." or start with "$", so paths are
// stored as "/"-joined, percent-escaped segments; reports show them dot-joined.

/** A field path: `["age"]`, `["address", "city"]`, `["tags", "red"]`. */
export type FieldPath = readonly string[];

/** Reserved `fieldTimestamps` key: the stamp of the write that created the object. */
export const CREATED_KEY = "#created";
/** Reserved `fieldTimestamps` key: the object's generation when above 1 (decimal). */
export const GENERATION_KEY = "#gen";

/** Characters escaped inside a segment: the separator, the escape, and the dot. */
const ESCAPES: Record<string, string> = { "%": "%25", "/": "%2F", ".": "%2E" };

/**
 * Keys a Realm Dictionary cannot hold: its proxy's target has them as non-writable own
 * properties, so setting one throws a TypeError (Realm 20's `Collection#listeners`). Stored with
 * their first character percent-escaped, which every reader decodes.
 */
const UNWRITABLE_KEYS: ReadonlySet<string> = new Set(["listeners"]);

/** Encodes a path as a dictionary key Realm accepts; never collides with the reserved keys. */
export function encodeFieldKey(path: FieldPath): string {
  const key = joinSegments(path);
  return UNWRITABLE_KEYS.has(key) ? `%${key.charCodeAt(0).toString(16).toUpperCase()}${key.slice(1)}` : key;
}

function joinSegments(path: FieldPath): string {
  return path
    .map((segment, index) => {
      let escaped = segment.replace(/[%/.]/g, (c) => ESCAPES[c] ?? c);
      // A leading "$" is illegal in Realm keys, a leading "#" marks reserved keys.
      if (index === 0 && (escaped.startsWith("$") || escaped.startsWith("#"))) {
        escaped = `%${escaped.charCodeAt(0).toString(16).toUpperCase()}${escaped.slice(1)}`;
      }
      return escaped;
    })
    .join("/");
}

/** Decodes a key written by `encodeFieldKey`; returns `undefined` for reserved keys. */
export function decodeFieldKey(key: string): FieldPath | undefined {
  if (key.startsWith("#")) return undefined;
  return key.split("/").map((segment) => segment.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/** The human form used in reports and errors: `address.city`. */
export function formatFieldPath(path: FieldPath): string {
  return path.join(".");
}
