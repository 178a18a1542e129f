// dumpMemoryRealm / openMemoryRealm({ dump }): plain JSON with tagged values, exact round trip.
import { Decimal128, ObjectId, UUID } from "bson";
import { describe, expect, it } from "vitest";
import type { RealmObjectLike } from "../../src/realm-like.js";
import { decodeScalar, dumpMemoryRealm, encodeScalar, openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealmDump } from "../../src/testing/index.js";

const schema = [
  {
    name: "Owner",
    primaryKey: "_id",
    properties: {
      _id: "objectId",
      born: "date",
      key: "uuid",
      money: "decimal128",
      blob: "data",
      ratio: "double",
      pets: "Pet[]",
      home: "Home",
      anything: "mixed",
      notes: "Note[]",
      tags: "string<>",
      scores: "int{}",
    },
  },
  { name: "Pet", primaryKey: "name", properties: { name: "string" } },
  { name: "Home", embedded: true, properties: { city: "string", pet: "Pet" } },
  { name: "Note", properties: { text: "string" } },
];

function sample() {
  const realm = openMemoryRealm({ schema });
  realm.write(() => {
    const rex = realm.create("Pet", { name: "rex" });
    const note = realm.create("Note", { text: "hello" });
    realm.create("Owner", {
      _id: new ObjectId("64b7f0c2a1b2c3d4e5f60718"),
      born: new Date("2020-01-02T03:04:05.006Z"),
      key: new UUID("8f14e45f-ceea-4167-a5a4-1d8f5a6c3b21"),
      money: Decimal128.fromString("1.10"),
      blob: new Uint8Array([0, 255]).buffer,
      ratio: Number.NaN,
      pets: [rex],
      home: { city: "Oslo", pet: rex },
      anything: note,
      notes: [note],
      tags: ["a"],
      scores: { x: 1 },
    });
  });
  return realm;
}

describe("codec", () => {
  it.each([
    [new ObjectId("64b7f0c2a1b2c3d4e5f60718"), { $oid: "64b7f0c2a1b2c3d4e5f60718" }],
    [new UUID("8f14e45f-ceea-4167-a5a4-1d8f5a6c3b21"), { $uuid: "8f14e45f-ceea-4167-a5a4-1d8f5a6c3b21" }],
    [Decimal128.fromString("1.10"), { $decimal: "1.10" }],
    [new Date("2020-01-02T03:04:05.006Z"), { $date: "2020-01-02T03:04:05.006Z" }],
    [new Uint8Array([0, 255]).buffer, { $binary: "AP8=" }],
    [Number.POSITIVE_INFINITY, { $double: "Infinity" }],
    [3, 3],
    ["s", "s"],
    [null, null],
  ])("encodes %s", (value, json) => {
    expect(encodeScalar(value)).toEqual(json);
    const back = decodeScalar(json);
    expect(encodeScalar(back)).toEqual(json);
  });
});

describe("dumpMemoryRealm", () => {
  it("writes plain JSON with tagged values and links by primary key or position", () => {
    const dump = dumpMemoryRealm(sample());
    const owner = dump.objects.Owner?.[0];
    expect(owner).toMatchObject({
      _id: { $oid: "64b7f0c2a1b2c3d4e5f60718" },
      born: { $date: "2020-01-02T03:04:05.006Z" },
      money: { $decimal: "1.10" },
      blob: { $binary: "AP8=" },
      ratio: { $double: "NaN" },
      pets: [{ $link: "s:rex" }],
      home: { city: "Oslo", pet: { $link: "s:rex" } },
      anything: { $ref: 0, $model: "Note" },
      notes: [{ $ref: 0 }],
      tags: ["a"],
      scores: { x: 1 },
    });
    expect(JSON.parse(JSON.stringify(dump))).toEqual(dump);
  });

  it("loads back to an equal realm, links re-pointed", () => {
    const dump = JSON.parse(JSON.stringify(dumpMemoryRealm(sample()))) as MemoryRealmDump;
    const loaded = openMemoryRealm({ dump });
    expect(dumpMemoryRealm(loaded)).toEqual(dump);
    const owner = loaded.objects("Owner")[0] as RealmObjectLike;
    expect(((owner.home as RealmObjectLike).pet as RealmObjectLike).name).toBe("rex");
    expect((owner.anything as RealmObjectLike).text).toBe("hello");
    expect(Number.isNaN(owner.ratio)).toBe(true);
  });

  it("round-trips collections inside mixed values", () => {
    const realm = openMemoryRealm({ schema: [{ name: "Doc", primaryKey: "_id", properties: { _id: "int", value: "mixed" } }] });
    realm.write(() => realm.create("Doc", { _id: 1, value: { when: new Date(0), list: [1, { deep: "yes" }] } }));
    const dump = dumpMemoryRealm(realm);
    expect(dump.objects.Doc?.[0]?.value).toEqual({ when: { $date: "1970-01-01T00:00:00.000Z" }, list: [1, { deep: "yes" }] });
    const loaded = openMemoryRealm({ dump: JSON.parse(JSON.stringify(dump)) as MemoryRealmDump });
    expect(dumpMemoryRealm(loaded)).toEqual(dump);
    expect(dumpMemoryRealm(openMemoryRealm({ copyFrom: realm }))).toEqual(dump);
  });

  it("refuses something that is not a dump", () => {
    expect(() => openMemoryRealm({ dump: { format: 2 } as unknown as MemoryRealmDump })).toThrow(/memory realm dump/);
  });
});
