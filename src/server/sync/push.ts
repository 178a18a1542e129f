// One push = one transaction: lock, replay check, read the touched objects, planMerge (the
// library's pure core, as applyChanges on a device), write, log the version, NOTIFY.
import { parseChangeset } from "../../recovery/changeset.js";
import type { FreshObject, FreshTombstone } from "../../recovery/fresh-view.js";
import { generationOf, plainFreshView } from "../../recovery/fresh-view.js";
import { planMerge } from "../../recovery/merge-plan.js";
import type { CanWrite } from "../../recovery/merge-plan.js";
import type { Access } from "../rules/access.js";
import { COMPENSATING_WRITE_CODE, COMPENSATING_WRITE_MESSAGE } from "../protocol.js";
import type { PushRequest, PushResponse, RevertedWrite, ServerObject } from "../protocol.js";
import type { SqlDatabase } from "../storage/database.js";
import { idOf, loadObjects, loadTombstones } from "../storage/rows.js";
import type { ObjectId, ObjectRow } from "../storage/rows.js";
import { CHANGES_CHANNEL, PUSH_LOCK_ID } from "../storage/sql-schema.js";
import { compileSubscriptions, documentOf } from "../subscriptions/subscription-view.js";
import { collectLinkTargets } from "../merge/link-targets.js";
import type { MergeSettings } from "./merge-settings.js";
import { writeOperations } from "./write-operations.js";
import { readableObject } from "../rules/readable-object.js";
import { restrictToWritableFields } from "../rules/restrict-writes.js";

/** Merges one push; returns the answer (stored, so a replay returns it again). */
export async function pushChanges(db: SqlDatabase, settings: MergeSettings, access: Access, request: PushRequest): Promise<PushResponse> {
  const changeset = parseChangeset(request.changeset);
  const view = compileSubscriptions(request.subscriptions, settings.schemaByName);
  const userId = access.user.id;
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [PUSH_LOCK_ID]);
    const seen = await tx.query<{ response: PushResponse }>(`SELECT response FROM rfr_pushes WHERE user_id = $1 AND client_id = $2 AND push_id = $3`, [userId, request.clientId, request.pushId]);
    if (seen.rows[0] !== undefined) return { ...seen.rows[0].response, replayed: true };

    // Everything the plan may read: the changed objects, their tombstones, and link targets.
    const touched = new Map<string, ObjectId>();
    const linked = new Map<string, ObjectId>();
    for (const change of changeset.objects) {
      touched.set(idOf(change.model, change.key), { model: change.model, key: change.key });
      for (const field of Object.values(change.fields)) collectLinkTargets(field.value, linked);
      for (const field of Object.values(change.base ?? {})) collectLinkTargets(field.value, linked);
    }
    for (const tombstone of changeset.tombstones) touched.set(idOf(tombstone.model, tombstone.key), { model: tombstone.model, key: tombstone.key });
    const rows = await loadObjects(tx, [...new Map([...touched, ...linked]).values()]);
    const more = new Map<string, ObjectId>();
    for (const row of rows) for (const value of Object.values(row.values)) collectLinkTargets(value, more);
    const loaded = new Set(rows.map((row) => idOf(row.model, row.key)));
    for (const id of loaded) more.delete(id);
    for (const id of touched.keys()) more.delete(id);
    rows.push(...(await loadObjects(tx, [...more.values()])));
    const tombstones = await loadTombstones(tx, [...touched.values()]);

    const objects: Record<string, Record<string, FreshObject>> = {};
    const byId = new Map<string, ObjectRow>();
    for (const row of rows) {
      (objects[row.model] ??= {})[row.key] = { values: row.values, stamps: row.stamps, generation: generationOf(row.stamps) };
      byId.set(idOf(row.model, row.key), row);
    }
    const tombstoneData: Record<string, Record<string, FreshTombstone>> = {};
    for (const row of tombstones) (tombstoneData[row.model] ??= {})[row.key] = { stamp: row.stamp, generation: row.generation };
    const fresh = plainFreshView({ schema: settings.schema, objects, tombstones: tombstoneData });
    // Field-level permissions: fields the role may not write leave the changeset (reverted below).
    const restricted = restrictToWritableFields(changeset, access, (model, key) => byId.get(idOf(model, key)));
    // `since` is the device's checkpoint, on the device's clock: no concern of the server's merge
    // (a device running ahead would have every push refused); stamps are checked field by field.
    const merged = { ...restricted.changeset, since: null, tombstones: changeset.tombstones.filter((t) => deleteMayCount(t.model, t.key)) };

    /**
     * A delete of an object the server holds goes through `canWrite` in the plan. One of an object
     * it never had is dropped (nothing to delete, and a tombstone recorded for a key someone else
     * may create later would block that create); one of an object already deleted counts only if
     * the user could have deleted it.
     */
    function deleteMayCount(model: string, key: string): boolean {
      if (byId.has(idOf(model, key))) return true;
      const tombstone = tombstones.find((t) => t.model === model && t.key === key);
      if (tombstone?.values === null || tombstone?.values === undefined) return false;
      return access.writeDenial(model, key, documentOf(settings.schemaByName.get(model), key, tombstone.values), undefined) === undefined;
    }
    const denials = new Map<string, string>();
    const canWrite: CanWrite = (model, after, context) => {
      const schema = settings.schemaByName.get(model);
      const before = byId.get(idOf(model, context.key));
      const beforeDoc = before === undefined ? undefined : documentOf(schema, context.key, before.values);
      const afterDoc = context.operation === "delete" ? undefined : documentOf(schema, context.key, after);
      const subject = afterDoc ?? beforeDoc ?? {};
      if (!view.matches(model, subject)) {
        denials.set(idOf(model, context.key), `write to "${context.key}" in table "${model}" not allowed; object is outside of the current query view`);
        return { reason: "outside subscription" };
      }
      const denial = access.writeDenial(model, context.key, beforeDoc, afterDoc);
      if (denial === undefined) return true;
      denials.set(idOf(model, context.key), denial);
      return { reason: "denied by permission" };
    };
    const plan = planMerge({
      changeset: merged,
      fresh,
      canWrite,
      now: settings.now,
      ...(settings.policies === undefined ? {} : { policies: settings.policies }),
      ...(settings.tracking === undefined ? {} : { tracking: settings.tracking }),
      ...(settings.maxDrift === undefined ? {} : { maxDrift: settings.maxDrift }),
    });

    let version = Number((await tx.query<{ value: string }>(`SELECT value FROM rfr_meta WHERE name = 'head'`)).rows[0]?.value ?? 0);
    if (plan.operations.length > 0) {
      version = Number((await tx.query<{ value: string }>(`UPDATE rfr_meta SET value = value + 1 WHERE name = 'head' RETURNING value`)).rows[0]?.value);
      await writeOperations(tx, plan.operations, version);
      await tx.query(`INSERT INTO rfr_versions (version, user_id, client_id, push_id, operations) VALUES ($1, $2, $3, $4, $5)`, [version, userId, request.clientId, request.pushId, plan.operations.length]);
      // Delivered on commit to every server process listening on this database.
      await tx.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, String(version)]);
    }

    const writes: RevertedWrite[] = [];
    const reported = new Set<string>();
    for (const skip of plan.report.skipped) {
      if (skip.code !== "DENIED" || skip.model === undefined || skip.key === undefined) continue;
      const id = idOf(skip.model, skip.key);
      if (reported.has(id)) continue;
      reported.add(id);
      writes.push({ model: skip.model, key: skip.key, reason: denials.get(id) ?? skip.message, object: revertedObject(byId.get(id)) });
    }
    // Objects merged without the fields the role may not write: the device gets them as merged.
    const partly = restricted.denials.filter((denial) => !reported.has(idOf(denial.model, denial.key)));
    const merged2 = partly.length === 0 ? new Map<string, ObjectRow>() : new Map((await loadObjects(tx, partly)).map((row) => [idOf(row.model, row.key), row]));
    for (const denial of partly) writes.push({ model: denial.model, key: denial.key, reason: denial.reason, object: revertedObject(merged2.get(idOf(denial.model, denial.key))) });
    /** The server's object as the device may see it (a revert must not leak), or `null`: removed on the device. */
    function revertedObject(row: ObjectRow | undefined): ServerObject | null {
      if (row === undefined) return null;
      const schema = settings.schemaByName.get(row.model);
      return view.matches(row.model, documentOf(schema, row.key, row.values)) ? readableObject(access, schema, row) : null;
    }
    const { counts } = plan.report;
    const response: PushResponse = {
      version,
      replayed: false,
      counts: { applied: counts.applied, kept: counts.kept, created: counts.created, deleted: counts.deleted, skipped: counts.skipped },
      skipped: plan.report.skipped.filter((skip) => skip.code !== "DENIED"),
      ...(writes.length === 0 ? {} : { compensatingWrite: { code: COMPENSATING_WRITE_CODE, message: COMPENSATING_WRITE_MESSAGE, writes } }),
    };
    await tx.query(`INSERT INTO rfr_pushes (user_id, client_id, push_id, response) VALUES ($1, $2, $3, $4::jsonb)`, [userId, request.clientId, request.pushId, JSON.stringify(response)]);
    return response;
  });
}
