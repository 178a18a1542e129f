// The ONE SQL schema of the sync server, the same on PGlite and on PostgreSQL
// (docs/self-hosted-sync.md, "Storage"). Idempotent: run at every start.

/** Version of the tables below, kept in `rfr_meta` ("schema"). */
export const SQL_SCHEMA_VERSION = 1;

/** The NOTIFY channel on which every push announces its new version. */
export const CHANGES_CHANNEL = "rfr_changes";

/** Advisory lock taken while the schema is created. */
export const SCHEMA_LOCK_ID = 727_172_018;

/** The DDL of every table, run (idempotently) when a server starts. */
export const SQL_SCHEMA = `
CREATE TABLE IF NOT EXISTS rfr_meta (
  name text PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO rfr_meta (name, value) VALUES ('schema', ${SQL_SCHEMA_VERSION}), ('head', 0), ('oldest_cursor', 0) ON CONFLICT (name) DO NOTHING;

-- State per object: encoded top-level values and the stamp of every field (the fieldTimestamps dictionary).
CREATE TABLE IF NOT EXISTS rfr_objects (
  model text NOT NULL,
  key text NOT NULL,
  generation integer NOT NULL,
  "values" jsonb NOT NULL,
  stamps jsonb NOT NULL,
  version bigint NOT NULL,
  PRIMARY KEY (model, key)
);
CREATE INDEX IF NOT EXISTS rfr_objects_version ON rfr_objects (version);

-- Deletes, with the values the object had (so read rules can be checked on them).
CREATE TABLE IF NOT EXISTS rfr_tombstones (
  model text NOT NULL,
  key text NOT NULL,
  stamp text NOT NULL,
  generation integer NOT NULL,
  "values" jsonb,
  version bigint NOT NULL,
  PRIMARY KEY (model, key)
);
CREATE INDEX IF NOT EXISTS rfr_tombstones_version ON rfr_tombstones (version);

-- The server version log: one row per push that wrote something.
CREATE TABLE IF NOT EXISTS rfr_versions (
  version bigint PRIMARY KEY,
  committed_at timestamptz NOT NULL DEFAULT now(),
  user_id text NOT NULL,
  client_id text NOT NULL,
  push_id text NOT NULL,
  operations integer NOT NULL
);

-- Answered pushes, so a replayed push returns its first answer and writes nothing.
CREATE TABLE IF NOT EXISTS rfr_pushes (
  user_id text NOT NULL,
  client_id text NOT NULL,
  push_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  response jsonb NOT NULL,
  PRIMARY KEY (user_id, client_id, push_id)
);
CREATE INDEX IF NOT EXISTS rfr_pushes_received ON rfr_pushes (received_at);
`;
