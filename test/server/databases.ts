// Runs a block on every database the server supports: an in-memory PGlite always, and a real
// PostgreSQL server when RFR_TEST_POSTGRES_URL is set (CI: .ci/start-postgres). Each server on
// PostgreSQL gets a database of its own (test files run in parallel), dropped when it closes.
import { afterAll, beforeAll, describe } from "vitest";
import type { SyncServer, SyncServerOptions } from "../../src/server/index.js";
import { POSTGRES_URL, startServer, tokenFor } from "./helpers.js";

export interface DatabaseUnderTest {
  readonly name: "PGlite" | "PostgreSQL";
  /** A fresh, empty database: a `database` option for `createSyncServer`. */
  fresh(): Promise<string>;
  /** Drops the databases made by `fresh` (after their servers closed). */
  cleanup(): Promise<void>;
}

let counter = 0;

/** A fresh database on the PostgreSQL server at `base`, and the function that drops it. */
export async function freshPostgresDatabase(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import("pg");
  const name = `rfr_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

function pglite(): DatabaseUnderTest {
  return { name: "PGlite", fresh: async () => "memory://", cleanup: async () => {} };
}

function postgres(base: string): DatabaseUnderTest {
  const drops: (() => Promise<void>)[] = [];
  return {
    name: "PostgreSQL",
    async fresh() {
      const made = await freshPostgresDatabase(base);
      drops.push(made.drop);
      return made.url;
    },
    async cleanup() {
      for (const drop of drops.splice(0)) await drop();
    },
  };
}

/** Declares `body` once per database (`title [PGlite]`, `title [PostgreSQL]`); the PostgreSQL one skips without a URL. */
export function describeDatabases(title: string, body: (db: DatabaseUnderTest) => void): void {
  describe(`${title} [PGlite]`, () => body(pglite()));
  describe.skipIf(POSTGRES_URL === undefined)(`${title} [PostgreSQL]`, () => {
    if (POSTGRES_URL !== undefined) body(postgres(POSTGRES_URL));
  });
}

/** What `useServer` holds for the enclosing block: the server, alice's token, and its address when listening. */
export interface ServerFixture {
  readonly server: SyncServer;
  readonly alice: string;
  /** The server's base URL (`listen: true` only). */
  readonly url: string;
}

/**
 * A server on a fresh database of `db` for the enclosing block, and alice's token; closed after it.
 * `listen: true` also listens on loopback (for clients that speak HTTP, not `inject`).
 */
export function useServer(db: DatabaseUnderTest, options: Partial<SyncServerOptions> = {}, { listen = false }: { listen?: boolean } = {}): ServerFixture {
  const fixture = {} as { server: SyncServer; alice: string; url: string };
  beforeAll(async () => {
    fixture.server = await startServer({ ...options, database: await db.fresh() });
    if (listen) fixture.url = await fixture.server.listen();
    fixture.alice = await tokenFor("alice");
  }, 120_000);
  afterAll(async () => {
    await fixture.server.close();
    await db.cleanup();
  }, 60_000);
  return fixture;
}
