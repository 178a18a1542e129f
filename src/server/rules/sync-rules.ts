// Rules in the Flutter seed's (App Services) format: roles with `apply_when`, `document_filters`,
// `read` / `write`, and field-level `fields` / `additional_fields`; `%%user` expansions. Checked
// by the server on every read and write. As App Services requires of a Device Sync role, the
// permissions are boolean literals (document filters carry the expressions).

/** A filter over a document's fields (or, in `apply_when`, over `%%user` expansions): MongoDB query subset. */
export type RuleFilter = { readonly [key: string]: unknown };

/** Field-level permission: may the role read / write this field? @default false for both */
export interface FieldPermission {
  /** May read the field (of documents `document_filters.read` matches). */
  readonly read?: boolean;
  /** May write the field (of documents `document_filters.write` matches); implies read there. */
  readonly write?: boolean;
}

/** One role, as in the seed: `{ "name": "owner-read-write", "apply_when": {}, "document_filters": {...}, "read": true, "write": true }`. */
export interface SyncRole {
  readonly name: string;
  /** Which users get the role (the first role whose `apply_when` matches applies). @default {} (everyone) */
  readonly apply_when?: RuleFilter;
  readonly document_filters?: {
    /** Documents the role may read. @default {} (all) */
    readonly read?: RuleFilter;
    /** Documents the role may write (before and after the write), and read. @default {} (all) */
    readonly write?: RuleFilter;
  };
  /** May read every field (of the documents `document_filters.read` or `.write` matches). @default false */
  readonly read?: boolean;
  /** May write every field (of the documents `document_filters.write` matches), and delete. @default false */
  readonly write?: boolean;
  /** May create objects (with write permission on every field it sets). @default true */
  readonly insert?: boolean;
  /** May delete objects (with `write: true`). @default true */
  readonly delete?: boolean;
  /** Accepted for App Services compatibility (Atlas Search); unused by sync. */
  readonly search?: boolean;
  /** Field-level permissions by top-level field name, where `read` / `write` are not `true`. */
  readonly fields?: { readonly [field: string]: FieldPermission };
  /** Field-level permissions of every field `fields` does not name. @default { read: false, write: false } */
  readonly additional_fields?: FieldPermission;
}

/** The server's rules: default roles for every model, and per-model roles that replace them. */
export interface SyncRules {
  readonly roles?: readonly SyncRole[];
  readonly models?: { readonly [model: string]: { readonly roles: readonly SyncRole[] } };
}

/** Used when no rules are given: every signed-in user reads and writes everything (logged as a warning). */
export const OPEN_RULES: SyncRules = { roles: [{ name: "read-write-all", apply_when: {}, read: true, write: true }] };
