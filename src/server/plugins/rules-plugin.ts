// Rules: each request's `access` (the user's role per model), checked on every read and write.
import type { FastifyPluginAsync } from "fastify";
import type { ObjectSchemaLike } from "../../realm-like.js";
import type { Access } from "../rules/access.js";
import { accessFor } from "../rules/access.js";
import type { SyncRules } from "../rules/sync-rules.js";
import { sharedPlugin } from "./shared-plugin.js";

declare module "fastify" {
  interface FastifyRequest {
    /** What the signed-in user may read and write (set by the rules plugin). */
    access: Access;
  }
}

const rulesPlugin: FastifyPluginAsync<{ rules: SyncRules; schema?: ReadonlyMap<string, ObjectSchemaLike> }> = async (app, { rules, schema }) => {
  app.decorateRequest("access", null as unknown as Access);
  app.addHook("preHandler", async (request) => {
    if (request.routeOptions.config?.public === true) return;
    request.access = accessFor(rules, request.syncUser, schema);
  });
};

export default sharedPlugin(rulesPlugin, "rfr-rules");
