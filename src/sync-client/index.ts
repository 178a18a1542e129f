// The sync client of realm-field-recovery's self-hosted server (docs/self-hosted-sync.md).
export { createSyncClient } from "./create-sync-client.js";
export type { SyncClient, SyncClientOptions, SyncResetOutcome } from "./create-sync-client.js";
export type { SyncState } from "./sync-state.js";
export { SyncClientError } from "./client-errors.js";
export type { FetchLike } from "./transport.js";
export type { WebSocketConstructorLike, WebSocketLike } from "./live-connection.js";
export type { BackoffOptions } from "./backoff.js";
export { changesetOfServerState } from "./server-changeset.js";
