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
  if (isPlainRecord(dictionary)) return Object.prototype.hasOwnProperty.call(dictionary, key) ? dictionary[key] : undefined;
  // A key that names a member of the dictionary's class is shadowed: find it among the entries.
  const proto = Object.getPrototypeOf(dictionary) as object | null;
  if (proto === null || !namesMember(proto, key)) return (dictionary as Record<string, unknown>)[key];
  for (const [entryKey, value] of dictionaryEntries(dictionary)) if (entryKey === key) return value;
  return undefined;
}

// `key in proto` per key, cached for the last dictionary class seen: every dictionary of a
// realm has the same prototype, and the keys asked are mostly a schema's stamp keys.
let memberProto: object | undefined;
const members = new Map<string, boolean>();
/** Entries under a user dictionary field are user data: the cache stays bounded. */
const MEMBER_CACHE_SIZE = 4096;

/** Whether `key` names a member of the dictionary class `proto` (so a direct read would get the member, not the entry). */
export function namesMember(proto: object, key: string): boolean {
  if (proto !== memberProto) {
    memberProto = proto;
    members.clear();
  }
  let member = members.get(key);
  if (member === undefined) {
    member = key in proto;
    if (members.size < MEMBER_CACHE_SIZE) members.set(key, member);
  }
  return member;
}

/** Sets an own data property, even for `"__proto__"`. */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
