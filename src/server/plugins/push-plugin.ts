// POST /v1/push: one device's changeset merged in one transaction; the answer carries the
// compensating write (error 231) for what the rules or subscriptions refused.
import type { FastifyPluginAsync } from "fastify";
import type { PushRequest } from "../protocol.js";
import type { SqlDatabase } from "../storage/database.js";
import type { MergeSettings } from "../sync/merge-settings.js";
import { pushChanges } from "../sync/push.js";
import { pushBodySchema } from "./route-schemas.js";

const pushPlugin: FastifyPluginAsync<{ db: SqlDatabase; settings: MergeSettings }> = async (app, { db, settings }) => {
  app.post<{ Body: PushRequest }>("/push", { schema: { body: pushBodySchema } }, async (request) => pushChanges(db, settings, request.access, request.body));
};

export default pushPlugin;
