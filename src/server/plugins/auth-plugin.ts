// Auth: every request (but the health check and the WebSocket, which sends its token in its first
// message) carries `Authorization: Bearer <JWT>`, verified with jose (HS256 secret or a JWKS URL).
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { JWTPayload } from "jose";
import type { SyncUser } from "../rules/sync-user.js";
import { userFromClaims } from "../rules/sync-user.js";
import { SyncServerError } from "../server-errors.js";
import { importOptional } from "../storage/import-optional.js";
import { sharedPlugin } from "./shared-plugin.js";

/** How tokens are verified: a shared HS256 secret, or the keys published at a JWKS URL. */
export type SyncAuthOptions =
  | { readonly secret: string | Uint8Array; readonly issuer?: string; readonly audience?: string }
  | { readonly jwksUrl: string; readonly issuer?: string; readonly audience?: string; readonly algorithms?: readonly string[] };

/** Verifies a token; resolves to its user or rejects with MISSING_TOKEN / INVALID_TOKEN / TOKEN_EXPIRED. */
export type TokenVerifier = (token: string | undefined) => Promise<SyncUser>;

declare module "fastify" {
  interface FastifyRequest {
    /** The signed-in user (set by the auth plugin). */
    syncUser: SyncUser;
  }
  interface FastifyInstance {
    verifyToken: TokenVerifier;
  }
  interface FastifyContextConfig {
    /** Routes without a bearer token (health, WebSocket). */
    public?: boolean;
  }
}

/** Builds the verifier for `options`. */
export async function createTokenVerifier(options: SyncAuthOptions): Promise<TokenVerifier> {
  const jose = await importOptional<typeof import("jose")>("jose", "verifying tokens");
  let verify: (token: string) => Promise<JWTPayload>;
  const claims = { ...(options.issuer === undefined ? {} : { issuer: options.issuer }), ...(options.audience === undefined ? {} : { audience: options.audience }) };
  if ("secret" in options) {
    const key = typeof options.secret === "string" ? new TextEncoder().encode(options.secret) : options.secret;
    if (key.length < 32) throw new SyncServerError("SERVER_MISCONFIGURED", `The auth secret is ${key.length} bytes: HS256 needs at least 32`);
    verify = async (token) => (await jose.jwtVerify(token, key, { algorithms: ["HS256"], ...claims })).payload;
  } else if (typeof options.jwksUrl === "string") {
    const keys = jose.createRemoteJWKSet(new URL(options.jwksUrl));
    verify = async (token) => (await jose.jwtVerify(token, keys, { ...claims, ...(options.algorithms === undefined ? {} : { algorithms: [...options.algorithms] }) })).payload;
  } else {
    throw new SyncServerError("SERVER_MISCONFIGURED", `Invalid auth option: expected { secret } (HS256) or { jwksUrl }`);
  }
  return async (token) => {
    if (token === undefined || token === "") throw new SyncServerError("MISSING_TOKEN", "Missing token: send `Authorization: Bearer <JWT>`");
    let payload: JWTPayload;
    try {
      payload = await verify(token);
    } catch (error) {
      if (error instanceof jose.errors.JWTExpired) throw new SyncServerError("TOKEN_EXPIRED", "The token has expired: sign in again", {}, { cause: error });
      throw new SyncServerError("INVALID_TOKEN", `Invalid token: ${(error as Error).message}`, {}, { cause: error });
    }
    if (typeof payload.sub !== "string" || payload.sub === "") throw new SyncServerError("INVALID_TOKEN", "Invalid token: it has no `sub` claim (the user id)");
    return userFromClaims(payload as JWTPayload & { sub: string });
  };
}

/** The token of `Authorization: Bearer <token>`. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw new SyncServerError("INVALID_TOKEN", "Invalid Authorization header: expected `Bearer <JWT>`");
  return match[1];
}

const authPlugin: FastifyPluginAsync<{ verify: TokenVerifier }> = async (app, { verify }) => {
  app.decorate("verifyToken", verify);
  app.decorateRequest("syncUser", null as unknown as SyncUser);
  app.addHook("onRequest", async (request) => {
    if (request.routeOptions.config?.public === true) return;
    request.syncUser = await verify(bearerToken(request));
  });
};

export default sharedPlugin(authPlugin, "rfr-auth");
