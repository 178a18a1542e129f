// Benchmark: the self-hosted sync server on loopback. Push and pull throughput and p50/p99
// latency for 1, 10 and 100 concurrent devices, and the time to converge after a partition, on
// PGlite (a directory on disk) and, when BENCH_POSTGRES_URL (or RFR_TEST_POSTGRES_URL) is set,
// on PostgreSQL. Baselines measured in the same run: a bare HTTP round trip (GET /v1/health) and
// the SQL floor of a push (one transaction writing the same row through the same database).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { SignJWT } from "jose";
import WebSocket from "ws";
import { HybridClock, memoryStateStorage } from "../src/clock/index.js";
import { collectUnsyncedChanges } from "../src/recovery/collect-unsynced-changes.js";
import type { Changeset } from "../src/recovery/changeset.js";
import { trackFields } from "../src/schema/track-fields.js";
import { createSyncServer } from "../src/server/index.js";
import type { SyncServer } from "../src/server/index.js";
import type { SqlClient, SqlDatabase } from "../src/server/storage/database.js";
import { createSyncClient } from "../src/sync-client/index.js";
import type { SyncClient } from "../src/sync-client/index.js";
import { openMemoryRealm } from "../src/testing/index.js";
import { trackedWrite } from "../src/tracking/index.js";
import { benchArgs, printHeading } from "./support/args.js";
import { printTable } from "./support/measure.js";
import { writeResults } from "./support/results.js";

const { quick } = benchArgs();
const DEVICES = [1, 10, 100];
/** Pushes each device makes per round (sequentially; devices run concurrently). */
const PUSHES = quick ? 10 : 40;
const PARTITION_DEVICES = quick ? 4 : 10;
const PARTITION_EDITS = quick ? 20 : 100;
const SECRET = "bench-secret-of-at-least-thirty-two-bytes!";
const Car = { name: "Car", primaryKey: "_id", properties: { _id: "string", ownerId: "string", make: "string", model: "string?", miles: "int?" } } as const;
const SCHEMA = trackFields([Car]);
const ALL = [{ objectType: "Car", queryString: "TRUEPREDICATE" }];

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** A changeset creating one car, as a device's push would carry it. */
function oneCarChangeset(clock: HybridClock, id: string): Changeset {
  const realm = openMemoryRealm({ schema: SCHEMA });
  trackedWrite(realm, (tx) => tx.create("Car", { _id: id, ownerId: "bench", make: "Make", model: "Model", miles: 1 }), { clock });
  const changeset = collectUnsyncedChanges(realm, null);
  realm.close();
  return changeset;
}

async function post(url: string, path: string, token: string, body: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return performance.now() - started;
}

/** Statements and SQL time of the server's transactions (BEGIN and COMMIT counted, as the database runs them). */
interface SqlStats {
  transactions: number;
  statements: number;
  /** Time inside transactions, BEGIN to COMMIT. */
  transactionMs: number;
  /** Per statement kind (its first words): count and time. */
  readonly kinds: Map<string, { count: number; ms: number }>;
}

/** Counts and times every statement the server runs in a transaction (pushes, pulls, compaction). */
function instrument(db: SqlDatabase): { stats: SqlStats; reset(): void } {
  const stats: SqlStats = { transactions: 0, statements: 0, transactionMs: 0, kinds: new Map() };
  const original = db.transaction.bind(db);
  const count = (kind: string, elapsed: number): void => {
    const entry = stats.kinds.get(kind) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += elapsed;
    stats.kinds.set(kind, entry);
    stats.statements++;
  };
  (db as { transaction: SqlDatabase["transaction"] }).transaction = async (body) => {
    const started = performance.now();
    try {
      return await original((tx) => {
        const counted: SqlClient = {
          async query(sql, params) {
            const t = performance.now();
            try {
              return await tx.query(sql, params);
            } finally {
              count(sql.replace(/\s+/g, " ").trim().split(" ").slice(0, 4).join(" "), performance.now() - t);
            }
          },
        };
        return body(counted);
      });
    } finally {
      stats.transactions++;
      stats.statements += 2; // BEGIN, COMMIT
      stats.transactionMs += performance.now() - started;
    }
  };
  return {
    stats,
    reset() {
      stats.transactions = 0;
      stats.statements = 0;
      stats.transactionMs = 0;
      stats.kinds.clear();
    },
  };
}

interface Round {
  readonly devices: number;
  readonly pushPerSecond: number;
  readonly pushP50: number;
  readonly pushP99: number;
  readonly pullPerSecond: number;
  readonly pullObjectsPerSecond: number;
  readonly pullP50: number;
  readonly pullP99: number;
  /** Push transactions and statements per push (BEGIN and COMMIT included), in the push phase. */
  readonly pushesPerTransaction: number;
  readonly statementsPerPush: number;
}

async function pushPullRound(server: SyncServer, sql: ReturnType<typeof instrument>, url: string, token: string, devices: number, round: number): Promise<Round> {
  const clocks = Array.from({ length: devices }, (_, d) => new HybridClock({ nodeId: `bench-${round}-${d}` }));
  const bodies = clocks.map((clock, d) => Array.from({ length: PUSHES }, (_, i) => ({ clientId: `c-${round}-${d}`, pushId: `p-${round}-${d}-${i}`, changeset: oneCarChangeset(clock, `car-${round}-${d}-${i}`), subscriptions: ALL })));
  const cursor = await server.head();
  // Each device opens its connection first (as a running app has): the timing is of pushes, not of TCP set-up.
  await Promise.all(clocks.map(async () => (await fetch(`${url}/v1/health`)).text()));
  const pushLatencies: number[] = [];
  sql.reset();
  let started = performance.now();
  await Promise.all(bodies.map(async (list) => {
    for (const body of list) pushLatencies.push(await post(url, "/v1/push", token, body));
  }));
  const pushSeconds = (performance.now() - started) / 1000;
  const { transactions, statements } = sql.stats;
  // Each device downloads what this round pushed (devices × PUSHES objects), in pages of 1000.
  const pullLatencies: number[] = [];
  let objects = 0;
  started = performance.now();
  await Promise.all(clocks.map(async () => {
    for (let at = cursor, more = true; more; ) {
      const t = performance.now();
      const response = await fetch(`${url}/v1/pull`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify({ cursor: at, subscriptions: ALL, limit: 1000 }) });
      const page = (await response.json()) as { cursor: number; more: boolean; objects: unknown[] };
      pullLatencies.push(performance.now() - t);
      objects += page.objects.length;
      at = page.cursor;
      more = page.more;
    }
  }));
  const pullSeconds = (performance.now() - started) / 1000;
  pushLatencies.sort((a, b) => a - b);
  pullLatencies.sort((a, b) => a - b);
  return {
    devices,
    pushPerSecond: (devices * PUSHES) / pushSeconds,
    pushP50: percentile(pushLatencies, 50),
    pushP99: percentile(pushLatencies, 99),
    pullPerSecond: pullLatencies.length / pullSeconds,
    pullObjectsPerSecond: objects / pullSeconds,
    pullP50: percentile(pullLatencies, 50),
    pullP99: percentile(pullLatencies, 99),
    pushesPerTransaction: (devices * PUSHES) / transactions,
    statementsPerPush: statements / (devices * PUSHES),
  };
}

/** Baselines, alternated with pushes of the same size: a bare round trip and the SQL floor of a push. */
async function baselines(server: SyncServer, url: string, token: string): Promise<{ health: number; sqlFloor: number; push: number }> {
  const health: number[] = [];
  const floor: number[] = [];
  const push: number[] = [];
  const clock = new HybridClock({ nodeId: "baseline" });
  for (let i = 0; i < (quick ? 30 : 100); i++) {
    let t = performance.now();
    await (await fetch(`${url}/v1/health`)).text();
    health.push(performance.now() - t);
    const changeset = oneCarChangeset(clock, `floor-${i}`);
    const change = changeset.objects[0]!;
    t = performance.now();
    await server.database.transaction(async (tx) => {
      await tx.query(`INSERT INTO rfr_objects (model, key, generation, "values", stamps, version) VALUES ($1, $2, 1, $3::jsonb, $4::jsonb, 0)`, ["Floor", change.key, JSON.stringify({}), JSON.stringify({})]);
    });
    floor.push(performance.now() - t);
    push.push(await post(url, "/v1/push", token, { clientId: "baseline", pushId: `baseline-${i}`, changeset: oneCarChangeset(clock, `baseline-${i}`), subscriptions: ALL }));
  }
  await server.database.query(`DELETE FROM rfr_objects WHERE model = 'Floor'`);
  const median = (list: number[]): number => percentile([...list].sort((a, b) => a - b), 50);
  return { health: median(health), sqlFloor: median(floor), push: median(push) };
}

/** Where a lone push's time goes: statements, their time by kind, the rest (HTTP, JSON, merge). */
async function pushProfile(sql: ReturnType<typeof instrument>, url: string, token: string): Promise<{ pushes: number; pushMs: number; transactionMs: number; statementsPerPush: number; statements: { kind: string; perPush: number; msPerPush: number }[] }> {
  const clock = new HybridClock({ nodeId: "profile" });
  const count = quick ? 30 : 100;
  const bodies = Array.from({ length: count }, (_, i) => ({ clientId: "profile", pushId: `profile-${i}`, changeset: oneCarChangeset(clock, `profile-${i}`), subscriptions: ALL }));
  sql.reset();
  let pushMs = 0;
  for (const body of bodies) pushMs += await post(url, "/v1/push", token, body);
  const { stats } = sql;
  return {
    pushes: count,
    pushMs: pushMs / count,
    transactionMs: stats.transactionMs / count,
    statementsPerPush: stats.statements / count,
    statements: [...stats.kinds].map(([kind, entry]) => ({ kind, perPush: entry.count / count, msPerPush: entry.ms / count })).sort((a, b) => b.msPerPush - a.msPerPush),
  };
}

/** Two halves of the devices edit while partitioned (offline), then reconnect: time until all are equal. */
async function partition(url: string, token: string): Promise<{ devices: number; edits: number; convergeMs: number }> {
  const devices = Array.from({ length: PARTITION_DEVICES }, (_, d) => ({ realm: openMemoryRealm({ schema: SCHEMA }), clock: new HybridClock({ nodeId: `part-${d}` }), storage: memoryStateStorage(), client: undefined as SyncClient | undefined }));
  const connect = (device: (typeof devices)[number]): void => {
    device.client = createSyncClient(device.realm, { url, token, subscriptions: ALL, storage: device.storage, clock: device.clock, WebSocket: WebSocket as never, pollMs: 0 });
  };
  devices.forEach(connect);
  trackedWrite(devices[0]!.realm, (tx) => {
    for (let i = 0; i < 20; i++) tx.create("Car", { _id: `part-${i}`, ownerId: "bench", make: "Make", model: null, miles: 0 });
  }, { clock: devices[0]!.clock });
  await devices[0]!.client!.waitForUpload();
  for (const device of devices) await device.client!.waitForDownload();
  for (const device of devices) await device.client!.close();
  // Partitioned: every device edits random fields of the shared cars.
  devices.forEach((device, d) => {
    for (let e = 0; e < PARTITION_EDITS; e++) {
      const car = device.realm.objectForPrimaryKey("Car", `part-${(d * 7 + e) % 20}`)!;
      trackedWrite(device.realm, (tx) => tx.assign(car, e % 2 === 0 ? { miles: d * 1000 + e } : { model: `d${d}-${e}` }), { clock: device.clock });
    }
  });
  const started = performance.now();
  devices.forEach(connect);
  const fingerprint = (device: (typeof devices)[number]): string => JSON.stringify([...device.realm.objects("Car")].map((c) => [c._id, c.miles, c.model]).sort());
  for (;;) {
    await Promise.all(devices.map((d) => d.client!.waitForUpload()));
    await Promise.all(devices.map((d) => d.client!.waitForDownload()));
    if (new Set(devices.map(fingerprint)).size === 1) break;
  }
  const convergeMs = performance.now() - started;
  for (const device of devices) await device.client!.close();
  return { devices: PARTITION_DEVICES, edits: PARTITION_DEVICES * PARTITION_EDITS, convergeMs };
}

async function benchDatabase(label: string, database: string): Promise<unknown> {
  const server = await createSyncServer({ schema: [Car], auth: { secret: SECRET }, database, rateLimit: false });
  const sql = instrument(server.database);
  const url = await server.listen();
  const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("bench").sign(new TextEncoder().encode(SECRET));
  try {
    printHeading(`sync server on ${label}`, `server: ${label}; devices: HTTP clients on loopback (partition: in-memory store realms)`);
    const base = await baselines(server, url, token);
    console.log(`baselines (median): GET /v1/health ${ms(base.health)}, SQL floor of a push ${ms(base.sqlFloor)}, push ${ms(base.push)} = ${(base.push / base.sqlFloor).toFixed(1)}x the SQL floor, ${(base.push / base.health).toFixed(1)}x a bare round trip`);
    const profile = await pushProfile(sql, url, token);
    console.log(`one push at a time: ${ms(profile.pushMs)} per push over HTTP, ${ms(profile.transactionMs)} of it in its transaction, ${profile.statementsPerPush.toFixed(1)} statements (BEGIN and COMMIT included):`);
    for (const entry of profile.statements) console.log(`  ${entry.perPush.toFixed(1)} x ${entry.kind} … ${ms(entry.msPerPush)}`);
    const rounds: Round[] = [];
    for (const [i, devices] of DEVICES.entries()) rounds.push(await pushPullRound(server, sql, url, token, devices, i));
    printTable([
      ["devices", "push/s", "push p50", "push p99", "pushes/tx", "stmts/push", "pull/s", "objects/s", "pull p50", "pull p99"],
      ...rounds.map((r) => [String(r.devices), r.pushPerSecond.toFixed(0), ms(r.pushP50), ms(r.pushP99), r.pushesPerTransaction.toFixed(1), r.statementsPerPush.toFixed(1), r.pullPerSecond.toFixed(0), r.pullObjectsPerSecond.toFixed(0), ms(r.pullP50), ms(r.pullP99)]),
    ]);
    const converge = await partition(url, token);
    console.log(`partition: ${converge.devices} devices, ${converge.edits} offline edits, converged in ${converge.convergeMs.toFixed(0)} ms after reconnecting`);
    return { label, baselines: base, pushProfile: profile, rounds, partition: converge };
  } finally {
    await server.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), "rfr-bench-sync-"));
const results: unknown[] = [];
try {
  results.push(await benchDatabase("PGlite (on disk)", join(dir, "pglite")));
  const postgres = process.env.BENCH_POSTGRES_URL ?? process.env.RFR_TEST_POSTGRES_URL;
  if (postgres !== undefined) {
    // A database of its own, dropped afterwards.
    const { default: pg } = await import("pg");
    const name = `rfr_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: postgres });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(postgres);
    url.pathname = `/${name}`;
    try {
      results.push(await benchDatabase("PostgreSQL", url.toString()));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  else console.log("\nPostgreSQL: skipped (set BENCH_POSTGRES_URL, e.g. from .ci/start-postgres)");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nwrote ${writeResults("sync-server", "sync server on loopback (PGlite on disk / PostgreSQL); see each entry's label", { quick, pushesPerDevice: PUSHES, results })}`);
