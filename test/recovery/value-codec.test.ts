import { Decimal128, ObjectId, UUID } from "bson";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codecContext } from "../../src/recovery/fresh-view.js";
import { UnencodableValueError, decodeValue, encodeValue, encodedEquals, shapeOfProperty, valueProblem } from "../../src/recovery/value-codec.js";
import type { EncodedValue, ValueShape } from "../../src/recovery/value-codec.js";
import { SCHEMA } from "./fixtures.js";

const context = codecContext(SCHEMA);
const noLinks = () => {
  throw new Error("no links here");
};
const roundTrip = (value: unknown, shape: ValueShape): unknown => {
  const encoded = encodeValue(value, shape, context);
  const json = JSON.parse(JSON.stringify(encoded)) as EncodedValue;
  expect(encodedEquals(json, encoded)).toBe(true);
  expect(valueProblem(json, shape, context)).toBeUndefined();
  const decoded = decodeValue(json, shape, context, noLinks);
  expect(encodeValue(decoded, shape, context)).toEqual(encoded);
  return decoded;
};
const scalar = (type: Extract<ValueShape, { kind: "scalar" }>["type"], optional = false): ValueShape => ({ kind: "scalar", type, optional });

describe("value codec round trips through JSON", () => {
  it("scalars of every type", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.double(),
        fc.string(),
        fc.boolean(),
        fc.date({ noInvalidDate: true }),
        fc.uint8Array({ maxLength: 20 }),
        (int, double, text, bool, date, bytes) => {
          expect(roundTrip(int, scalar("int"))).toBe(int);
          expect(Object.is(roundTrip(double, scalar("double")), double) || (double === 0 && roundTrip(double, scalar("double")) === 0)).toBe(true);
          expect(roundTrip(text, scalar("string"))).toBe(text);
          expect(roundTrip(bool, scalar("bool"))).toBe(bool);
          expect((roundTrip(date, scalar("date")) as Date).getTime()).toBe(date.getTime());
          expect(new Uint8Array(roundTrip(bytes, scalar("data")) as ArrayBuffer)).toEqual(bytes);
        },
      ),
    );
    const oid = new ObjectId();
    expect((roundTrip(oid, scalar("objectId")) as ObjectId).equals(oid)).toBe(true);
    const uuid = new UUID();
    expect((roundTrip(uuid, scalar("uuid")) as UUID).toHexString()).toBe(uuid.toHexString());
    expect(String(roundTrip(Decimal128.fromString("1.25"), scalar("decimal128")))).toBe("1.25");
    expect(roundTrip(null, scalar("int", true))).toBeNull();
  });

  it("collections, embedded objects and mixed values", () => {
    const setShape: ValueShape = { kind: "set", element: scalar("string") };
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 6 }), fc.dictionary(fc.string().filter((k) => !k.startsWith("$") && !k.includes(".")), fc.integer()), (items, dict) => {
        expect(roundTrip(items, { kind: "list", element: scalar("string") })).toEqual(items);
        expect(new Set(roundTrip(new Set(items), setShape) as string[])).toEqual(new Set(items));
        expect(roundTrip(dict, { kind: "dictionary", element: scalar("int") })).toEqual(dict);
      }),
    );
    expect(encodeValue(new Set(["b", "a"]), setShape, context)).toEqual(encodeValue(["a", "b"], setShape, context));
    const address = shapeOfProperty(SCHEMA[0]!.properties.address!, context)!;
    expect(roundTrip({ street: "Main", city: null }, address)).toEqual({ street: "Main", city: null });
    const mixed: ValueShape = { kind: "mixed" };
    const value = [1, "x", true, null, { a: new Date(0), b: [new ObjectId("0123456789abcdef01234567")] }];
    expect(encodeValue(roundTrip(value, mixed), mixed, context)).toEqual([1, "x", true, null, { a: { $date: "1970-01-01T00:00:00.000Z" }, b: [{ $oid: "0123456789abcdef01234567" }] }]);
  });

  it("encodes links as (model, primary key) and resolves them through the resolver", () => {
    const owner = shapeOfProperty(SCHEMA[0]!.properties.owner!, context)!;
    const encoded = encodeValue({ _id: 7, name: "Ann" }, owner, context);
    expect(encoded).toEqual({ $link: { model: "Person", key: "i:7" } });
    expect(decodeValue(encoded, owner, context, (model, key) => `${model}/${key}`)).toBe("Person/i:7");
  });

  it("reports values that do not fit a retyped schema and refuses unencodable ones", () => {
    expect(valueProblem("three", scalar("int"), context)).toMatch(/for a int/);
    expect(valueProblem(null, scalar("int"), context)).toMatch(/required/);
    expect(valueProblem({ $link: { model: "Dog", key: "s:a" } }, { kind: "link", model: "Person" }, context)).toMatch(/link to "Dog"/);
    expect(() => encodeValue("x", scalar("int"), context)).toThrow(UnencodableValueError);
  });
});
