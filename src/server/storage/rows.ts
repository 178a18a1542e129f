// Reading objects and tombstones by key (one query each), as the merge's FreshView data.
import type { EncodedValue } from "../../recovery/value-codec.js";
import type { ServerObject, ServerTombstone } from "../protocol.js";
import type { SqlClient } from "./database.js";

/** An object row with its tombstone-independent state. */
export interface ObjectRow extends ServerObject {
  readonly version: number;
}

export interface TombstoneRow extends ServerTombstone {
  readonly values: Readonly<Record<string, EncodedValue>> | null;
  readonly version: number;
}

/** A model/key pair. */
export interface ObjectId {
  readonly model: string;
  readonly key: string;
}

export const idOf = (model: string, key: string): string => `${model}\u0000${key}`;

interface RawObject {
  model: string;
  key: string;
  values: Record<string, EncodedValue>;
  stamps: Record<string, string>;
  version: string | number | bigint;
}
interface RawTombstone {
  model: string;
  key: string;
  stamp: string;
  generation: number;
  values: Record<string, EncodedValue> | null;
  version: string | number | bigint;
}

export const objectRow = (raw: RawObject): ObjectRow => ({ model: raw.model, key: raw.key, values: raw.values, stamps: raw.stamps, version: Number(raw.version) });
export const tombstoneRow = (raw: RawTombstone): TombstoneRow => ({ model: raw.model, key: raw.key, stamp: raw.stamp, generation: Number(raw.generation), values: raw.values, version: Number(raw.version) });

/** The objects among `ids` (missing ones left out). */
export async function loadObjects(tx: SqlClient, ids: readonly ObjectId[]): Promise<ObjectRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<RawObject>(
    `SELECT o.model, o.key, o."values", o.stamps, o.version FROM rfr_objects o JOIN unnest($1::text[], $2::text[]) AS w(model, key) ON o.model = w.model AND o.key = w.key`,
    [ids.map((id) => id.model), ids.map((id) => id.key)],
  );
  return rows.map(objectRow);
}

/** The tombstones among `ids`. */
export async function loadTombstones(tx: SqlClient, ids: readonly ObjectId[]): Promise<TombstoneRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<RawTombstone>(
    `SELECT t.model, t.key, t.stamp, t.generation, t."values", t.version FROM rfr_tombstones t JOIN unnest($1::text[], $2::text[]) AS w(model, key) ON t.model = w.model AND t.key = w.key`,
    [ids.map((id) => id.model), ids.map((id) => id.key)],
  );
  return rows.map(tombstoneRow);
}
