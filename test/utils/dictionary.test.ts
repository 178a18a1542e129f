import { describe, expect, it } from "vitest";
import { dictionaryEntries, dictionaryGet, isPlainRecord, setOwn } from "../../src/utils/dictionary.js";

/** A dictionary shaped like Realm's: a class instance behind a proxy that answers members first. */
const STORE = Symbol("store");
class FakeDictionary {
  readonly [STORE] = new Map<string, unknown>();
  // An own member every instance gets from its constructor, as Realm's Dictionary has `listeners`.
  readonly listeners = { add(): void {} };
  *entries(): Generator<[string, unknown]> {
    yield* this[STORE].entries();
  }
  keys(): string[] {
    return [...this[STORE].keys()];
  }
  static of(record: Record<string, unknown>): FakeDictionary {
    const target = new FakeDictionary();
    for (const [key, value] of Object.entries(record)) target[STORE].set(key, value);
    return new Proxy(target, {
      get(t, prop, receiver) {
        const member = Reflect.get(t, prop, receiver) as unknown;
        return member !== undefined || typeof prop !== "string" ? member : t[STORE].get(prop);
      },
    });
  }
}

describe("dictionary helpers", () => {
  const record = Object.fromEntries([["__proto__", 1], ["keys", 2], ["entries", 3], ["plain", 4], ["listeners", 5]]);

  it("read every entry of a member-first dictionary, shadowed keys included", () => {
    const dictionary = FakeDictionary.of(record);
    expect(dictionaryEntries(dictionary)).toEqual(Object.entries(record));
    expect(dictionaryGet(dictionary, "keys")).toBe(2);
    expect(dictionaryGet(dictionary, "entries")).toBe(3);
    expect(dictionaryGet(dictionary, "__proto__")).toBe(1);
    expect(dictionaryGet(dictionary, "plain")).toBe(4);
    expect(dictionaryGet(dictionary, "listeners")).toBe(5); // an instance's own member shadows it too
    expect(dictionaryGet(dictionary, "missing")).toBeUndefined();
  });

  it("read plain records by own properties only", () => {
    expect(dictionaryEntries(record)).toEqual(Object.entries(record));
    expect(dictionaryGet(record, "__proto__")).toBe(1);
    expect(dictionaryGet({}, "toString")).toBeUndefined();
    expect(isPlainRecord(record)).toBe(true);
    expect(isPlainRecord(FakeDictionary.of({}))).toBe(false);
  });

  it("set own properties, even __proto__, without touching the prototype", () => {
    const out: Record<string, unknown> = {};
    setOwn(out, "__proto__", { polluted: true });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(["__proto__"]);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true}}');
  });
});
