// createSyncServer: the self-hosted sync server. Fastify with one plugin per concern (auth, rules,
// push, pull, live), storage in PostgreSQL (PGlite on disk by default, or a postgres:// URL).
import type { FastifyInstance } from "fastify";
import { InvalidOptionError } from "../errors.js";
import type { MergePolicies } from "../policies/types.js";
import type { ObjectSchemaLike } from "../realm-like.js";
import { normalizeSchema } from "../schema/normalize.js";
import type { SchemaEntryInput } from "../schema/normalize.js";
import { trackFields } from "../schema/track-fields.js";
import type { TrackingOptions } from "../schema/tracking-options.js";
import { createTokenVerifier } from "./plugins/auth-plugin.js";
import type { SyncAuthOptions } from "./plugins/auth-plugin.js";
import authPlugin from "./plugins/auth-plugin.js";
import { errorHandler } from "./plugins/error-handler.js";
import livePlugin from "./plugins/live-plugin.js";
import pullPlugin from "./plugins/pull-plugin.js";
import pushPlugin from "./plugins/push-plugin.js";
import rulesPlugin from "./plugins/rules-plugin.js";
import { SYNC_PROTOCOL_VERSION } from "./protocol.js";
import { checkRules } from "./rules/access.js";
import { OPEN_RULES } from "./rules/sync-rules.js";
import type { SyncRules } from "./rules/sync-rules.js";
import type { SqlDatabase } from "./storage/database.js";
import { importOptional } from "./storage/import-optional.js";
import { openDatabase } from "./storage/open-database.js";
import { compactLog } from "./sync/compact.js";
import type { CompactionResult } from "./sync/compact.js";
import type { MergeSettings } from "./sync/merge-settings.js";

/** Options of `createSyncServer`. */
export interface SyncServerOptions {
  /** The app's schema (as passed to `trackFields`, before or after it): the devices must open the same. */
  readonly schema: readonly SchemaEntryInput[];
  /** How tokens are verified. */
  readonly auth: SyncAuthOptions;
  /**
   * A PGlite directory (created if missing), `"memory://"`, or a `postgres://` URL.
   * @default "./realm-sync-data"
   */
  readonly database?: string;
  /** Roles in the Flutter seed's format. @default every signed-in user reads and writes everything (a warning is logged) */
  readonly rules?: SyncRules;
  /** Merge policies: the devices must use the same. @default last writer wins, deletes win */
  readonly policies?: MergePolicies;
  /** The names `trackFields` uses. */
  readonly tracking?: TrackingOptions;
  /** How far in the future (ms) a pushed stamp may lie before its field is refused. @default 300_000 */
  readonly maxDrift?: number;
  /** Largest request body in bytes. @default 1_048_576 */
  readonly bodyLimit?: number;
  /** Requests per user (or address, before sign-in) per window. `false` turns it off. @default { max: 600, timeWindow: 60_000 } */
  readonly rateLimit?: { readonly max: number; readonly timeWindow: number } | false;
  /** Automatic log compaction. @default none (call `compact`) */
  readonly compaction?: { readonly retentionMs: number; readonly everyMs?: number };
  /** Fastify's logger option. @default false */
  readonly logger?: boolean | Record<string, unknown>;
  /** Wall clock (tests). @default Date.now */
  readonly now?: () => number;
}

/** A running sync server. */
export interface SyncServer {
  readonly app: FastifyInstance;
  readonly database: SqlDatabase;
  /** The tracked schema the server merges with. */
  readonly schema: readonly ObjectSchemaLike[];
  /** Starts listening; resolves to the base URL (e.g. `http://127.0.0.1:8080`). @default { host: "127.0.0.1", port: 0 } */
  listen(options?: { readonly host?: string; readonly port?: number }): Promise<string>;
  /** The current server version. */
  head(): Promise<number>;
  /** Drops history older than `retentionMs` (default: the `compaction` option's). */
  compact(options?: { readonly retentionMs?: number }): Promise<CompactionResult>;
  /** Stops accepting requests, closes sockets, waits for requests in flight, closes the database. */
  close(): Promise<void>;
}

/** The tracked schema of `schema` (idempotent for an already tracked one). */
export function trackedServerSchema(schema: readonly SchemaEntryInput[], tracking?: TrackingOptions): ObjectSchemaLike[] {
  if (!Array.isArray(schema) || schema.length === 0) throw new InvalidOptionError("createSyncServer needs the app's schema: the same array of models the devices open (before or after trackFields)");
  return normalizeSchema(trackFields(schema, tracking)) as ObjectSchemaLike[];
}

/** Creates the server (opening the database and creating its tables); call `listen` to serve. */
export async function createSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const schema = trackedServerSchema(options.schema, options.tracking);
  const rules = checkRules(options.rules ?? OPEN_RULES, schema);
  const verify = await createTokenVerifier(options.auth);
  const { default: Fastify } = await importOptional<typeof import("fastify")>("fastify", "the HTTP server");
  const rateLimitModule = options.rateLimit === false ? undefined : await importOptional<typeof import("@fastify/rate-limit")>("@fastify/rate-limit", "rate limits");
  const now = options.now ?? Date.now;
  const settings: MergeSettings = {
    schema,
    schemaByName: new Map(schema.map((model) => [model.name, model])),
    now,
    ...(options.policies === undefined ? {} : { policies: options.policies }),
    ...(options.tracking === undefined ? {} : { tracking: options.tracking }),
    ...(options.maxDrift === undefined ? {} : { maxDrift: options.maxDrift }),
  };
  const database = await openDatabase(options.database ?? "./realm-sync-data");
  const head = async (): Promise<number> => Number((await database.query<{ value: string }>(`SELECT value FROM rfr_meta WHERE name = 'head'`)).rows[0]?.value ?? 0);
  const compact = (retentionMs: number): Promise<CompactionResult> => compactLog(database, retentionMs, now());

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // Reject what the schemas do not describe instead of silently dropping or coercing it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    forceCloseConnections: "idle",
  });
  if (options.rules === undefined) app.log.warn("realm-field-recovery server: no rules given, every signed-in user may read and write every object");
  app.setErrorHandler(errorHandler);
  let timer: NodeJS.Timeout | undefined;
  app.addHook("onClose", async () => {
    if (timer !== undefined) clearInterval(timer);
  });
  try {
    await app.register(authPlugin, { verify });
    if (rateLimitModule !== undefined) {
      const limit = options.rateLimit === false ? undefined : (options.rateLimit ?? { max: 600, timeWindow: 60_000 });
      await app.register(rateLimitModule.default, {
        max: limit?.max ?? 600,
        timeWindow: limit?.timeWindow ?? 60_000,
        hook: "preHandler", // after auth: the limit is per user
        keyGenerator: (request) => (request.syncUser === null || request.syncUser === undefined ? `ip:${request.ip}` : `user:${request.syncUser.id}`),
        errorResponseBuilder: (_request, context) => ({ statusCode: 429, code: "RATE_LIMITED", message: `Too many requests: at most ${context.max} per ${context.after}; retry later` }),
      });
    }
    await app.register(rulesPlugin, { rules, schema: settings.schemaByName });
    app.get("/v1/health", { config: { public: true } }, async () => ({ ok: true, protocol: SYNC_PROTOCOL_VERSION, version: await head(), database: database.kind }));
    await app.register(
      async (v1) => {
        await v1.register(pushPlugin, { db: database, settings });
        await v1.register(pullPlugin, { db: database, settings });
        await v1.register(livePlugin, { db: database, head });
      },
      { prefix: "/v1" },
    );
    app.addHook("onClose", async () => {
      await database.close();
    });
    await app.ready();
  } catch (error) {
    await app.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
  if (options.compaction?.everyMs !== undefined) {
    const { retentionMs, everyMs } = options.compaction;
    timer = setInterval(() => void compact(retentionMs).catch((error) => app.log.error({ err: error }, "compaction failed")), everyMs);
    timer.unref();
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    database,
    schema,
    async listen(listenOptions = {}) {
      const address = await app.listen({ host: listenOptions.host ?? "127.0.0.1", port: listenOptions.port ?? 0 });
      return address.replace("[::1]", "127.0.0.1");
    },
    head,
    compact(compactOptions = {}) {
      const retentionMs = compactOptions.retentionMs ?? options.compaction?.retentionMs;
      if (retentionMs === undefined || !(retentionMs >= 0)) throw new InvalidOptionError("compact needs retentionMs (ms of history to keep), as an option or from the compaction option");
      return compact(retentionMs);
    },
    close: () => (closing ??= app.close()),
  };
}
