// Structural types of the realm 12.x sync API the adapters call. Declared here because realm 20
// (local-only) has no sync types and the library must not need a 12.x install. Checked against
// realm 12's published types by test/adapters/realm12.types.test.ts (dev dependency `realm12`).
import type { PrimaryKeyValue, RealmLike, ResultsLike } from "../realm-like.js";

/** The part of a 12.x `Realm.App.Sync.Session` the adapters use. */
export interface SyncSessionLike {
  /** Resolves once every local change committed so far is on the server. */
  uploadAllLocalChanges(timeoutMs?: number): Promise<void>;
  /** Resolves once the server's current state is downloaded. */
  downloadAllServerChanges(timeoutMs?: number): Promise<void>;
  /** Whether the session is connected to the server. */
  isConnected(): boolean;
}

/** One flexible-sync subscription as 12.x reports it (`realm.subscriptions` iterates these). */
export interface SubscriptionLike {
  readonly name?: string | null;
  /** The model the query runs on. */
  readonly objectType: string;
  /** The Realm Query Language text (`"TRUEPREDICATE"` for a whole model). */
  readonly queryString: string;
}

/** The mutable set inside `subscriptions.update(...)`. */
export interface MutableSubscriptionSetLike {
  /** Subscribes to a query's results. */
  add(query: ResultsLike, options?: { name?: string }): unknown;
}

/** 12.x `realm.subscriptions`. */
export interface SubscriptionSetLike extends Iterable<SubscriptionLike> {
  /**
   * Changes the subscriptions in `callback`; resolves once the server has them. 12.x passes the
   * realm as the callback's second argument (`unknown` here: the adapters ignore it).
   */
  update(callback: (mutable: MutableSubscriptionSetLike, realm: unknown) => void): Promise<unknown>;
  /** Resolves once the server has sent the subscriptions' data. */
  waitForSynchronization(): Promise<unknown>;
}

/** Results that can be filtered (Realm Query Language), as real Realm and the memory store offer. */
export interface FilterableResultsLike extends ResultsLike {
  filtered(query: string, ...args: unknown[]): FilterableResultsLike;
}

/** A realm whose collections can be queried (for subscription checks). */
export interface QueryableRealmLike {
  readonly schema: RealmLike["schema"];
  /** Every object of model `type`, filterable by a query. */
  objects(type: string): FilterableResultsLike;
}

/** A synced realm as 12.x opens it: a RealmLike with its session and subscriptions. */
export interface SyncedRealmLike extends RealmLike {
  readonly syncSession?: SyncSessionLike | null;
  readonly subscriptions?: SubscriptionSetLike;
}

/**
 * 12.x `ClientResetError` delivered to `sync.error`: `config` opens the backup (read-only). 12.x
 * types `name` as `string` (it is `"ClientReset"`) and `config` as a `Configuration`, whose
 * `path` is optional (it is set: the backup's path).
 */
export interface ClientResetErrorLike {
  readonly name: string;
  readonly message?: string;
  readonly config: { readonly path?: string | undefined; readonly readOnly?: boolean | undefined };
}

/** A `ClientResetErrorLike` whose `config.path` is known (what `isClientResetError` checks). */
export interface ClientResetErrorWithPath extends ClientResetErrorLike {
  readonly config: { readonly path: string; readonly readOnly?: boolean | undefined };
}

/** One reverted write of a 12.x `CompensatingWriteError`. */
export interface CompensatingWriteInfoLike {
  readonly objectName: string;
  readonly primaryKey: PrimaryKeyValue;
  readonly reason: string;
}

/**
 * 12.x `CompensatingWriteError` delivered to `sync.error`: protocol error 231 (the server log's
 * code; the SDK's `code` may carry its own error-code number instead, so it is not relied on).
 */
export interface CompensatingWriteErrorLike {
  readonly name?: string;
  readonly code?: number;
  readonly message?: string;
  readonly writes: readonly CompensatingWriteInfoLike[];
}

/**
 * `Realm.App.Sync.initiateClientReset(app, path)`: moves the local file to the backup path.
 * Declared as a method so 12.x's `(app: App, path: string) => void` is accepted as it is.
 */
export type InitiateClientReset = {
  /** Moves the realm file at `path` of `app` aside as the backup (12.x: `Realm.App.Sync.initiateClientReset`). */
  initiateClientReset(app: unknown, path: string): unknown;
}["initiateClientReset"];

/** `sync.error`'s callback type. */
export type SyncErrorHandler = (session: SyncSessionLike, error: unknown) => void;

/** Narrowing helpers for the errors `sync.error` receives. */
export function isClientResetError(error: unknown): error is ClientResetErrorWithPath {
  if (typeof error !== "object" || error === null) return false;
  const { name, config } = error as { name?: unknown; config?: unknown };
  return name === "ClientReset" && typeof config === "object" && config !== null && typeof (config as { path?: unknown }).path === "string";
}

/** A compensating write: code 231 or the SDK's class name, with a `writes` array of `{ objectName, primaryKey, reason }`. */
export function isCompensatingWriteError(error: unknown): error is CompensatingWriteErrorLike {
  if (typeof error !== "object" || error === null) return false;
  const { code, name, writes } = error as { code?: unknown; name?: unknown; writes?: unknown };
  if (!Array.isArray(writes) || !writes.every((w) => typeof w === "object" && w !== null && typeof (w as { objectName?: unknown }).objectName === "string")) return false;
  return code === 231 || name === "CompensatingWriteError" || writes.length > 0;
}
