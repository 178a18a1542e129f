// Reading objects and tombstones by key, as the merge's FreshView data: one statement for both
// (and for the answers of the pushes being replayed).
import type { EncodedValue } from "../../recovery/value-codec.js";
import type { PushResponse, ServerObject, ServerTombstone } from "../protocol.js";
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

/** A push's identity: a replay of it returns its first answer. */
export interface PushKey {
  readonly userId: string;
  readonly clientId: string;
  readonly pushId: string;
}

export const pushKeyOf = (key: PushKey): string => `${key.userId}\u0000${key.clientId}\u0000${key.pushId}`;

/** What a group of pushes reads before merging: rows of `ids`, and the stored answers of `pushes`. */
export interface LoadedState {
  readonly objects: ObjectRow[];
  readonly tombstones: TombstoneRow[];
  readonly answered: Map<string, PushResponse>;
}

const LOAD_STATE_SQL = `SELECT
  (SELECT coalesce(jsonb_agg(jsonb_build_object('model', o.model, 'key', o.key, 'values', o."values", 'stamps', o.stamps, 'version', o.version)), '[]'::jsonb)
     FROM rfr_objects o JOIN unnest($1::text[], $2::text[]) AS w(model, key) ON o.model = w.model AND o.key = w.key) AS objects,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('model', t.model, 'key', t.key, 'stamp', t.stamp, 'generation', t.generation, 'values', t."values", 'version', t.version)), '[]'::jsonb)
     FROM rfr_tombstones t JOIN unnest($1::text[], $2::text[]) AS w(model, key) ON t.model = w.model AND t.key = w.key) AS tombstones,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('userId', p.user_id, 'clientId', p.client_id, 'pushId', p.push_id, 'response', p.response)), '[]'::jsonb)
     FROM rfr_pushes p JOIN unnest($3::text[], $4::text[], $5::text[]) AS w(user_id, client_id, push_id) ON p.user_id = w.user_id AND p.client_id = w.client_id AND p.push_id = w.push_id) AS pushes`;

/** The objects and tombstones among `ids` and the answers stored for `pushes`, in ONE statement. */
export async function loadState(tx: SqlClient, ids: readonly ObjectId[], pushes: readonly PushKey[] = []): Promise<LoadedState> {
  if (ids.length === 0 && pushes.length === 0) return { objects: [], tombstones: [], answered: new Map() };
  const { rows } = await tx.query<{ objects: RawObject[]; tombstones: RawTombstone[]; pushes: (PushKey & { response: PushResponse })[] }>(LOAD_STATE_SQL, [
    ids.map((id) => id.model),
    ids.map((id) => id.key),
    pushes.map((push) => push.userId),
    pushes.map((push) => push.clientId),
    pushes.map((push) => push.pushId),
  ]);
  const row = rows[0];
  return {
    objects: (row?.objects ?? []).map(objectRow),
    tombstones: (row?.tombstones ?? []).map(tombstoneRow),
    answered: new Map((row?.pushes ?? []).map((push) => [pushKeyOf(push), push.response])),
  };
}
