// Shared benchmark data: a 10-field model (12 for the immer case), deterministic values and a
// seeded choice of which objects each side changes, so every contender gets the same data.

/** The ten tracked fields of `Item` and their Realm types (plain peers see the same values). */
export const ITEM_FIELDS = {
  title: "string",
  status: "string",
  owner: "string",
  notes: "string",
  category: "string",
  priority: "int",
  quantity: "int",
  rating: "double",
  done: "bool",
  due: "int",
} as const;

export type ItemField = keyof typeof ITEM_FIELDS;
export const ITEM_FIELD_NAMES = Object.keys(ITEM_FIELDS) as ItemField[];

/** A plain Item value (primary key excluded). */
export type ItemValues = Record<ItemField, string | number | boolean>;

/** Realm object schema of `Item`: int primary key plus the ten fields. */
export const itemSchema = {
  name: "Item",
  primaryKey: "_id",
  properties: { _id: "int", ...ITEM_FIELDS },
};

/** The seed recipe's model: the same ten fields plus one `lastUpdated` int, indexed like our counter (same store, same help). */
export const seedItemSchema = {
  name: "Item",
  primaryKey: "_id",
  properties: { _id: "int", ...ITEM_FIELDS, lastUpdated: { type: "int", indexed: true } },
};

/** A 12-field model for the immer case (3 of 12 fields touched). */
export const wideItemSchema = {
  name: "Wide",
  primaryKey: "_id",
  properties: { _id: "int", ...ITEM_FIELDS, estimate: "int", archived: "bool" },
};

/** The value of `field` for object `id` at edit `version` (0 = initial). */
export function fieldValue(field: ItemField, id: number, version: number): string | number | boolean {
  switch (ITEM_FIELDS[field]) {
    case "string":
      return version === 0 ? `${field} ${id}` : `${field} ${id} v${version}`;
    case "int":
      return field === "due" ? 1_700_000_000_000 + id * 1000 + version : id * 10 + version;
    case "double":
      return id / 8 + version;
    case "bool":
      return (id + version) % 2 === 0;
  }
}

export function itemValues(id: number, version = 0): ItemValues {
  const values = {} as ItemValues;
  for (const field of ITEM_FIELD_NAMES) values[field] = fieldValue(field, id, version);
  return values;
}

export function wideValues(id: number): Record<string, string | number | boolean> {
  return { ...itemValues(id), estimate: id % 13, archived: false };
}

/** Mulberry32: a tiny seeded PRNG, so runs choose the same objects. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One side's edit: object `id`, the fields it sets, at a position in that side's edit order. */
export interface Edit {
  readonly id: number;
  readonly fields: readonly ItemField[];
}

/**
 * `count` distinct objects out of `total`, each with `fieldsPerEdit` distinct fields, chosen by
 * `seed`; sorted by id so the edit order is reproducible.
 */
export function chooseEdits(total: number, count: number, seed: number, fieldsPerEdit = 3): Edit[] {
  const random = seededRandom(seed);
  const ids = new Set<number>();
  if (count >= total) for (let i = 0; i < total; i++) ids.add(i);
  while (ids.size < count) ids.add(Math.floor(random() * total));
  return [...ids]
    .sort((a, b) => a - b)
    .map((id) => {
      const fields = new Set<ItemField>();
      while (fields.size < Math.min(fieldsPerEdit, ITEM_FIELD_NAMES.length)) fields.add(ITEM_FIELD_NAMES[Math.floor(random() * ITEM_FIELD_NAMES.length)] as ItemField);
      return { id, fields: [...fields] };
    });
}
