// A real PostgreSQL server through node-postgres: a pool for statements and transactions, and one
// dedicated connection for LISTEN (several server processes share the database).
import { createHash } from "node:crypto";
import { SyncServerError } from "../server-errors.js";
import type { SqlClient, SqlDatabase } from "./database.js";
import { importOptional } from "./import-optional.js";

interface PoolClientLike {
  query<Row = Record<string, unknown>>(sql: string | { name: string; text: string; values: readonly unknown[] }, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  release(error?: Error): void;
  on(event: "notification", listener: (message: { channel: string; payload?: string }) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
}
interface PoolLike extends SqlClient {
  connect(): Promise<PoolClientLike>;
  end(): Promise<void>;
  on(event: "error", listener: (error: Error) => void): void;
}

/** Statement names by SQL text: parsed and planned once per connection, not at every push. */
const names = new Map<string, string>();
const nameOf = (sql: string): string => {
  let name = names.get(sql);
  if (name === undefined) names.set(sql, (name = `rfr_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`));
  return name;
};

/** The statements of a transaction, prepared (named) when they take parameters. */
const prepared = (client: PoolClientLike): SqlClient => ({
  query: (sql, params) => (params === undefined || params.length === 0 ? client.query(sql) : client.query({ name: nameOf(sql), text: sql, values: params })),
});

/** How long `close` waits for the pool's connections to end. */
const CLOSE_TIMEOUT_MS = 5_000;

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://(unparsable url)";
  }
}

/** Connects to the PostgreSQL server at `url` (`postgres://user:pass@host:5432/db`). */
export async function openPostgresDatabase(url: string, options: { readonly poolSize?: number } = {}): Promise<SqlDatabase> {
  const pg = await importOptional<{ default?: { Pool: new (config: object) => PoolLike }; Pool?: new (config: object) => PoolLike }>("pg", "a postgres:// database");
  const Pool = (pg.default ?? pg).Pool as new (config: object) => PoolLike;
  const pool = new Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on("error", () => {}); // an idle client's error: the next query reconnects
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw new SyncServerError("DATABASE_FAILED", `Cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`, {}, { cause: error });
  }
  const listeners: PoolClientLike[] = [];
  return {
    kind: "postgres",
    location: redactUrl(url),
    query: (sql, params) => pool.query(sql, params),
    async transaction(body) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await body(prepared(client));
        await client.query("COMMIT");
        client.release();
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        client.release(error as Error);
        throw error;
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async listen(channel, onNotify) {
      const client = await pool.connect();
      listeners.push(client);
      client.on("error", () => {});
      client.on("notification", (message) => {
        if (message.channel === channel) onNotify(message.payload ?? "");
      });
      await client.query(`LISTEN ${channel}`);
      return async () => {
        const index = listeners.indexOf(client);
        if (index < 0) return;
        listeners.splice(index, 1);
        await client.query(`UNLISTEN ${channel}`).catch(() => {});
        client.release();
      };
    },
    async close() {
      for (const client of listeners.splice(0)) client.release();
      // Bounded: a connection stuck in the network must not keep the process from stopping.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([pool.end(), new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)))]);
      clearTimeout(timer);
    },
  };
}
