// Rules in the Flutter seed's (App Services) format: roles with `apply_when`, `document_filters`
// and `read` / `write`; `%%user` expansions. Checked by the server on every read and write.

/** A filter over a document's fields (or, in `apply_when`, over `%%user` expansions): MongoDB query subset. */
export type RuleFilter = { readonly [key: string]: unknown };

/** One role, as in the seed: `{ "name": "owner-read-write", "apply_when": {}, "document_filters": {...}, "read": true, "write": true }`. */
export interface SyncRole {
  readonly name: string;
  /** Which users get the role (the first role whose `apply_when` matches applies). @default {} (everyone) */
  readonly apply_when?: RuleFilter;
  readonly document_filters?: {
    /** Documents the role may read. @default {} (all) */
    readonly read?: RuleFilter;
    /** Documents the role may write (before and after the write). @default {} (all) */
    readonly write?: RuleFilter;
  };
  /** May read (the documents `document_filters.read` or `.write` match). */
  readonly read: boolean;
  /** May write (the documents `document_filters.write` matches). */
  readonly write: boolean;
  /** May create objects (with `write`). @default true */
  readonly insert?: boolean;
  /** May delete objects (with `write`). @default true */
  readonly delete?: boolean;
}

/** The server's rules: default roles for every model, and per-model roles that replace them. */
export interface SyncRules {
  readonly roles?: readonly SyncRole[];
  readonly models?: { readonly [model: string]: { readonly roles: readonly SyncRole[] } };
}

/** Used when no rules are given: every signed-in user reads and writes everything (logged as a warning). */
export const OPEN_RULES: SyncRules = { roles: [{ name: "read-write-all", apply_when: {}, read: true, write: true }] };
