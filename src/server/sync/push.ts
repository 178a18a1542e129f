// One push: checked and indexed when it arrives (`preparePush`), then queued for the next group
// transaction (group-commit.ts), where `mergePush` merges it.
import { parseChangeset } from "../../recovery/changeset.js";
import type { Changeset } from "../../recovery/changeset.js";
import type { Access } from "../rules/access.js";
import type { PushRequest, PushResponse } from "../protocol.js";
import type { SqlDatabase } from "../storage/database.js";
import { idOf } from "../storage/rows.js";
import type { ObjectId, PushKey } from "../storage/rows.js";
import { compileSubscriptions } from "../subscriptions/subscription-view.js";
import type { SubscriptionView } from "../subscriptions/subscription-view.js";
import { collectLinkTargets } from "../merge/link-targets.js";
import { groupCommitter } from "./group-commit.js";
import type { MergeSettings } from "./merge-settings.js";

/** A push checked and indexed before it waits for its group. */
export interface PreparedPush {
  readonly settings: MergeSettings;
  readonly access: Access;
  readonly key: PushKey;
  readonly changeset: Changeset;
  readonly view: SubscriptionView;
  /** Everything its plan may read first: the touched objects and the targets of its links. */
  readonly reads: readonly ObjectId[];
}

/**
 * Merges one push; resolves to the answer once it is committed (stored, so a replay returns it
 * again). Pushes arriving while a transaction runs are merged, in arrival order, in the next one.
 */
export async function pushChanges(db: SqlDatabase, settings: MergeSettings, access: Access, request: PushRequest): Promise<PushResponse> {
  return groupCommitter(db).submit(preparePush(settings, access, request));
}

/** Parses the changeset and the subscriptions (a bad one fails this push alone) and lists what it reads. */
export function preparePush(settings: MergeSettings, access: Access, request: PushRequest): PreparedPush {
  const changeset = parseChangeset(request.changeset);
  const view = compileSubscriptions(request.subscriptions, settings.schemaByName);
  const touched = new Map<string, ObjectId>();
  const linked = new Map<string, ObjectId>();
  for (const change of changeset.objects) {
    touched.set(idOf(change.model, change.key), { model: change.model, key: change.key });
    for (const field of Object.values(change.fields)) collectLinkTargets(field.value, linked);
    for (const field of Object.values(change.base ?? {})) collectLinkTargets(field.value, linked);
  }
  for (const tombstone of changeset.tombstones) touched.set(idOf(tombstone.model, tombstone.key), { model: tombstone.model, key: tombstone.key });
  const key: PushKey = { userId: access.user.id, clientId: request.clientId, pushId: request.pushId };
  return { settings, access, key, changeset, view, reads: [...new Map([...touched, ...linked]).values()] };
}
