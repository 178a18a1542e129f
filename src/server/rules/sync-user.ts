// The signed-in user of a request, from the verified token's claims, and `%%user` expansions.
import type { JWTPayload } from "jose";

/** The user a request acts for. */
export interface SyncUser {
  /** `%%user.id`: the token's `sub`. */
  readonly id: string;
  /** `%%user.data`: the token's `user_data` claim (or `{ name, email }` from the standard claims). */
  readonly data: Readonly<Record<string, unknown>>;
  /** `%%user.custom_data`: the token's `custom_data` claim. */
  readonly custom_data: Readonly<Record<string, unknown>>;
  /** `%%user.claims`: every claim of the token. */
  readonly claims: Readonly<Record<string, unknown>>;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The user of a verified token (`sub` is required: the caller has checked it). */
export function userFromClaims(claims: JWTPayload & { sub: string }): SyncUser {
  const standard: Record<string, unknown> = {};
  for (const name of ["name", "email"]) if (claims[name] !== undefined) standard[name] = claims[name];
  return {
    id: claims.sub,
    data: isRecord(claims.user_data) ? claims.user_data : standard,
    custom_data: isRecord(claims.custom_data) ? claims.custom_data : {},
    claims,
  };
}

/** `true` for a `%%user…` expansion. */
export const isExpansion = (value: unknown): value is string => typeof value === "string" && value.startsWith("%%");

/**
 * The value of an expansion: `%%user` (the id), `%%user.id`, `%%user.data.<path>`,
 * `%%user.custom_data.<path>`, `%%user.claims.<path>`, `%%true`, `%%false`. `undefined` when absent.
 */
export function expand(expansion: string, user: SyncUser): unknown {
  if (expansion === "%%true") return true;
  if (expansion === "%%false") return false;
  if (expansion === "%%user") return user.id;
  if (!expansion.startsWith("%%user.")) return undefined;
  let value: unknown = user;
  for (const part of expansion.slice("%%user.".length).split(".")) {
    if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = value[part];
  }
  return value;
}
