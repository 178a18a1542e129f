// What one user may read and write, per model: the first role whose `apply_when` matches.
import { SyncServerError } from "../server-errors.js";
import { checkFilter, matchFilter } from "./match-filter.js";
import type { SyncRole, SyncRules } from "./sync-rules.js";
import type { SyncUser } from "./sync-user.js";

type Values = Readonly<Record<string, unknown>>;

/** A user's access, checked on every read and write. */
export interface Access {
  readonly user: SyncUser;
  /** The role that applies to `model`, or `undefined` (no access at all). */
  roleFor(model: string): SyncRole | undefined;
  canRead(model: string, values: Values): boolean;
  /**
   * Why a write is refused (the server log's text), or `undefined` when allowed. `before`: the
   * server's object (`undefined` for a create), `after`: the object after the write (`undefined` for a delete).
   */
  writeDenial(model: string, key: string, before: Values | undefined, after: Values | undefined): string | undefined;
}

/** Checks the rules' shape; throws INVALID_RULES naming the bad entry. */
export function checkRules(rules: unknown): SyncRules {
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) throw new SyncServerError("INVALID_RULES", `Invalid rules: expected { "roles": [...], "models": { "<Model>": { "roles": [...] } } }, got ${JSON.stringify(rules)}`);
  const { roles, models, ...rest } = rules as SyncRules & Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new SyncServerError("INVALID_RULES", `Invalid rules: unknown key(s) ${unknown.map((k) => `"${k}"`).join(", ")} (expected "roles" and "models")`);
  if (roles !== undefined) checkRoles(roles, "roles");
  if (models !== undefined) {
    if (typeof models !== "object" || models === null) throw new SyncServerError("INVALID_RULES", `Invalid rules at models: expected an object keyed by model name`);
    for (const [model, entry] of Object.entries(models)) checkRoles((entry as { roles?: unknown })?.roles, `models.${model}.roles`);
  }
  return rules as SyncRules;
}

function checkRoles(roles: unknown, at: string): void {
  if (!Array.isArray(roles)) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${at}: expected an array of roles`);
  roles.forEach((role: Partial<SyncRole>, i) => {
    const where = `${at}[${i}]`;
    if (typeof role !== "object" || role === null) throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}: expected a role object`);
    if (typeof role.name !== "string" || role.name === "") throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}.name: expected a non-empty string`);
    for (const flag of ["read", "write"] as const) {
      if (typeof role[flag] !== "boolean") throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}.${flag} (role "${role.name}"): expected true or false (field-level permissions are not supported)`);
    }
    for (const flag of ["insert", "delete"] as const) {
      if (role[flag] !== undefined && typeof role[flag] !== "boolean") throw new SyncServerError("INVALID_RULES", `Invalid rules at ${where}.${flag} (role "${role.name}"): expected true or false`);
    }
    if (role.apply_when !== undefined) checkFilter(role.apply_when, `${where}.apply_when`);
    if (role.document_filters !== undefined) {
      if (role.document_filters.read !== undefined) checkFilter(role.document_filters.read, `${where}.document_filters.read`);
      if (role.document_filters.write !== undefined) checkFilter(role.document_filters.write, `${where}.document_filters.write`);
    }
  });
}

/** The access of `user` under `rules` (roles picked once per model and cached). */
export function accessFor(rules: SyncRules, user: SyncUser): Access {
  const picked = new Map<string, SyncRole | undefined>();
  const roleFor = (model: string): SyncRole | undefined => {
    if (picked.has(model)) return picked.get(model);
    const roles = rules.models?.[model]?.roles ?? rules.roles ?? [];
    const role = roles.find((r) => matchFilter(r.apply_when ?? {}, {}, user));
    picked.set(model, role);
    return role;
  };
  const writable = (role: SyncRole, values: Values): boolean => role.write && matchFilter(role.document_filters?.write ?? {}, values, user);
  return {
    user,
    roleFor,
    canRead(model, values) {
      const role = roleFor(model);
      if (role === undefined) return false;
      return (role.read && matchFilter(role.document_filters?.read ?? {}, values, user)) || writable(role, values);
    },
    writeDenial(model, key, before, after) {
      const role = roleFor(model);
      const refused = (why: string): string => `write to "${key}" in table "${model}" ${why}`;
      if (role === undefined) return refused(`was denied: no role applies to user "${user.id}"`);
      const denied = refused(`was denied by write filter in role "${role.name}"`);
      if (before === undefined && role.insert === false) return refused(`was denied: role "${role.name}" may not insert`);
      if (after === undefined && role.delete === false) return refused(`was denied: role "${role.name}" may not delete`);
      if (before !== undefined && !writable(role, before)) return denied;
      if (after !== undefined && !writable(role, after)) return denied;
      return undefined;
    },
  };
}
