// POST /v1/pull: the changes after the device's cursor in its view, or a reset order.
import type { FastifyPluginAsync } from "fastify";
import type { PullRequest } from "../protocol.js";
import type { SqlDatabase } from "../storage/database.js";
import type { MergeSettings } from "../sync/merge-settings.js";
import { pullChanges } from "../sync/pull.js";
import { pullBodySchema } from "./route-schemas.js";

const pullPlugin: FastifyPluginAsync<{ db: SqlDatabase; settings: MergeSettings }> = async (app, { db, settings }) => {
  app.post<{ Body: PullRequest }>("/pull", { schema: { body: pullBodySchema } }, async (request) => pullChanges(db, settings, request.access, request.body));
};

export default pullPlugin;
