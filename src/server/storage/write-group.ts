// Everything a group of pushes changed, written in ONE statement (data-modifying CTEs): the
// objects removed and upserted, the tombstones, the version log, the answered pushes, the head,
// and the NOTIFY (delivered at commit to every process listening on the database).
import { generationOf } from "../../recovery/fresh-view.js";
import type { PushResponse } from "../protocol.js";
import type { SqlClient } from "./database.js";
import type { ObjectId, ObjectRow, PushKey, TombstoneRow } from "./rows.js";
import { CHANGES_CHANNEL } from "./sql-schema.js";

/** The final state of what a group wrote (each row once). */
export interface GroupWrites {
  readonly removed: readonly ObjectId[];
  readonly objects: readonly ObjectRow[];
  readonly tombstones: readonly TombstoneRow[];
  readonly versions: readonly (PushKey & { readonly version: number; readonly operations: number })[];
  readonly pushes: readonly (PushKey & { readonly response: PushResponse })[];
  /** The new head; `undefined` when no push wrote (head unchanged, nothing notified). */
  readonly head: number | undefined;
}

const WRITE_GROUP_SQL = `WITH
  removed AS (DELETE FROM rfr_objects o USING unnest($1::text[], $2::text[]) AS r(model, key) WHERE o.model = r.model AND o.key = r.key),
  objects AS (
    INSERT INTO rfr_objects (model, key, generation, "values", stamps, version)
    SELECT r.model, r.key, r.generation, r."values", r.stamps, r.version FROM jsonb_to_recordset($3::jsonb) AS r(model text, key text, generation integer, "values" jsonb, stamps jsonb, version bigint)
    ON CONFLICT (model, key) DO UPDATE SET generation = EXCLUDED.generation, "values" = EXCLUDED."values", stamps = EXCLUDED.stamps, version = EXCLUDED.version),
  tombstones AS (
    INSERT INTO rfr_tombstones (model, key, stamp, generation, "values", version)
    SELECT r.model, r.key, r.stamp, r.generation, r."values", r.version FROM jsonb_to_recordset($4::jsonb) AS r(model text, key text, stamp text, generation integer, "values" jsonb, version bigint)
    ON CONFLICT (model, key) DO UPDATE SET stamp = EXCLUDED.stamp, generation = EXCLUDED.generation, "values" = EXCLUDED."values", version = EXCLUDED.version),
  versions AS (
    INSERT INTO rfr_versions (version, user_id, client_id, push_id, operations)
    SELECT r.version, r.user_id, r.client_id, r.push_id, r.operations FROM jsonb_to_recordset($5::jsonb) AS r(version bigint, user_id text, client_id text, push_id text, operations integer)),
  pushes AS (
    INSERT INTO rfr_pushes (user_id, client_id, push_id, response)
    SELECT r.user_id, r.client_id, r.push_id, r.response FROM jsonb_to_recordset($6::jsonb) AS r(user_id text, client_id text, push_id text, response jsonb)),
  head AS (UPDATE rfr_meta SET value = $7::bigint WHERE name = 'head' AND $7::bigint IS NOT NULL)
SELECT pg_notify('${CHANGES_CHANNEL}', ($7::bigint)::text) WHERE $7::bigint IS NOT NULL`;

/** Writes `writes` inside the group's transaction. */
export async function writeGroup(tx: SqlClient, writes: GroupWrites): Promise<void> {
  await tx.query(WRITE_GROUP_SQL, [
    writes.removed.map((id) => id.model),
    writes.removed.map((id) => id.key),
    JSON.stringify(writes.objects.map((row) => ({ model: row.model, key: row.key, generation: generationOf(row.stamps), values: row.values, stamps: row.stamps, version: row.version }))),
    JSON.stringify(writes.tombstones.map((row) => ({ model: row.model, key: row.key, stamp: row.stamp, generation: row.generation, values: row.values, version: row.version }))),
    JSON.stringify(writes.versions.map((v) => ({ version: v.version, user_id: v.userId, client_id: v.clientId, push_id: v.pushId, operations: v.operations }))),
    JSON.stringify(writes.pushes.map((p) => ({ user_id: p.userId, client_id: p.clientId, push_id: p.pushId, response: p.response }))),
    writes.head === undefined ? null : String(writes.head),
  ]);
}
