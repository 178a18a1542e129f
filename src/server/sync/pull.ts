// A pull: the objects and tombstones changed after the device's cursor that it subscribed to and
// may read, in pages cut at version boundaries, from one consistent snapshot of the database.
import type { Access } from "../rules/access.js";
import type { PullChanges, PullRequest, PullResponse, ServerObject, ServerTombstone } from "../protocol.js";
import type { SqlDatabase } from "../storage/database.js";
import { objectRow, tombstoneRow } from "../storage/rows.js";
import type { ObjectRow, TombstoneRow } from "../storage/rows.js";
import { compileSubscriptions, documentOf } from "../subscriptions/subscription-view.js";
import type { MergeSettings } from "./merge-settings.js";
import { readableObject } from "../rules/readable-object.js";

/** Most entries in one answer, whatever the request asks. */
export const MAX_PULL_LIMIT = 5000;
export const DEFAULT_PULL_LIMIT = 1000;

/** Answers a pull, or tells the device to reset. */
export async function pullChanges(db: SqlDatabase, settings: MergeSettings, access: Access, request: PullRequest): Promise<PullResponse> {
  const view = compileSubscriptions(request.subscriptions, settings.schemaByName);
  const limit = Math.min(Math.max(1, request.limit ?? DEFAULT_PULL_LIMIT), MAX_PULL_LIMIT);
  const models = [...view.models];
  return db.transaction(async (tx) => {
    await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const meta = new Map((await tx.query<{ name: string; value: string }>(`SELECT name, value FROM rfr_meta`)).rows.map((row) => [row.name, Number(row.value)]));
    const head = meta.get("head") ?? 0;
    const oldest = meta.get("oldest_cursor") ?? 0;
    const { cursor } = request;
    if (cursor > head) return { reset: true, reason: `cursor ${cursor} is ahead of the server's version ${head}: the database was replaced or restored`, oldestCursor: oldest };
    if (cursor > 0 && cursor < oldest) return { reset: true, reason: `cursor ${cursor} is older than the retained history (oldest cursor ${oldest}): the log was compacted`, oldestCursor: oldest };
    if (models.length === 0 || cursor === head) return { cursor: head, more: false, objects: [], tombstones: [], gone: [] };

    const fetch = async (upto: number | null, max: number | null): Promise<{ objects: ObjectRow[]; tombstones: TombstoneRow[] }> => {
      const params: unknown[] = [cursor, models];
      const bound = upto === null ? "" : ` AND version <= $${params.push(upto)}`;
      const cap = max === null ? "" : ` LIMIT $${params.push(max)}`;
      const objects = await tx.query<Parameters<typeof objectRow>[0]>(`SELECT model, key, "values", stamps, version FROM rfr_objects WHERE version > $1 AND model = ANY($2::text[])${bound} ORDER BY version, model, key${cap}`, params);
      const tombstones = await tx.query<Parameters<typeof tombstoneRow>[0]>(`SELECT model, key, stamp, generation, "values", version FROM rfr_tombstones WHERE version > $1 AND model = ANY($2::text[])${bound} ORDER BY version, model, key${cap}`, params);
      return { objects: objects.rows.map(objectRow), tombstones: tombstones.rows.map(tombstoneRow) };
    };
    let page = await fetch(null, limit + 1);
    let upto = head;
    let more = false;
    const versions = [...page.objects.map((row) => row.version), ...page.tombstones.map((row) => row.version)].sort((a, b) => a - b);
    if (versions.length > limit) {
      // Cut before the first version that did not fit whole; one version larger than a page goes whole.
      const firstLeftOut = versions[limit] as number;
      upto = firstLeftOut - 1 > cursor ? firstLeftOut - 1 : firstLeftOut;
      page = await fetch(upto, null);
      more = upto < head;
    }
    const answer: { objects: ServerObject[]; tombstones: ServerTombstone[]; gone: { model: string; key: string }[] } = { objects: [], tombstones: [], gone: [] };
    for (const row of page.objects) {
      const document = documentOf(settings.schemaByName.get(row.model), row.key, row.values);
      const readable = view.matches(row.model, document) ? readableObject(access, settings.schemaByName.get(row.model), row) : null;
      if (readable !== null) answer.objects.push(readable);
      else answer.gone.push({ model: row.model, key: row.key });
    }
    for (const row of page.tombstones) {
      // A tombstone carries the deleted object's values: sent only to users who could read it.
      if (row.values === null || access.canRead(row.model, documentOf(settings.schemaByName.get(row.model), row.key, row.values))) {
        answer.tombstones.push({ model: row.model, key: row.key, stamp: row.stamp, generation: row.generation });
      }
    }
    const changes: PullChanges = { cursor: upto, more, ...answer };
    return changes;
  });
}
