// realm-field-recovery/server: the self-hosted sync server (docs/self-hosted-sync.md).
export { createSyncServer, trackedServerSchema } from "./create-sync-server.js";
export type { SyncServer, SyncServerOptions } from "./create-sync-server.js";
export type { SyncAuthOptions } from "./plugins/auth-plugin.js";
export { SyncServerError } from "./server-errors.js";
export type { SyncServerErrorCode } from "./server-errors.js";
export { OPEN_RULES } from "./rules/sync-rules.js";
export type { FieldPermission, RuleFilter, SyncRole, SyncRules } from "./rules/sync-rules.js";
export type { SyncUser } from "./rules/sync-user.js";
export { checkRules } from "./rules/access.js";
export type { CompactionResult } from "./sync/compact.js";
export type { SqlClient, SqlDatabase } from "./storage/database.js";
export { SQL_SCHEMA } from "./storage/sql-schema.js";
export * from "./protocol.js";
