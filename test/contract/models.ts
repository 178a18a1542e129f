// Small schemas shared by the store contract tests.
import type { ObjectSchemaInput } from "../../src/schema/normalize.js";

export const Person: ObjectSchemaInput = {
  name: "Person",
  primaryKey: "_id",
  properties: {
    _id: "int",
    name: "string",
    age: "int?",
    dog: "Dog",
    dogs: "Dog[]",
    address: "Address",
    addresses: "Address[]",
  },
};

export const Dog: ObjectSchemaInput = {
  name: "Dog",
  primaryKey: "_id",
  properties: { _id: "string", name: { type: "string", default: "unnamed" } },
};

export const Address: ObjectSchemaInput = {
  name: "Address",
  embedded: true,
  properties: { city: "string", zip: "string?" },
};

export const PEOPLE = [Person, Dog, Address];

/** One property of every type the engine handles, required and optional. */
export const AllTypes: ObjectSchemaInput = {
  name: "AllTypes",
  primaryKey: "_id",
  properties: {
    _id: "int",
    bool: "bool",
    int: "int",
    float: "float",
    double: "double",
    string: "string",
    date: "date",
    objectId: "objectId",
    uuid: "uuid",
    decimal: "decimal128",
    data: "data",
    mixed: "mixed",
    optBool: "bool?",
    optInt: "int?",
    optDouble: "double?",
    optString: "string?",
    optDate: "date?",
    optObjectId: "objectId?",
    optUuid: "uuid?",
    optDecimal: "decimal128?",
    optData: "data?",
    ints: "int[]",
    optStrings: "string?[]",
    stringSet: "string<>",
    intDict: "int{}",
    mixedList: "mixed[]",
  },
};
