// PGlite (PostgreSQL compiled to WebAssembly) in a directory on disk: the default store, no setup.
import { SyncServerError } from "../server-errors.js";
import type { SqlClient, SqlDatabase } from "./database.js";
import { importOptional } from "./import-optional.js";

interface PGliteLike extends SqlClient {
  transaction<T>(body: (tx: SqlClient) => Promise<T>): Promise<T>;
  exec(sql: string): Promise<unknown>;
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Opens (creating if needed) the PGlite database in `directory`; `"memory://"` keeps it in memory. */
export async function openPGliteDatabase(directory: string): Promise<SqlDatabase> {
  const { PGlite } = await importOptional<{ PGlite: { create(dataDir?: string): Promise<PGliteLike> } }>("@electric-sql/pglite", "the default PGlite store");
  let db: PGliteLike;
  try {
    db = await PGlite.create(directory === "memory://" ? undefined : directory);
  } catch (error) {
    throw new SyncServerError("DATABASE_FAILED", `Cannot open the PGlite database in ${JSON.stringify(directory)}: ${(error as Error).message}. Is another server process using this directory? PGlite serves one process; use PostgreSQL for several`, {}, { cause: error });
  }
  let closed = false;
  return {
    kind: "pglite",
    location: directory,
    query: (sql, params) => db.query(sql, params as unknown[]),
    transaction: (body) => db.transaction(body),
    exec: async (sql) => {
      await db.exec(sql);
    },
    async listen(channel, onNotify) {
      const stop = await db.listen(channel, onNotify);
      // Stopping after close is a no-op: the instance took its listeners with it.
      return async () => {
        if (!closed) await stop();
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}
