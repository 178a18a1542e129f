// `realm-field-recovery serve`: runs the self-hosted sync server until SIGINT / SIGTERM.
// A command of the registry (src/cli/commands.ts); the schema and rules come from files.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseOptions } from "./args.js";
import { CliError, EXIT, usageError } from "./cli-errors.js";
import { defineCommand } from "./command.js";
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

/** `serve`'s typed form: option values as given (checked when it runs). */
export interface ServeCommand {
  readonly command: "serve";
  readonly schema?: string;
  readonly config?: string;
  readonly rules?: string;
  readonly database?: string;
  readonly secret?: string;
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly host?: string;
  readonly port?: string;
  readonly retention?: string;
  readonly log: boolean;
}

export interface ServeHandle {
  /** Called with the URL once listening (tests). */
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

const STRING_OPTIONS = ["schema", "config", "rules", "database", "secret", "jwks-url", "issuer", "audience", "host", "port", "retention"] as const;

/** `serve` in the commands registry (src/cli/commands.ts): options checked like every command's. */
export const serve = defineCommand<ServeCommand>({
  name: "serve",
  usage: SERVE_USAGE,
  options: { ...Object.fromEntries(STRING_OPTIONS.map((name) => [name, { type: "string" } as const])), log: { type: "boolean" } },
  build({ values, positionals }) {
    if (positionals.length > 0) throw usageError(`serve takes no positional argument, got ${positionals.join(" ")}`, "run `realm-field-recovery serve --help`");
    const text = (name: (typeof STRING_OPTIONS)[number]): string | undefined => values[name] as string | undefined;
    const command: Record<string, unknown> = { command: "serve", log: values.log === true };
    for (const name of STRING_OPTIONS) {
      const value = text(name);
      if (value !== undefined) command[name === "jwks-url" ? "jwksUrl" : name] = value;
    }
    return command as unknown as ServeCommand;
  },
  run: (command, io, context) => runServe(command, io, context.signal === undefined ? {} : { signal: context.signal }),
});

/** Runs `serve` from its arguments (without `serve`); resolves with the exit code once the server has closed. */
export async function serveCommand(argv: readonly string[], io: CliIo, handle: ServeHandle = {}): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    for (const line of SERVE_USAGE.split("\n")) io.out(line);
    return EXIT.OK;
  }
  return runServe(serve.build(parseOptions("serve", serve.options, argv)), io, handle);
}

async function runServe(command: ServeCommand, io: CliIo, handle: ServeHandle): Promise<number> {
  const values = { ...command, "jwks-url": command.jwksUrl };
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
