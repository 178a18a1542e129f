// createSyncClient: syncs a tracked realm with `realm-field-recovery/server`. Pushes tracked
// changes since the race-free checkpoint, pulls and merges per field, applies compensating
// writes, recovers field by field on a reset order, reconnects with backoff.
import { onCompensatingWrite } from "../adapters/compensating-writes.js";
import type { RefusedEdit } from "../adapters/compensating-writes.js";
import type { CompensatingWriteErrorLike } from "../adapters/sync-sdk-types.js";
import { captureSyncPoint } from "../checkpoint/capture-sync-point.js";
import { SyncCheckpoint } from "../checkpoint/sync-checkpoint.js";
import { getDefaultClock } from "../clock/default-clock.js";
import { stampMillis } from "../clock/index.js";
import type { HybridClock } from "../clock/hybrid-clock.js";
import type { LocalStateStorage } from "../clock/state-storage.js";
import { InvalidOptionError } from "../errors.js";
import type { MergePolicies } from "../policies/types.js";
import { applyChanges } from "../recovery/apply-changes.js";
import { parseChangeset } from "../recovery/changeset.js";
import type { Changeset } from "../recovery/changeset.js";
import { collectUnsyncedChanges } from "../recovery/collect-unsynced-changes.js";
import type { RecoveryReport } from "../recovery/report.js";
import type { RealmLike } from "../realm-like.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { TrackingOptions } from "../schema/tracking-options.js";
import type { PullChanges, PushResponse, ServerObject, ServerTombstone, SubscriptionQuery } from "../server/protocol.js";
import { applyCompensatingWrite, applyPulled, applySnapshot } from "./apply-server-changes.js";
import { goneFromServer, withSkipped } from "./gone-from-server.js";
import { backoffDelay } from "./backoff.js";
import type { BackoffOptions } from "./backoff.js";
import { SyncClientError } from "./client-errors.js";
import { openLiveConnection } from "./live-connection.js";
import type { WebSocketConstructorLike } from "./live-connection.js";
import { clearModels } from "./local-writes.js";
import { INITIAL_STATE, StateStore } from "./sync-state.js";
import type { SyncState } from "./sync-state.js";
import { httpTransport } from "./transport.js";
import type { FetchLike, Transport } from "./transport.js";

/** Options of `createSyncClient`. */
export interface SyncClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** The bearer token (a JWT), or a function returning a current one (called per request). */
  readonly token: string | (() => string | Promise<string>);
  /** What the device syncs: objects matching none are neither downloaded nor accepted from it. */
  readonly subscriptions: readonly SubscriptionQuery[];
  /**
   * Device-local storage outside the synced realm (checkpoint, cursor, client id, reset backup):
   * `fileStateStorage(path)`, `realmStateStorage(localRealm)` or your own.
   */
  readonly storage: LocalStateStorage;
  /** The clock `trackedWrite` stamps with. @default getDefaultClock() */
  readonly clock?: HybridClock;
  /** The options the schema was given to `trackFields` with. */
  readonly tracking?: TrackingOptions;
  /** Policies for re-applying unsynced edits on a reset (use the server's). */
  readonly policies?: MergePolicies;
  /** A WebSocket constructor for live notifications. @default globalThis.WebSocket (none: polling only) */
  readonly WebSocket?: WebSocketConstructorLike | false;
  /** @default globalThis.fetch */
  readonly fetch?: FetchLike;
  /** Pull at least this often (ms); 0 turns polling off. @default 30_000 */
  readonly pollMs?: number;
  /** Wait this long after a local change before pushing (ms), to batch writes. @default 20 */
  readonly uploadDelayMs?: number;
  /** Retry delays after failures. @default { initialMs: 500, maxMs: 30_000 } */
  readonly backoff?: BackoffOptions;
  /** @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** Most objects per pull page. @default 1000 */
  readonly pullLimit?: number;
  /** A write the server reverted (error 231), matched against the last reset's recovery report. */
  readonly onCompensatingWrite?: (error: CompensatingWriteErrorLike, refused: readonly RefusedEdit[]) => void;
  /** A reset finished: the report of the per-field recovery, and whether the backup was kept. */
  readonly onReset?: (outcome: SyncResetOutcome) => void;
  /** Any failure (also in `state.lastError`); the client retries with backoff. */
  readonly onError?: (error: Error) => void;
}

/** What a reset did. */
export interface SyncResetOutcome {
  /** Why the server ordered it (or "subscriptions changed"). */
  readonly reason: string;
  /** The per-field recovery of the device's unsynced edits onto the server's snapshot. */
  readonly report: RecoveryReport;
  /** The unsynced edits stay in `storage` under `backupKey` until a report is clean (nothing skipped). */
  readonly backupKept: boolean;
  readonly backupKey: string;
}

/** A running sync client. */
export interface SyncClient {
  readonly clientId: string;
  readonly state: SyncState;
  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: SyncState) => void): () => void;
  /** Resolves once every tracked change committed before the call is on the server. */
  waitForUpload(): Promise<void>;
  /** Resolves once the server's state at the time of the call is downloaded. */
  waitForDownload(): Promise<void>;
  /** Replaces the subscriptions: the device resets onto the new view (unsynced edits recovered). */
  setSubscriptions(subscriptions: readonly SubscriptionQuery[]): Promise<void>;
  /** Stops syncing (pending waits reject); the realm stays open. */
  close(): Promise<void>;
}

interface Waiter {
  readonly target: number;
  resolve(): void;
  reject(error: Error): void;
}

interface StoredBackup {
  readonly v: 1;
  readonly reason: string;
  readonly changesets: readonly Changeset[];
}

const KEY_PREFIX = "realm-field-recovery/sync/";

function randomId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/** Starts syncing `realm` (opened with a `trackFields` schema, written with `trackedWrite`). */
export function createSyncClient(realm: RealmLike, options: SyncClientOptions): SyncClient {
  if (typeof options?.url !== "string" || !/^https?:\/\//i.test(options.url)) throw new InvalidOptionError(`createSyncClient needs url: the server's http(s):// base URL, got ${JSON.stringify(options?.url)}`);
  if (!Array.isArray(options.subscriptions)) throw new InvalidOptionError("createSyncClient needs subscriptions: an array of { objectType, queryString } (Realm Query Language)");
  if (typeof options.storage?.get !== "function" || typeof options.storage.set !== "function") throw new InvalidOptionError("createSyncClient needs storage: a LocalStateStorage outside the synced realm, e.g. fileStateStorage(path)");
  if (typeof options.token !== "string" && typeof options.token !== "function") throw new InvalidOptionError("createSyncClient needs token: a JWT string or a function returning one");
  const fetchImpl = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (fetchImpl === undefined) throw new InvalidOptionError("createSyncClient needs fetch: none is global here, pass options.fetch");

  const { storage } = options;
  const clock = options.clock ?? getDefaultClock();
  const tracking = options.tracking;
  const resolved = resolveTrackingOptions(tracking);
  const realmPath = realm.path === "" ? "default" : realm.path;
  const prefix = `${KEY_PREFIX}${realmPath}/`;
  const keys = { clientId: `${prefix}client-id`, cursor: `${prefix}cursor`, view: `${prefix}subscriptions`, backup: `${prefix}reset-backup` };
  const checkpoint = new SyncCheckpoint({ realmPath, storage });
  const clientId = storage.get(keys.clientId) ?? randomId();
  storage.set(keys.clientId, clientId);
  const token = typeof options.token === "string" ? ((value: string) => () => value)(options.token) : options.token;
  const transport: Transport = httpTransport(options.url, token, fetchImpl, options.requestTimeoutMs ?? 30_000);
  let subscriptions = [...options.subscriptions];
  const viewKey = (subs: readonly SubscriptionQuery[]): string => JSON.stringify(subs.map((s) => [s.objectType, s.queryString.trim(), s.args ?? []]));

  const store = new StateStore({ ...INITIAL_STATE, cursor: Number(storage.get(keys.cursor) ?? 0) || 0 });
  let cursor = store.state.cursor;
  let closed = false;
  let lastRecovery: RecoveryReport | undefined;
  // Work requested / done: waits resolve when `done` reaches the request number taken at the call.
  const upload = { requested: 0, done: 0, waiters: [] as Waiter[] };
  const download = { requested: 0, done: 0, waiters: [] as Waiter[] };
  let attempt = 0; // failed runs in a row (backoff)
  let resetReason: string | undefined;
  /** Models of subscriptions replaced since the last reset: cleared by the next one too. */
  const leftModels = new Set<string>();
  const pendingBackup = storage.get(keys.backup);
  if (pendingBackup !== undefined && pendingBackup !== "") resetReason = "a reset was interrupted: finishing it from the kept backup";
  else if (cursor > 0 && storage.get(keys.view) !== undefined && storage.get(keys.view) !== viewKey(subscriptions)) resetReason = "subscriptions changed";
  storage.set(keys.view, viewKey(subscriptions));

  const settle = (work: typeof upload): void => {
    const still: Waiter[] = [];
    for (const waiter of work.waiters) (work.done >= waiter.target ? waiter.resolve() : still.push(waiter));
    work.waiters = still;
  };
  const fail = (error: Error): void => {
    store.update({ lastError: error, connected: false });
    options.onError?.(error);
  };
  /** An exchange succeeded: stated before any wait resolves, so a resolved wait sees it. */
  const succeeded = (): void => {
    attempt = 0;
    store.update({ connected: true, lastError: null });
  };
  const setCursor = (value: number): void => {
    cursor = value;
    storage.set(keys.cursor, String(value));
    store.update({ cursor: value });
  };

  async function pushOnce(): Promise<void> {
    const serving = upload.requested;
    const since = checkpoint.since;
    const point = captureSyncPoint(realm, { clock });
    const changeset = collectUnsyncedChanges(realm, since, tracking === undefined ? {} : { tracking });
    if (changeset.objects.length > 0 || changeset.tombstones.length > 0) {
      store.update({ uploading: true });
      const pushId = randomId();
      let response: PushResponse;
      try {
        response = await transport.push({ clientId, pushId, changeset, subscriptions });
      } finally {
        store.update({ uploading: false });
      }
      store.update({ lastSkipped: response.skipped });
      if (response.compensatingWrite !== undefined) {
        const error = applyCompensatingWrite(realm, response.compensatingWrite, tracking, resolved);
        const refused = onCompensatingWrite(error, lastRecovery);
        options.onCompensatingWrite?.(error, refused);
      }
    }
    checkpoint.commit(point);
    succeeded();
    upload.done = Math.max(upload.done, serving);
    settle(upload);
  }

  async function pullOnce(): Promise<void> {
    const serving = download.requested;
    store.update({ downloading: true });
    try {
      for (let more = true; more && !closed; ) {
        const page = await transport.pull({ cursor, subscriptions, ...(options.pullLimit === undefined ? {} : { limit: options.pullLimit }) });
        if (page.reset === true) {
          // Behind the retained history (compacted), or ahead of the server (its database was restored).
          await resetOnce(page.reason, cursor <= page.oldestCursor);
          break;
        }
        applyPage(page);
        more = page.more;
      }
    } finally {
      store.update({ downloading: false });
    }
    succeeded();
    download.done = Math.max(download.done, serving);
    settle(download);
  }

  /** Applies a page; with nothing unsynced, the checkpoint moves past the pulled stamps (no re-upload). */
  function applyPage(page: PullChanges): void {
    const since = checkpoint.since;
    const clean = collectUnsyncedChanges(realm, since, tracking === undefined ? {} : { tracking });
    const nothingUnsynced = clean.objects.length === 0 && clean.tombstones.length === 0;
    applyPulled(realm, page, tracking, resolved, clock);
    // Synchronous from the check to here: no tracked write can have slipped in between.
    if (nothingUnsynced && !realm.isInTransaction) checkpoint.commit(captureSyncPoint(realm, { clock }));
    setCursor(page.cursor);
  }

  async function resetOnce(reason: string, compacted = true): Promise<void> {
    store.update({ resetting: true });
    try {
      // 1. Keep the unsynced edits (with any left by an interrupted reset) before touching anything.
      const kept = storage.get(keys.backup);
      const earlier: Changeset[] = kept === undefined || kept === "" ? [] : (JSON.parse(kept) as StoredBackup).changesets.map((c) => parseChangeset(c));
      const changesets = [...earlier, collectUnsyncedChanges(realm, checkpoint.since, tracking === undefined ? {} : { tracking })];
      const backup: StoredBackup = { v: 1, reason, changesets };
      storage.set(keys.backup, JSON.stringify(backup));
      // 2. Download the whole view first: nothing is written until it is complete.
      const objects: ServerObject[] = [];
      const tombstones: ServerTombstone[] = [];
      let at = 0;
      for (let more = true; more; ) {
        const page = await transport.pull({ cursor: at, subscriptions, ...(options.pullLimit === undefined ? {} : { limit: options.pullLimit }) });
        if (page.reset === true) throw new SyncClientError("RESET_FAILED", `The server ordered a reset while the snapshot downloaded: ${page.reason}`, 409);
        objects.push(...page.objects);
        tombstones.push(...page.tombstones);
        at = page.cursor;
        more = page.more;
      }
      // 3. Replace the view's models by the snapshot, then re-apply the edits field by field.
      clearModels(realm, new Set([...leftModels, ...subscriptions.map((s) => s.objectType)]), resolved);
      leftModels.clear();
      applySnapshot(realm, objects, tombstones, tracking, clock);
      // The edits and the checkpoint were stamped by this device's clock: their drift is judged on
      // its time line (a device running ahead would otherwise refuse its own checkpoint and retry
      // forever). The server judges drift on its own clock when they are pushed.
      const deviceNow = (): number => Math.max(Date.now(), stampMillis(clock.now()));
      const gone = compacted ? goneFromServer(changesets, objects, tombstones) : { changesets, skipped: [] };
      const reports = gone.changesets.map((changeset) => applyChanges(realm, changeset, { now: deviceNow, ...(tracking === undefined ? {} : { tracking }), ...(options.policies === undefined ? {} : { policies: options.policies }) }));
      if (gone.skipped.length > 0) reports[reports.length - 1] = withSkipped(reports[reports.length - 1] as RecoveryReport, gone.skipped);
      setCursor(at);
      const report = reports[reports.length - 1] as RecoveryReport;
      const clean = reports.every((r) => r.skipped.length === 0 && r.errors.length === 0);
      if (clean) storage.set(keys.backup, "");
      lastRecovery = report;
      options.onReset?.({ reason, report, backupKept: !clean, backupKey: keys.backup });
      // The recovered fields keep their stamps (after the checkpoint): the next push uploads them.
      upload.requested++;
    } finally {
      store.update({ resetting: false });
    }
  }

  // One runner does the work, in order: reset, download, upload (a reset order is found before
  // local edits are pushed, so they are recovered onto the snapshot). Failures retry with backoff.
  let running = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let uploadTimer: ReturnType<typeof setTimeout> | undefined;
  async function run(): Promise<void> {
    if (running || closed) return;
    running = true;
    try {
      while (!closed && (resetReason !== undefined || upload.done < upload.requested || download.done < download.requested)) {
        if (resetReason !== undefined) {
          const reason = resetReason;
          resetReason = undefined;
          await resetOnce(reason);
        } else if (download.done < download.requested) await pullOnce();
        else await pushOnce();
      }
    } catch (error) {
      fail(error as Error);
      if (!closed) {
        if (retryTimer !== undefined) clearTimeout(retryTimer);
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          void run();
        }, backoffDelay(++attempt, options.backoff));
      }
    } finally {
      running = false;
    }
  }
  const requestUpload = (): number => {
    const target = ++upload.requested;
    void run();
    return target;
  };
  const requestDownload = (): number => {
    const target = ++download.requested;
    void run();
    return target;
  };
  const wait = (work: typeof upload, target: number): Promise<void> =>
    closed
      ? Promise.reject(new SyncClientError("CLIENT_CLOSED", "The sync client is closed", 0))
      : work.done >= target
        ? Promise.resolve()
        : new Promise((resolve, reject) => work.waiters.push({ target, resolve, reject }));

  // Local changes: push shortly after each commit.
  const onChange = (): void => {
    if (closed || uploadTimer !== undefined) return;
    uploadTimer = setTimeout(() => {
      uploadTimer = undefined;
      requestUpload();
    }, options.uploadDelayMs ?? 20);
  };
  const listenable = realm as unknown as { addListener?: (event: "change", callback: () => void) => void; removeListener?: (event: "change", callback: () => void) => void };
  listenable.addListener?.("change", onChange);

  const WebSocketImpl = options.WebSocket === false ? undefined : (options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket);
  const stopLive =
    WebSocketImpl === undefined
      ? undefined
      : openLiveConnection(options.url, token, WebSocketImpl, {
          onReady: (version) => {
            store.update({ connected: true });
            if (version !== cursor) requestDownload();
          },
          onChanged: (version) => {
            if (version > cursor) requestDownload();
          },
          onDown: (error) => store.update({ connected: false, lastError: error }),
        }, options.backoff);
  const pollMs = options.pollMs ?? 30_000;
  const poll = pollMs > 0 ? setInterval(() => requestDownload(), pollMs) : undefined;
  (poll as { unref?: () => void } | undefined)?.unref?.();

  requestDownload();
  requestUpload();

  return {
    clientId,
    get state() {
      return store.state;
    },
    onStateChange: (listener) => store.subscribe(listener),
    waitForUpload: () => wait(upload, requestUpload()),
    waitForDownload: () => wait(download, requestDownload()),
    async setSubscriptions(next) {
      if (!Array.isArray(next)) throw new InvalidOptionError("setSubscriptions needs an array of { objectType, queryString }");
      // The old view's models are cleared too: objects that left the view leave the device.
      const before = subscriptions;
      subscriptions = [...next];
      storage.set(keys.view, viewKey(subscriptions));
      const target = ++download.requested;
      resetReason = "subscriptions changed";
      for (const s of before) leftModels.add(s.objectType);
      void run();
      await wait(download, target);
    },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      if (uploadTimer !== undefined) clearTimeout(uploadTimer);
      if (poll !== undefined) clearInterval(poll);
      stopLive?.();
      listenable.removeListener?.("change", onChange);
      const error = new SyncClientError("CLIENT_CLOSED", "The sync client was closed before this finished", 0);
      for (const waiter of [...upload.waiters, ...download.waiters]) waiter.reject(error);
      upload.waiters = [];
      download.waiters = [];
    },
  };
}
