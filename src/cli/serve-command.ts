// `realm-field-recovery serve`: runs the self-hosted sync server until SIGINT / SIGTERM.
// Options parsed with node's util.parseArgs (no dependency); the schema and rules come from files.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { CliError, EXIT, usageError } from "./cli-errors.js";
import type { CliIo } from "./io.js";

export const SERVE_USAGE = `realm-field-recovery serve --schema <schema.json> [options]

Runs the self-hosted sync server (docs/self-hosted-sync.md).

  --schema <file>      the app's Realm schema: a JSON array of object schemas
  --config <file>      a .js/.mjs/.json file exporting server options (schema, rules, policies, auth…)
  --rules <file>       roles in the Flutter seed's format (JSON)
  --database <dir|url> a PGlite directory, or a postgres:// URL   [default: $DATABASE_URL or ./realm-sync-data]
  --secret <text>      HS256 secret of the bearer tokens           [default: $RFR_JWT_SECRET]
  --jwks-url <url>     verify tokens with the keys at this JWKS URL instead
  --issuer <iss>       required token issuer
  --audience <aud>     required token audience
  --host <host>        [default: 127.0.0.1; 0.0.0.0 listens on every interface]
  --port <port>        [default: $PORT or 8080]
  --retention <ms>     compact the log every hour, keeping this much history
  --log                log every request (JSON lines)`;

interface ServeHandle {
  /** Resolves with the URL once listening (tests). */
  readonly onListening?: (url: string) => void;
  /** Stops the server (tests); SIGINT / SIGTERM do the same. */
  readonly signal?: AbortSignal;
}

async function readOptionsFile(path: string): Promise<Record<string, unknown>> {
  const absolute = resolve(path);
  try {
    if (/\.json$/i.test(absolute)) return JSON.parse(readFileSync(absolute, "utf8")) as Record<string, unknown>;
    const loaded = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
    return (loaded.default ?? loaded) as Record<string, unknown>;
  } catch (error) {
    throw new CliError("UNREADABLE_JSON", `Cannot read ${path}: ${(error as Error).message}`, "pass a readable .json, .js or .mjs file", EXIT.INPUT, { cause: error });
  }
}

/** Runs `serve`; resolves with the exit code once the server has closed. */
export async function serveCommand(argv: readonly string[], io: CliIo, handle: ServeHandle = {}): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        schema: { type: "string" },
        config: { type: "string" },
        rules: { type: "string" },
        database: { type: "string" },
        secret: { type: "string" },
        "jwks-url": { type: "string" },
        issuer: { type: "string" },
        audience: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        retention: { type: "string" },
        log: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw usageError(`serve: ${(error as Error).message}`, "run `realm-field-recovery serve --help`");
  }
  if (values.help === true) {
    for (const line of SERVE_USAGE.split("\n")) io.out(line);
    return EXIT.OK;
  }
  const config = typeof values.config === "string" ? await readOptionsFile(values.config) : {};
  const schema = typeof values.schema === "string" ? await readOptionsFile(values.schema) : config.schema;
  if (!Array.isArray(schema)) throw usageError("serve needs the app's schema: --schema schema.json (a JSON array of object schemas) or a --config file with `schema`", "run `realm-field-recovery serve --help`");
  const rules = typeof values.rules === "string" ? await readOptionsFile(values.rules) : config.rules;
  const secret = (values.secret as string | undefined) ?? process.env.RFR_JWT_SECRET;
  const jwksUrl = values["jwks-url"] as string | undefined;
  const claims = { ...(values.issuer === undefined ? {} : { issuer: values.issuer as string }), ...(values.audience === undefined ? {} : { audience: values.audience as string }) };
  const auth = jwksUrl !== undefined ? { jwksUrl, ...claims } : secret !== undefined ? { secret, ...claims } : config.auth;
  if (auth === undefined) throw usageError("serve needs a way to verify tokens: --secret (or $RFR_JWT_SECRET) for HS256, or --jwks-url", "run `realm-field-recovery serve --help`");
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`serve: --port must be 0–65535, got ${String(values.port)}`);
  const retentionMs = values.retention === undefined ? undefined : Number(values.retention);
  if (retentionMs !== undefined && !(retentionMs >= 0)) throw usageError(`serve: --retention takes milliseconds of history to keep, got ${String(values.retention)}`);
  const database = (values.database as string | undefined) ?? process.env.DATABASE_URL ?? (config.database as string | undefined) ?? "./realm-sync-data";

  const { createSyncServer } = await import("../server/index.js");
  const server = await createSyncServer({
    ...(config as object),
    schema,
    auth,
    database,
    ...(rules === undefined ? {} : { rules }),
    ...(retentionMs === undefined ? {} : { compaction: { retentionMs, everyMs: 3_600_000 } }),
    logger: values.log === true,
  } as unknown as Parameters<typeof createSyncServer>[0]);
  const url = await server.listen({ host: (values.host as string | undefined) ?? "127.0.0.1", port });
  io.out(`realm-field-recovery sync server listening on ${url} (${server.database.kind}: ${server.database.location})`);
  handle.onListening?.(url);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    handle.signal?.addEventListener("abort", stop, { once: true });
  });
  await server.close();
  io.out("realm-field-recovery sync server stopped");
  return EXIT.OK;
}
