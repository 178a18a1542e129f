// `database` option -> a SqlDatabase with the schema in place.
import type { SqlDatabase } from "./database.js";
import { openPGliteDatabase } from "./pglite-database.js";
import { openPostgresDatabase } from "./postgres-database.js";
import { SCHEMA_LOCK_ID, SQL_SCHEMA } from "./sql-schema.js";

/** A `postgres://` (or `postgresql://`) URL: PostgreSQL; anything else: a PGlite directory. */
export async function openDatabase(database: string): Promise<SqlDatabase> {
  const db = /^postgres(ql)?:\/\//i.test(database) ? await openPostgresDatabase(database) : await openPGliteDatabase(database);
  try {
    if (db.kind === "postgres") {
      // Several processes may start at once: CREATE ... IF NOT EXISTS races without the lock.
      await db.transaction(async (tx) => {
        await tx.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK_ID]);
        await tx.query(SQL_SCHEMA);
      });
    } else await db.exec(SQL_SCHEMA);
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
  return db;
}
