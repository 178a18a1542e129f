// What fastify-plugin does, without the dependency: a plugin whose decorations and hooks apply
// to the whole server instead of its own encapsulated scope (Fastify's `skip-override`).
import type { FastifyPluginAsync, FastifyPluginOptions } from "fastify";

export function sharedPlugin<Options extends FastifyPluginOptions>(plugin: FastifyPluginAsync<Options>, name: string): FastifyPluginAsync<Options> {
  const marked = plugin as FastifyPluginAsync<Options> & Record<symbol, unknown>;
  marked[Symbol.for("skip-override")] = true;
  marked[Symbol.for("fastify.display-name")] = name;
  marked[Symbol.for("plugin-meta")] = { name, fastify: "5.x" };
  return marked;
}
