// `--since` over a changeset file: keeps only what was stamped after the stamp, as if the
// changeset had been extracted with that checkpoint (it can only narrow, never widen).
import { isStamp } from "../clock/index.js";
import type { Stamp } from "../clock/index.js";
import type { BaseField, Changeset, FieldChange, ObjectChange } from "../recovery/changeset.js";
import { decodeFieldKey } from "../schema/field-keys.js";
import { parseIncrement } from "../tracking/counter-deltas.js";

/** Malformed stamps are kept: the merge skips and reports them. */
const after = (stamp: string, since: Stamp): boolean => !isStamp(stamp) || stamp > since;

/** The part of `changeset` stamped after `since`. */
export function filterChangeset(changeset: Changeset, since: Stamp): Changeset {
  if (changeset.since !== null && since <= changeset.since) return changeset;
  const objects: ObjectChange[] = [];
  for (const object of changeset.objects) {
    const fields: Record<string, FieldChange> = {};
    const base: Record<string, BaseField> = { ...object.base };
    for (const [key, change] of Object.entries(object.fields)) {
      if (after(change.stamp, since)) fields[key] = change;
      else {
        // An older top-level value is still needed if the object must be re-created.
        const path = decodeFieldKey(key);
        if (path?.length === 1) base[path[0] as string] = { value: change.value, stamp: change.stamp };
      }
    }
    const increments = Object.fromEntries(Object.entries(object.increments ?? {}).filter(([, entry]) => {
      const stamp = parseIncrement(entry)?.stamp;
      return stamp === undefined || after(stamp, since);
    }));
    const created = object.created !== null && after(object.created, since) ? object.created : null;
    if (Object.keys(fields).length === 0 && Object.keys(increments).length === 0 && created === null) continue;
    objects.push({
      model: object.model,
      key: object.key,
      generation: object.generation,
      created,
      fields,
      ...(Object.keys(base).length === 0 ? {} : { base }),
      ...(Object.keys(increments).length === 0 ? {} : { increments }),
    });
  }
  const tombstones = changeset.tombstones.filter((tombstone) => after(tombstone.stamp, since));
  return { ...changeset, since, objects, tombstones };
}
