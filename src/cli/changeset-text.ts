// Renders a changeset for people (keys as users wrote them: `"rex"`, not `s:rex`): one block per object (its changed fields with value and
// stamp time), one line per delete, then the extraction problems and a summary line.
import type { Changeset } from "../recovery/changeset.js";
import { isAbsent } from "../recovery/changeset.js";
import { decodeFieldKey, formatFieldPath } from "../schema/field-keys.js";
import { showKey, showStamp, showValue } from "./report-document.js";

const fieldName = (key: string): string => {
  const path = decodeFieldKey(key);
  return path === undefined ? key : formatFieldPath(path);
};

export function renderChangeset(changeset: Changeset): string[] {
  const lines: string[] = [changeset.since === null ? "since: none (full: every stamped field and tombstone)" : `since: ${showStamp(changeset.since)}`];
  let fields = 0;
  for (const object of changeset.objects) {
    const created = object.created === null ? "" : `  created ${showStamp(object.created)}`;
    const generation = object.generation > 1 ? `  generation ${object.generation}` : "";
    lines.push(`${object.model} ${showKey(object.key)}${created}${generation}`);
    for (const [key, change] of Object.entries(object.fields)) {
      fields++;
      lines.push(`  ${fieldName(key)} = ${isAbsent(change.value) ? "(removed)" : showValue(change.value)}  ${showStamp(change.stamp)}`);
    }
    for (const [key, entry] of Object.entries(object.increments ?? {})) lines.push(`  ${key} = ${entry}`);
  }
  for (const tombstone of changeset.tombstones) lines.push(`deleted ${tombstone.model} ${showKey(tombstone.key)}  ${showStamp(tombstone.stamp)}`);
  for (const problem of changeset.problems ?? []) {
    const where = [problem.model, problem.key === undefined ? undefined : showKey(problem.key), problem.field].filter((part) => part !== undefined).join(" ");
    lines.push(`problem ${problem.code}${where === "" ? "" : ` (${where})`}: ${problem.message}`);
  }
  const deletes = changeset.tombstones.length;
  lines.push(`${changeset.objects.length} object${changeset.objects.length === 1 ? "" : "s"} with unsynced changes, ${fields} field${fields === 1 ? "" : "s"}, ${deletes} delete${deletes === 1 ? "" : "s"}`);
  return lines;
}
