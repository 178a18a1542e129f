// Field-level write permissions on a push: the fields of an existing object the user's role may
// not write are taken out of the changeset before the merge, and each object that lost a newer
// field is reverted on the device (compensating write 231, naming the fields). A field re-sent with
// the stamp the server already has (a device echoing what it pulled) is dropped silently.
import type { Changeset, ObjectChange } from "../../recovery/changeset.js";
import { decodeFieldKey } from "../../schema/field-keys.js";
import { INCREMENT_KEY_PREFIX } from "../../tracking/counter-deltas.js";
import type { ServerObject } from "../protocol.js";
import type { Access } from "./access.js";
import { fieldsDenied } from "./access.js";

/** An object whose newer writes to some fields were refused. */
export interface FieldDenial {
  readonly model: string;
  readonly key: string;
  readonly fields: readonly string[];
  readonly reason: string;
}

const rootOf = (entry: string): string | undefined => {
  if (!entry.startsWith(INCREMENT_KEY_PREFIX)) return decodeFieldKey(entry)?.[0];
  const slash = entry.indexOf("/", INCREMENT_KEY_PREFIX.length);
  return slash < 0 ? undefined : decodeFieldKey(entry.slice(slash + 1))?.[0];
};

/**
 * `changeset` without the writes `access` refuses field by field, and the objects concerned.
 * `serverObject` is the server's object (`undefined`: a create, checked whole by `writeDenial`).
 */
export function restrictToWritableFields(changeset: Changeset, access: Access, serverObject: (model: string, key: string) => ServerObject | undefined): { readonly changeset: Changeset; readonly denials: readonly FieldDenial[] } {
  const denials: FieldDenial[] = [];
  let changed = false;
  const objects = changeset.objects.map((change): ObjectChange => {
    const role = access.roleFor(change.model);
    const server = serverObject(change.model, change.key);
    if (role === undefined || role.write === true || server === undefined) return change;
    const entries = [...Object.keys(change.fields), ...Object.keys(change.increments ?? {})];
    const denied = new Set(access.deniedFields(change.model, new Set(entries.map(rootOf).filter((root): root is string => root !== undefined))));
    if (denied.size === 0) return change;
    changed = true;
    const created = server.stamps["#created"];
    const refused = new Set<string>();
    const fields: Record<string, ObjectChange["fields"][string]> = {};
    for (const [entry, field] of Object.entries(change.fields)) {
      const root = rootOf(entry);
      if (root === undefined || !denied.has(root)) fields[entry] = field;
      else if (field.stamp > (server.stamps[entry] ?? created ?? "")) refused.add(root);
    }
    const increments: Record<string, string> = {};
    for (const [entry, value] of Object.entries(change.increments ?? {})) {
      const root = rootOf(entry);
      if (root === undefined || !denied.has(root)) increments[entry] = value;
      else if (server.stamps[entry] !== value) refused.add(root);
    }
    if (refused.size > 0) {
      const names = [...refused].sort();
      denials.push({ model: change.model, key: change.key, fields: names, reason: fieldsDenied(change.key, change.model, role.name, names) });
    }
    const { base, increments: _dropped, ...rest } = change;
    const keptBase = base === undefined ? undefined : Object.fromEntries(Object.entries(base).filter(([name]) => !denied.has(name)));
    return { ...rest, fields, ...(Object.keys(increments).length === 0 ? {} : { increments }), ...(keptBase === undefined ? {} : { base: keptBase }) };
  });
  return { changeset: changed ? { ...changeset, objects } : changeset, denials };
}
