// The server's objects as a full Changeset (`since: null`), so a device merges them with the
// library's own applyChanges: the same per-field rules as recovery, whatever it holds locally.
import { isStamp } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import { ABSENT, CHANGESET_FORMAT } from "../recovery/changeset.js";
import type { BaseField, Changeset, FieldChange, ObjectChange } from "../recovery/changeset.js";
import { generationOf } from "../recovery/fresh-view.js";
import { valueAt } from "../recovery/stamped-paths.js";
import { CREATED_KEY, decodeFieldKey, encodeFieldKey } from "../schema/field-keys.js";
import type { ServerObject, ServerTombstone } from "../server/protocol.js";
import { INCREMENT_KEY_PREFIX } from "../tracking/counter-deltas.js";

/** One server object as an ObjectChange of a full changeset (every stamped path, as extraction writes it). */
export function objectChangeOf(object: ServerObject): ObjectChange {
  const { stamps, values } = object;
  const createdRaw = stamps[CREATED_KEY];
  const created: Stamp | undefined = createdRaw !== undefined && isStamp(createdRaw) ? createdRaw : undefined;
  const fields: Record<string, FieldChange> = {};
  const base: Record<string, BaseField> = {};
  const increments: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const fieldKey = encodeFieldKey([name]);
    const own = stamps[fieldKey];
    const stamp = own !== undefined && isStamp(own) && (created === undefined || own > created) ? own : created;
    if (stamp === undefined) base[name] = { value, stamp: null };
    else fields[fieldKey] = { value, stamp };
  }
  for (const [entryKey, stamp] of Object.entries(stamps)) {
    if (entryKey.startsWith(INCREMENT_KEY_PREFIX)) {
      increments[entryKey] = stamp;
      continue;
    }
    if (entryKey.startsWith("#")) continue;
    const path = decodeFieldKey(entryKey);
    if (path === undefined || path.length < 2 || !isStamp(stamp)) continue;
    const root = path[0] as string;
    if (!(root in values)) continue;
    // Superseded by the creation or an ancestor stamped at or after it, as extraction decides.
    let superseded = created !== undefined && created >= stamp;
    for (let length = 1; length < path.length && !superseded; length++) {
      const ancestor = stamps[encodeFieldKey(path.slice(0, length))];
      if (ancestor !== undefined && isStamp(ancestor) && ancestor >= stamp) superseded = true;
    }
    if (superseded) continue;
    const value = valueAt({ [root]: values[root] ?? null }, path);
    fields[entryKey] = { value: value === undefined ? ABSENT : value, stamp };
  }
  return {
    model: object.model,
    key: object.key,
    generation: generationOf(stamps),
    created: created ?? null,
    fields,
    ...(Object.keys(base).length === 0 ? {} : { base }),
    ...(Object.keys(increments).length === 0 ? {} : { increments }),
  };
}

/** Server objects and tombstones as one full changeset. */
export function changesetOfServerState(objects: readonly ServerObject[], tombstones: readonly ServerTombstone[]): Changeset {
  return {
    format: CHANGESET_FORMAT,
    since: null,
    objects: objects.map(objectChangeOf),
    tombstones: tombstones.map((t) => ({ model: t.model, key: t.key, stamp: t.stamp, generation: t.generation })),
  };
}

/** The newest stamp among server objects and tombstones (the device's clock receives it). */
export function newestServerStamp(objects: readonly ServerObject[], tombstones: readonly ServerTombstone[]): Stamp | undefined {
  let newest: Stamp | undefined;
  const see = (stamp: string): void => {
    if (isStamp(stamp) && (newest === undefined || stamp > newest)) newest = stamp;
  };
  for (const object of objects) for (const [key, stamp] of Object.entries(object.stamps)) if (!key.startsWith(INCREMENT_KEY_PREFIX) && key !== "#gen") see(stamp);
  for (const tombstone of tombstones) see(tombstone.stamp);
  return newest;
}
