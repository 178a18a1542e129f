// Field-level permissions of one role: `read` / `write` cover every field, else `fields.<name>`,
// else `additional_fields` (for the fields `fields` does not name). Read permissions apply to the
// documents either filter matches; write permissions to those `document_filters.write` matches,
// where they imply read.
import type { FieldPermission, SyncRole } from "./sync-rules.js";

const permissionOf = (role: SyncRole, field: string): FieldPermission | undefined =>
  role.fields !== undefined && Object.prototype.hasOwnProperty.call(role.fields, field) ? role.fields[field] : role.additional_fields;

/** Which filters a document matches. */
export interface DocumentScope {
  readonly inRead: boolean;
  readonly inWrite: boolean;
}

/** May `role` write `field` of a document its write filter matches (before and after)? */
export const mayWriteField = (role: SyncRole, field: string): boolean => role.write === true || permissionOf(role, field)?.write === true;

/** May `role` read `field` of a document in `scope`? */
export function mayReadField(role: SyncRole, field: string, scope: DocumentScope): boolean {
  if ((scope.inRead || scope.inWrite) && (role.read === true || permissionOf(role, field)?.read === true)) return true;
  return scope.inWrite && mayWriteField(role, field);
}

/** May `role` read every field of a document in `scope` (no field-level narrowing)? */
export const readsWholeDocument = (role: SyncRole, scope: DocumentScope): boolean => ((scope.inRead || scope.inWrite) && role.read === true) || (scope.inWrite && role.write === true);

/** Does `role` grant a write of some field? (Else it writes nothing, whatever the filters.) */
export const writesSomething = (role: SyncRole): boolean => role.write === true || [role.additional_fields, ...Object.values(role.fields ?? {})].some((p) => p?.write === true);
