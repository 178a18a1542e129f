// One push merged inside its group's transaction: replay check, the objects its plan may read,
// planMerge (the library's pure core, as applyChanges on a device) with the rules as its
// canWrite, the plan applied to the group's state, the answer recorded (a replay returns it).
import type { FreshObject, FreshTombstone } from "../../recovery/fresh-view.js";
import { generationOf, plainFreshView } from "../../recovery/fresh-view.js";
import { planMerge } from "../../recovery/merge-plan.js";
import type { CanWrite } from "../../recovery/merge-plan.js";
import { COMPENSATING_WRITE_CODE, COMPENSATING_WRITE_MESSAGE } from "../protocol.js";
import type { PushResponse, RevertedWrite, ServerObject } from "../protocol.js";
import { idOf, pushKeyOf } from "../storage/rows.js";
import type { ObjectId, ObjectRow, TombstoneRow } from "../storage/rows.js";
import { documentOf } from "../subscriptions/subscription-view.js";
import { collectLinkTargets } from "../merge/link-targets.js";
import type { GroupState } from "./group-state.js";
import type { PreparedPush } from "./push.js";
import { readableObject } from "../rules/readable-object.js";
import { restrictToWritableFields } from "../rules/restrict-writes.js";

/** Merges `push` against `state` (what the pushes before it in the group left) and records its writes there. */
export async function mergePush(state: GroupState, push: PreparedPush): Promise<PushResponse> {
  const { settings, access, changeset, view } = push;
  const pushKey = pushKeyOf(push.key);
  const seen = state.answered.get(pushKey);
  if (seen !== undefined) return { ...seen, replayed: true };

  // The view holds what this push's plan may read, as it would in a transaction of its own:
  // the changed objects, their link targets, the link targets of their stored values.
  await state.load(push.reads);
  const ids = new Map(push.reads.map((id) => [idOf(id.model, id.key), id]));
  const more = new Map<string, ObjectId>();
  for (const id of ids.values()) {
    const row = state.object(id.model, id.key);
    if (row !== undefined) for (const value of Object.values(row.values)) collectLinkTargets(value, more);
  }
  for (const id of ids.keys()) more.delete(id);
  await state.load(more.values());
  const rows: ObjectRow[] = [];
  const tombstones: TombstoneRow[] = [];
  for (const id of [...ids.values(), ...more.values()]) {
    const row = state.object(id.model, id.key);
    if (row !== undefined) rows.push(row);
    const tombstone = state.tombstone(id.model, id.key);
    if (tombstone !== undefined) tombstones.push(tombstone);
  }

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
    const tombstone = state.tombstone(model, key);
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

  // Every check above may throw (this push fails alone); nothing below does before the state changes.
  let version = state.head;
  if (plan.operations.length > 0) version = state.head + 1;

  const writes: RevertedWrite[] = [];
  const reported = new Set<string>();
  for (const skip of plan.report.skipped) {
    if (skip.code !== "DENIED" || skip.model === undefined || skip.key === undefined) continue;
    const id = idOf(skip.model, skip.key);
    if (reported.has(id)) continue;
    reported.add(id);
    writes.push({ model: skip.model, key: skip.key, reason: denials.get(id) ?? skip.message, object: revertedObject(byId.get(id)) });
  }
  if (plan.operations.length > 0) {
    state.head = version;
    state.apply(plan.operations, version);
    state.versions.push({ ...push.key, version, operations: plan.operations.length });
  }
  // Objects merged without the fields the role may not write: the device gets them as merged.
  for (const denial of restricted.denials) {
    if (reported.has(idOf(denial.model, denial.key))) continue;
    writes.push({ model: denial.model, key: denial.key, reason: denial.reason, object: revertedObject(state.object(denial.model, denial.key)) });
  }
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
  state.answered.set(pushKey, response);
  state.pushes.push({ ...push.key, response });
  return response;
}
