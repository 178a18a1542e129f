// Reading and building dictionaries safely. Realm's Dictionary proxy answers its own members
// before entries (`dict.keys`, `dict.set`, `dict.constructor`, `dict.__proto__`), so entries are
// read through `entries()`; records are built with own data properties, never by assignment.

/** Whether `value` is a plain record (JSON-like object), as opposed to a Realm collection. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The entries of a Realm dictionary (through `entries()`) or of a plain record. */
export function dictionaryEntries(dictionary: object): [string, unknown][] {
  if (!isPlainRecord(dictionary)) {
    const entries = (dictionary as { entries?: unknown }).entries;
    if (typeof entries === "function") return Array.from(entries.call(dictionary) as Iterable<[string, unknown]>);
  }
  return Object.entries(dictionary);
}

/** One entry of a Realm dictionary or plain record; correct even for keys such as `"values"` or `"__proto__"`. */
export function dictionaryGet(dictionary: object, key: string): unknown {
  return dictionaryGetIn(dictionary, dictionaryProto(dictionary), key);
}

/** What `dictionaryGetIn` takes beside the dictionary: its class's prototype, or `null` for a plain record. */
export function dictionaryProto(dictionary: object): object | null {
  return isPlainRecord(dictionary) ? null : (Object.getPrototypeOf(dictionary) as object | null);
}

/** `dictionaryGet` with `dictionaryProto(dictionary)` worked out once by a caller that reads several keys. */
export function dictionaryGetIn(dictionary: object, proto: object | null, key: string): unknown {
  if (proto === null) return Object.prototype.hasOwnProperty.call(dictionary, key) ? (dictionary as Record<string, unknown>)[key] : undefined;
  // A key that names a member of the dictionary's class is shadowed: find it among the entries.
  if (!namesMember(dictionary, proto, key)) return (dictionary as Record<string, unknown>)[key];
  for (const [entryKey, value] of dictionaryEntries(dictionary)) if (entryKey === key) return value;
  return undefined;
}

// Whether a key names a member, cached for the last dictionary class seen: every dictionary of a
// realm has the same prototype, and the keys asked are mostly a schema's stamp keys.
let memberProto: object | undefined;
const members = new Map<string, boolean>();
/** Entries under a user dictionary field are user data: the cache stays bounded. */
const MEMBER_CACHE_SIZE = 4096;

/**
 * Whether `key` names a member of `dictionary` (whose prototype is `proto`), so that a direct
 * read gets the member, not the entry: a member of its class, or one its constructor defines on
 * every instance (Realm's `listeners`). `key in dictionary` asks both (Realm's Dictionary proxy
 * has no `has` trap); the answer is cached by prototype, as every instance of a class has the
 * same own members.
 */
export function namesMember(dictionary: object, proto: object, key: string): boolean {
  if (proto !== memberProto) {
    memberProto = proto;
    members.clear();
  }
  let member = members.get(key);
  if (member === undefined) {
    member = key in dictionary;
    if (members.size < MEMBER_CACHE_SIZE) members.set(key, member);
  }
  return member;
}

/** Sets an own data property, even for `"__proto__"`. */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
