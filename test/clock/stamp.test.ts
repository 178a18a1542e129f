import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FieldRecoveryError } from "../../src/errors.js";
import {
  MAX_NODE_HASH,
  MAX_STAMP,
  MAX_STAMP_COUNTER,
  MAX_STAMP_MILLIS,
  MIN_STAMP,
  MalformedStampError,
  STAMP_ALPHABET,
  compareStamps,
  formatStamp,
  hashNodeId,
  isStamp,
  maxStamp,
  parseStamp,
  stampAt,
  stampMillis,
} from "../../src/clock/index.js";

const parts = fc.record({
  millis: fc.integer({ min: 0, max: MAX_STAMP_MILLIS }),
  counter: fc.integer({ min: 0, max: MAX_STAMP_COUNTER }),
  nodeHash: fc.integer({ min: 0, max: MAX_NODE_HASH }),
});

function tupleOrder(a: { millis: number; counter: number; nodeHash: number }, b: typeof a): number {
  return Math.sign(a.millis - b.millis) || Math.sign(a.counter - b.counter) || Math.sign(a.nodeHash - b.nodeHash);
}

describe("stamp encoding", () => {
  it("uses an alphabet in ASCII order", () => {
    expect([...STAMP_ALPHABET].sort().join("")).toBe(STAMP_ALPHABET);
    expect(new Set(STAMP_ALPHABET).size).toBe(64);
  });

  it("round-trips parse(format(parts))", () => {
    fc.assert(
      fc.property(parts, (p) => {
        const stamp = formatStamp(p);
        expect(stamp).toHaveLength(16);
        expect(isStamp(stamp)).toBe(true);
        expect(parseStamp(stamp)).toEqual(p);
        expect(stampMillis(stamp)).toBe(p.millis);
      }),
    );
  });

  it("round-trips format(parse(text)) for any 16 alphabet characters", () => {
    const text = fc.string({ unit: fc.constantFrom(...STAMP_ALPHABET), minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(text, (t) => {
        expect(formatStamp(parseStamp(t))).toBe(t);
      }),
    );
  });

  it("orders strings exactly as (millis, counter, nodeHash) tuples", () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        expect(compareStamps(formatStamp(a), formatStamp(b))).toBe(tupleOrder(a, b));
      }),
    );
  });

  it("breaks ties between nodes by node hash, deterministically", () => {
    const a = formatStamp({ millis: 5, counter: 1, nodeHash: hashNodeId("device-a") });
    const b = formatStamp({ millis: 5, counter: 1, nodeHash: hashNodeId("device-b") });
    expect(a).not.toBe(b);
    expect(compareStamps(a, b)).toBe(-compareStamps(b, a));
    expect(compareStamps(a, a)).toBe(0);
  });

  it("encodes the extremes", () => {
    expect(formatStamp({ millis: 0, counter: 0, nodeHash: 0 })).toBe(MIN_STAMP);
    expect(formatStamp({ millis: MAX_STAMP_MILLIS, counter: MAX_STAMP_COUNTER, nodeHash: MAX_NODE_HASH })).toBe(MAX_STAMP);
    expect(formatStamp({ millis: 64, counter: 1, nodeHash: 2 })).toBe("-----0-" + "---0" + "----1");
  });

  it("refuses parts outside their bit width", () => {
    expect(() => formatStamp({ millis: MAX_STAMP_MILLIS + 1, counter: 0, nodeHash: 0 })).toThrow(/millis .* expected an integer from 0 to/);
    expect(() => formatStamp({ millis: 0, counter: -1, nodeHash: 0 })).toThrow(FieldRecoveryError);
    expect(() => formatStamp({ millis: 0, counter: 0, nodeHash: 1.5 })).toThrow(/nodeHash 1.5/);
  });
});

describe("malformed stamps", () => {
  it("rejects wrong lengths", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...STAMP_ALPHABET), maxLength: 40 }).filter((s) => s.length !== 16), (text) => {
        expect(isStamp(text)).toBe(false);
        expect(() => parseStamp(text)).toThrow(MalformedStampError);
      }),
    );
  });

  it("rejects characters outside the alphabet, naming position and value", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...STAMP_ALPHABET), minLength: 16, maxLength: 16 }),
        fc.integer({ min: 0, max: 15 }),
        fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !STAMP_ALPHABET.includes(c)),
        (valid, index, bad) => {
          const text = valid.slice(0, index) + bad + valid.slice(index + 1);
          expect(isStamp(text)).toBe(false);
          expect(() => parseStamp(text)).toThrow(`at position ${index + 1}`);
        },
      ),
    );
  });

  it("rejects non-strings", () => {
    for (const value of [null, undefined, 42, 12n, {}, ["----------------"], true]) {
      expect(isStamp(value)).toBe(false);
      expect(() => parseStamp(value)).toThrow(MalformedStampError);
    }
  });

  it("explains the expected shape and names the location", () => {
    let error: unknown;
    try {
      parseStamp("2024-01-01", { model: "Dog", objectKey: '"rex"', field: "age" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MalformedStampError);
    const malformed = error as MalformedStampError;
    expect(malformed.code).toBe("MALFORMED_STAMP");
    expect(malformed.value).toBe("2024-01-01");
    expect(malformed.model).toBe("Dog");
    expect(malformed.field).toBe("age");
    expect(malformed.message).toContain('"2024-01-01"');
    expect(malformed.message).toContain("expected 16 characters");
    expect(malformed.message).toContain("got 10 characters");
    expect(malformed.message).toContain('model "Dog"');
  });
});

describe("stamp helpers", () => {
  it("maxStamp tolerates undefined and picks the greater", () => {
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const [sa, sb] = [formatStamp(a), formatStamp(b)];
        expect(maxStamp(sa, sb)).toBe(tupleOrder(a, b) >= 0 ? sa : sb);
        expect(maxStamp(sa, undefined)).toBe(sa);
        expect(maxStamp(undefined, sb)).toBe(sb);
      }),
    );
    expect(maxStamp(undefined, undefined)).toBeUndefined();
  });

  it("stampAt(m) is the lowest stamp of millisecond m", () => {
    fc.assert(
      fc.property(parts, fc.integer({ min: 0, max: MAX_STAMP_MILLIS }), (p, m) => {
        const stamp = formatStamp(p);
        expect(stamp >= stampAt(m)).toBe(p.millis >= m);
      }),
    );
    expect(stampAt(-5)).toBe(MIN_STAMP);
    expect(stampMillis(stampAt(Number.MAX_SAFE_INTEGER))).toBe(MAX_STAMP_MILLIS);
  });

  it("hashNodeId is stable, 30-bit, and hashes UTF-8 bytes", () => {
    // FNV-1a 32 of "a" is 0xe40c292c; folded to 30 bits.
    expect(hashNodeId("a")).toBe((0xe40c292c ^ (0xe40c292c >>> 30)) & MAX_NODE_HASH);
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (id) => {
        const hash = hashNodeId(id);
        expect(Number.isInteger(hash) && hash >= 0 && hash <= MAX_NODE_HASH).toBe(true);
        expect(hashNodeId(id)).toBe(hash);
      }),
    );
    expect(hashNodeId("device-a")).not.toBe(hashNodeId("device-b"));
    expect(hashNodeId("é")).not.toBe(hashNodeId("\u00c3\u00a9"));
  });
});
