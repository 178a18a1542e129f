// The small SQL interface the sync store runs on; PGlite and node-postgres implement it.

/** Runs one statement. Parameters are `$1`, `$2`…; pass JSON as a string and cast it (`$1::jsonb`). */
export interface SqlClient {
  /** Runs `sql` with its parameters; resolves to the rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
}

/** A database: statements, transactions, LISTEN/NOTIFY. */
export interface SqlDatabase extends SqlClient {
  readonly kind: "pglite" | "postgres";
  /** Where it is: the PGlite directory, or the URL without its password. */
  readonly location: string;
  /** Runs `body` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(body: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Runs several statements (the schema). */
  exec(sql: string): Promise<void>;
  /** Calls `onNotify` for every NOTIFY on `channel`; resolves to the function that stops listening. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Closes the database (PGlite) or the pool (PostgreSQL). */
  close(): Promise<void>;
}
