// What one user may read and write, per model: the first role whose `apply_when` matches.
import { SyncServerError } from "../server-errors.js";
import { checkFilter, matchFilter } from "./match-filter.js";
import type { ObjectSchemaLike } from "../../realm-like.js";
import { mayReadField, mayWriteField, readsWholeDocument, writesSomething } from "./field-permissions.js";
import type { DocumentScope } from "./field-permissions.js";
import type { SyncRole, SyncRules } from "./sync-rules.js";
import type { SyncUser } from "./sync-user.js";

type Values = Readonly<Record<string, unknown>>;

/** A user's access, checked on every read and write. */
export interface Access {
  readonly user: SyncUser;
  /** The role that applies to `model`, or `undefined` (no access at all). */
  roleFor(model: string): SyncRole | undefined;
  /** May the user read (some field of) the document? */
  canRead(model: string, values: Values): boolean;
  /** The document's fields the user may read: `"all"`, a set of names, or `undefined` (none: the document is not readable). */
  readableFields(model: string, values: Values): "all" | ReadonlySet<string> | undefined;
  /**
   * Why a write is refused (the server log's text), or `undefined` when allowed. `before`: the
   * server's object (`undefined` for a create), `after`: the object after the write (`undefined` for a delete).
   * A create needs write permission on every field it sets (`null` aside).
   */
  writeDenial(model: string, key: string, before: Values | undefined, after: Values | undefined): string | undefined;
  /** The fields among `fields` the user's role may not write (field-level permissions), in order. */
  deniedFields(model: string, fields: Iterable<string>): string[];
}

/** Checks the rules' shape; throws INVALID_RULES naming the bad entry. */
export function checkRules(rules: unknown, schema?: readonly ObjectSchemaLike[]): SyncRules {
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) throw new SyncServerError("INVALID_RULES", `Invalid rules: expected { "roles": [...], "models": { "<Model>": { "roles": [...] } } }, got ${JSON.stringify(rules)}`);
  const { roles, models, ...rest } = rules as SyncRules & Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new SyncServerError("INVALID_RULES", `Invalid rules: unknown key(s) ${unknown.map((k) => `"${k}"`).join(", ")} (expected "roles" and "models")`);
  const keys = (models: readonly ObjectSchemaLike[]): Set<string> => new Set(models.flatMap((m) => (m.primaryKey === undefined ? [] : [m.primaryKey])));
  if (roles !== undefined) checkRoles(roles, "roles", schema === undefined ? undefined : keys(schema));
  if (models !== undefined) {
    if (typeof models !== "object" || models === null) throw new SyncServerError("INVALID_RULES", `Invalid rules at models: expected an object keyed by model name`);
    for (const [model, entry] of Object.entries(models)) {
      const modelSchema = schema?.find((m) => m.name === model);
      if (schema !== undefined && (modelSchema === undefined || modelSchema.embedded === true)) throw new SyncServerError("INVALID_RULES", `Invalid rules at models.${model}: the schema has no top-level model "${model}" (models: ${schema.filter((m) => m.embedded !== true).map((m) => m.name).join(", ")})`, { model });
      checkRoles((entry as { roles?: unknown })?.roles, `models.${model}.roles`, modelSchema === undefined ? undefined : keys([modelSchema]));
      if (modelSchema !== undefined) {
        for (const [i, role] of ((entry as { roles: readonly SyncRole[] }).roles).entries()) {
          for (const field of Object.keys(role.fields ?? {})) {
            if (modelSchema.properties[field] === undefined) throw new SyncServerError("INVALID_RULES", `Invalid rules at models.${model}.roles[${i}].fields.${field} (role "${role.name}"): model "${model}" has no field "${field}"`, { model, field });
          }
        }
      }
    }
  }
  return rules as SyncRules;
}

function checkFieldPermission(permission: unknown, at: string, roleName: string, primaryKeys?: ReadonlySet<string>, field?: string): void {
  if (typeof permission !== "object" || permission === null || Array.isArray(permission)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at} (role "${roleName}"): expected { "read": true|false, "write": true|false }, got ${JSON.stringify(permission)}`);
  for (const key of Object.keys(permission)) {
    if (key === "fields") throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}.fields (role "${roleName}"): permissions on fields of embedded objects are not supported; set them on the top-level field`);
    if (key !== "read" && key !== "write") throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at} (role "${roleName}"): unknown key "${key}" (expected "read" and "write")`);
    const value = (permission as Record<string, unknown>)[key];
    if (typeof value !== "boolean") throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}.${key} (role "${roleName}"): expected true or false, got ${JSON.stringify(value)} (field-level permissions of a Device Sync role are boolean literals)`);
  }
  if (field !== undefined && primaryKeys?.has(field) === true) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at} (role "${roleName}"): "${field}" is a primary key; it is readable with its document and never written, so it takes no field-level permission (as in App Services)`);
}

function checkRoles(roles: unknown, at: string, primaryKeys?: ReadonlySet<string>): void {
  if (!Array.isArray(roles)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}: expected an array of roles`);
  roles.forEach((role: Partial<SyncRole>, i) => {
    const where = `${at}[${i}]`;
    if (typeof role !== "object" || role === null) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}: expected a role object`);
    if (typeof role.name !== "string" || role.name === "") throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}.name: expected a non-empty string`);
    const known = new Set(["name", "apply_when", "document_filters", "read", "write", "insert", "delete", "search", "fields", "additional_fields"]);
    const unknownKeys = Object.keys(role).filter((k) => !known.has(k));
    if (unknownKeys.length > 0) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where} (role "${role.name}"): unknown key(s) ${unknownKeys.map((k) => `"${k}"`).join(", ")} (expected ${[...known].join(", ")})`);
    for (const flag of ["read", "write", "insert", "delete", "search"] as const) {
      if (role[flag] !== undefined && typeof role[flag] !== "boolean") {
        throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}.${flag} (role "${role.name}"): expected true or false, got ${JSON.stringify(role[flag])} (a Device Sync role's permissions are boolean literals: put conditions in document_filters)`);
      }
    }
    if (role.fields !== undefined) {
      if (typeof role.fields !== "object" || role.fields === null || Array.isArray(role.fields)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}.fields (role "${role.name}"): expected an object keyed by field name, e.g. { "miles": { "read": true, "write": true } }`);
      for (const [field, permission] of Object.entries(role.fields)) checkFieldPermission(permission, `${where}.fields.${field}`, role.name, primaryKeys, field);
    }
    if (role.additional_fields !== undefined) checkFieldPermission(role.additional_fields, `${where}.additional_fields`, role.name);
    if (role.apply_when !== undefined) checkFilter(role.apply_when, `${where}.apply_when`);
    if (role.document_filters !== undefined) {
      if (role.document_filters.read !== undefined) checkFilter(role.document_filters.read, `${where}.document_filters.read`);
      if (role.document_filters.write !== undefined) checkFilter(role.document_filters.write, `${where}.document_filters.write`);
    }
  });
}

/** The access of `user` under `rules` (roles picked once per model and cached). */
export function accessFor(rules: SyncRules, user: SyncUser, schema?: ReadonlyMap<string, ObjectSchemaLike>): Access {
  const primaryKeyOf = (model: string): string | undefined => schema?.get(model)?.primaryKey;
  const picked = new Map<string, SyncRole | undefined>();
  const roleFor = (model: string): SyncRole | undefined => {
    if (picked.has(model)) return picked.get(model);
    const roles = rules.models?.[model]?.roles ?? rules.roles ?? [];
    const role = roles.find((r) => matchFilter(r.apply_when ?? {}, {}, user));
    picked.set(model, role);
    return role;
  };
  const inWrite = (role: SyncRole, values: Values): boolean => writesSomething(role) && matchFilter(role.document_filters?.write ?? {}, values, user);
  // The write filter opens a document for reading only to a role that may write some of it.
  const scopeOf = (role: SyncRole, values: Values): DocumentScope => ({ inRead: matchFilter(role.document_filters?.read ?? {}, values, user), inWrite: inWrite(role, values) });
  const readableFields = (model: string, values: Values): "all" | ReadonlySet<string> | undefined => {
    const role = roleFor(model);
    if (role === undefined) return undefined;
    const scope = scopeOf(role, values);
    if (readsWholeDocument(role, scope)) return "all";
    if (!scope.inRead && !scope.inWrite) return undefined;
    const key = primaryKeyOf(model);
    const fields = new Set(Object.keys(values).filter((field) => field !== key && mayReadField(role, field, scope)));
    if (fields.size === 0) return undefined;
    if (key !== undefined) fields.add(key); // readable with its document
    return fields;
  };
  return {
    user,
    roleFor,
    readableFields,
    canRead: (model, values) => readableFields(model, values) !== undefined,
    deniedFields(model, fields) {
      const role = roleFor(model);
      return [...fields].filter((field) => role === undefined || !mayWriteField(role, field));
    },
    writeDenial(model, key, before, after) {
      const role = roleFor(model);
      const refused = (why: string): string => `write to "${key}" in table "${model}" ${why}`;
      if (role === undefined) return refused(`was denied: no role applies to user "${user.id}"`);
      const denied = refused(`was denied by write filter in role "${role.name}"`);
      if (before === undefined && role.insert === false) return refused(`was denied: role "${role.name}" may not insert`);
      if (after === undefined && role.delete === false) return refused(`was denied: role "${role.name}" may not delete`);
      if (after === undefined && role.write !== true && before !== undefined && inWrite(role, before)) return refused(`was denied: role "${role.name}" may not delete (deleting needs "write": true)`);
      if (before !== undefined && !inWrite(role, before)) return denied;
      if (after !== undefined && !inWrite(role, after)) return denied;
      if (before === undefined && after !== undefined && role.write !== true) {
        const primaryKey = primaryKeyOf(model);
        const fields = Object.keys(after).filter((field) => field !== primaryKey && after[field] !== null && !mayWriteField(role, field));
        if (fields.length > 0) return fieldsDenied(key, model, role.name, fields.sort());
      }
      return undefined;
    },
  };
}

/** The reason of a write refused by field-level permissions. */
export const fieldsDenied = (key: string, model: string, role: string, fields: readonly string[]): string =>
  `write to "${key}" in table "${model}" was denied by field permissions in role "${role}": may not write ${fields.map((f) => `"${f}"`).join(", ")}`;
