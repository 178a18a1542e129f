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
  if (proto === null || !(key in proto)) return (dictionary as Record<string, unknown>)[key];
  for (const [entryKey, value] of dictionaryEntries(dictionary)) if (entryKey === key) return value;
  return undefined;
}

/** Sets an own data property, even for `"__proto__"`. */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
