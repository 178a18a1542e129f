// The server example of docs/self-hosted-sync.md ("From code"), type-checked by `npm run
// typecheck`; guide-example.test.ts checks the guide shows exactly this text.
import { createSyncServer } from "../../src/server/index.js";
import type { SyncRules } from "../../src/server/index.js";

const Car = { name: "Car", primaryKey: "_id", properties: { _id: "objectId", ownerId: "string", make: "string", model: "string?", miles: "int?" } };
const rules: SyncRules = { roles: [{ name: "owner-read-write", apply_when: {}, document_filters: { read: { ownerId: "%%user.id" }, write: { ownerId: "%%user.id" } }, read: true, write: true }] };

export async function guideExample(): Promise<void> {
// --- guide ---
const server = await createSyncServer({
  schema: [Car],                               // the app's models, before or after trackFields
  auth: { secret: process.env.RFR_JWT_SECRET! }, // or { jwksUrl, issuer, audience }
  database: "postgres://sync@db.internal/sync",  // default "./realm-sync-data" (PGlite)
  rules,                                       // see "Rules"; default: every signed-in user reads and writes everything
  compaction: { retentionMs: 30 * 86_400_000, everyMs: 3_600_000 },
});
console.log(await server.listen({ host: "0.0.0.0", port: 8080 }));
// server.close() stops accepting requests, closes sockets, waits for requests in flight, closes the database.
// --- end ---
}
