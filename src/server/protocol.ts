// The sync protocol between `createSyncClient` and `realm-field-recovery/server`, as plain JSON
// types. Pure (no server dependency): the client imports it too. docs/self-hosted-sync.md.
import type { Stamp } from "../clock/index.js";
import type { Changeset } from "../recovery/changeset.js";
import type { SkippedEntry } from "../recovery/report.js";
import type { EncodedValue } from "../recovery/value-codec.js";

/** The protocol version, in every route (`/v1/...`). */
export const SYNC_PROTOCOL_VERSION = 1;
/** The protocol error code of a compensating write (the Flutter seed's `ProtocolErrorCode=231`). */
export const COMPENSATING_WRITE_CODE = 231;
/** The seed's message of a compensating write. */
export const COMPENSATING_WRITE_MESSAGE = "Client attempted a write that is outside of permissions or query filters; it has been reverted";

/** A flexible-sync subscription as the client sends it: a model and a Realm Query Language query. */
export interface SubscriptionQuery {
  readonly name?: string;
  readonly objectType: string;
  /** The library's RQL subset (docs/self-hosted-sync.md, "Subscriptions"); `"TRUEPREDICATE"` for all. */
  readonly queryString: string;
  /** Values of `$0`, `$1`… (encoded: `{ "$oid": … }`, `{ "$date": … }`, or plain JSON). */
  readonly args?: readonly EncodedValue[];
}

/** An object as the server stores it: encoded top-level values and its whole stamp dictionary. */
export interface ServerObject {
  readonly model: string;
  /** Encoded primary key (`encodePrimaryKey`). */
  readonly key: string;
  readonly values: Readonly<Record<string, EncodedValue>>;
  readonly stamps: Readonly<Record<string, string>>;
}

/** A delete known to the server. */
export interface ServerTombstone {
  readonly model: string;
  readonly key: string;
  readonly stamp: Stamp;
  readonly generation: number;
}

/** POST /v1/push */
export interface PushRequest {
  /** A stable id of the device's realm (one per installation and realm path). */
  readonly clientId: string;
  /** Unique per push: a replay of the same id returns the first answer and writes nothing. */
  readonly pushId: string;
  /** The device's tracked changes since its checkpoint (`collectUnsyncedChanges`). */
  readonly changeset: Changeset;
  /** The device's subscriptions: a write outside all of them is reverted. */
  readonly subscriptions: readonly SubscriptionQuery[];
}

/** One write the server refused and reverted. */
export interface RevertedWrite {
  readonly model: string;
  readonly key: string;
  /** The server log's text, e.g. `write to "s:car1" in table "Car" not allowed; object is outside of the current query view`. */
  readonly reason: string;
  /** The object as the server has it (the device restores it), or `null`: the device removes it. */
  readonly object: ServerObject | null;
}

/** The compensating write of a push: error 231 with one entry per reverted object. */
export interface CompensatingWrite {
  readonly code: typeof COMPENSATING_WRITE_CODE;
  readonly message: typeof COMPENSATING_WRITE_MESSAGE;
  readonly writes: readonly RevertedWrite[];
}

/** The answer to a push. */
export interface PushResponse {
  /** The server version after the push (unchanged when it wrote nothing). */
  readonly version: number;
  /** `true` when this pushId was seen before: the stored answer, nothing written again. */
  readonly replayed: boolean;
  readonly counts: { readonly applied: number; readonly kept: number; readonly created: number; readonly deleted: number; readonly skipped: number };
  /** What the merge did not write, other than reverted writes (e.g. `CLOCK_DRIFT`). */
  readonly skipped: readonly SkippedEntry[];
  readonly compensatingWrite?: CompensatingWrite;
}

/** POST /v1/pull */
export interface PullRequest {
  /** The last server version the device has (0: none, a full download). */
  readonly cursor: number;
  readonly subscriptions: readonly SubscriptionQuery[];
  /** Most objects in one answer. @default 1000 */
  readonly limit?: number;
}

/** The changes after `cursor` that the device may read and subscribed to. */
export interface PullChanges {
  readonly reset?: undefined;
  /** The version the device has once it applied this answer. */
  readonly cursor: number;
  /** More changes follow: pull again from `cursor`. */
  readonly more: boolean;
  readonly objects: readonly ServerObject[];
  readonly tombstones: readonly ServerTombstone[];
  /** Objects that changed but left the device's view (no longer readable or subscribed): removed on the device. */
  readonly gone: readonly { readonly model: string; readonly key: string }[];
}

/** The device must reset: its cursor is older than the retained history (or not from this server). */
export interface PullReset {
  readonly reset: true;
  readonly reason: string;
  /** The oldest cursor the server can still answer. */
  readonly oldestCursor: number;
}

/** The answer to a pull: changes, or a reset order. */
export type PullResponse = PullChanges | PullReset;

/** The body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly statusCode: number };
}

/** WebSocket /v1/live: the client's first message. */
export interface LiveHello {
  readonly type: "hello";
  readonly token: string;
}

/** WebSocket /v1/live: what the server sends. */
export type LiveMessage = { readonly type: "ready"; readonly version: number } | { readonly type: "changed"; readonly version: number } | { readonly type: "error"; readonly code: string; readonly message: string };
