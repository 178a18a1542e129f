// Server test fixtures: the Flutter seed's Car model, its owner-read-write role, signed tokens,
// devices on the in-memory store, and a server on an in-memory PGlite (or $RFR_TEST_POSTGRES_URL).
import { SignJWT } from "jose";
import { HybridClock } from "../../src/clock/index.js";
import { collectUnsyncedChanges } from "../../src/recovery/collect-unsynced-changes.js";
import type { Changeset } from "../../src/recovery/changeset.js";
import type { RealmLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { createSyncServer } from "../../src/server/index.js";
import type { SyncServer, SyncServerOptions, SyncRules, PushRequest, SubscriptionQuery } from "../../src/server/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import type { MemoryRealm } from "../../src/testing/index.js";
import { trackedWrite } from "../../src/tracking/index.js";
import type { TrackedTransaction } from "../../src/tracking/index.js";

export const SECRET = "test-secret-of-at-least-thirty-two-bytes!";

/** The seed's model (string keys keep the fixtures readable). */
export const CAR = {
  name: "Car",
  primaryKey: "_id",
  properties: { _id: "string", ownerId: "string", make: "string", model: "string?", miles: "int?", tags: "string{}" },
} as const;
export const SCHEMA = trackFields([CAR]);

/** The seed's role: users read and write only their own cars. */
export const OWNER_RULES: SyncRules = {
  roles: [{ name: "owner-read-write", apply_when: {}, document_filters: { read: { ownerId: "%%user.id" }, write: { ownerId: "%%user.id" } }, read: true, write: true }],
};

/** The seed's subscription: `miles < 100 OR miles == $0` with `[null]`. */
export const NEW_CARS: SubscriptionQuery = { name: "new-car-subscription", objectType: "Car", queryString: "miles < 100 OR miles == $0", args: [null] };
export const ALL_CARS: SubscriptionQuery = { objectType: "Car", queryString: "TRUEPREDICATE" };

/** The PostgreSQL URL CI sets (`.ci/start-postgres`), or undefined. */
export const POSTGRES_URL = process.env.RFR_TEST_POSTGRES_URL;

/** A signed HS256 token for `sub`. */
export async function tokenFor(sub: string, options: { expiresIn?: string | number; secret?: string; claims?: Record<string, unknown> } = {}): Promise<string> {
  const jwt = new SignJWT({ ...options.claims }).setProtectedHeader({ alg: "HS256" }).setSubject(sub).setIssuedAt();
  if (options.expiresIn !== undefined) jwt.setExpirationTime(options.expiresIn);
  return jwt.sign(new TextEncoder().encode(options.secret ?? SECRET));
}

/** A server with the Car schema on an in-memory PGlite unless `database` says otherwise. */
export function startServer(options: Partial<SyncServerOptions> = {}): Promise<SyncServer> {
  return createSyncServer({ schema: [CAR], auth: { secret: SECRET }, database: "memory://", rules: OWNER_RULES, rateLimit: false, ...options });
}

/** A device on the in-memory store with its own clock. */
export class TestDevice {
  readonly realm: MemoryRealm;
  readonly clock: HybridClock;
  constructor(readonly nodeId: string, realm?: MemoryRealm) {
    this.realm = realm ?? openMemoryRealm({ schema: SCHEMA });
    this.clock = new HybridClock({ nodeId });
  }
  write<T>(callback: (tx: TrackedTransaction) => T): T {
    return trackedWrite(this.realm, callback, { clock: this.clock });
  }
  changes(since: string | null = null): Changeset {
    return collectUnsyncedChanges(this.realm, since);
  }
}

let pushes = 0;
/** A push body of `device`'s changes. */
export function pushBody(changeset: Changeset, subscriptions: readonly SubscriptionQuery[] = [ALL_CARS], clientId = "client-1"): PushRequest {
  return { clientId, pushId: `push-${++pushes}-${Date.now()}`, changeset, subscriptions };
}

/** `inject` a JSON POST with a bearer token. */
export async function post(server: SyncServer, url: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
  const response = await server.app.inject({ method: "POST", url, payload: body as object, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, json: response.json() };
}

/** The realm's cars as plain JSON data (the same on both stores), sorted by id. */
export const plainObjects = (realm: RealmLike, model = "Car"): Record<string, unknown>[] =>
  [...realm.objects(model)]
    .map((o) => JSON.parse(JSON.stringify(Object.fromEntries(Object.keys(CAR.properties).map((k) => [k, k === "tags" ? Object.fromEntries(Object.entries(o[k] as object).sort()) : (o[k] ?? null)])))) as Record<string, unknown>)
    .sort((a, b) => String(a._id).localeCompare(String(b._id)));
