// WebSocket /v1/live: change notifications. The client's first message is `{ type: "hello", token }`
// (browsers cannot set headers on a WebSocket); then every new server version is announced, from
// this process or any other on the same database (LISTEN/NOTIFY), and the client pulls.
import type { FastifyPluginAsync } from "fastify";
import type { LiveMessage } from "../protocol.js";
import type { SqlDatabase } from "../storage/database.js";
import { importOptional } from "../storage/import-optional.js";
import { CHANGES_CHANNEL } from "../storage/sql-schema.js";

/** The part of a `ws` socket used here. */
interface LiveSocket {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  once(event: "message", listener: (data: unknown) => void): void;
  on(event: "close", listener: () => void): void;
}

/** How long a socket may stay silent before its hello: then it is closed (code 4401). */
export const HELLO_TIMEOUT_MS = 10_000;

const send = (socket: LiveSocket, message: LiveMessage): void => {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
};

const livePlugin: FastifyPluginAsync<{ db: SqlDatabase; head: () => Promise<number> }> = async (app, { db, head }) => {
  const { default: websocket } = await importOptional<typeof import("@fastify/websocket")>("@fastify/websocket", "live change notifications");
  await app.register(websocket, { options: { maxPayload: 16 * 1024 } });
  const sockets = new Set<LiveSocket>();
  const stop = await db.listen(CHANGES_CHANNEL, (payload) => {
    const version = Number(payload);
    if (!Number.isSafeInteger(version)) return;
    for (const socket of sockets) send(socket, { type: "changed", version });
  });
  app.addHook("onClose", async () => {
    await stop();
  });
  app.get("/live", { websocket: true, config: { public: true } }, (ws) => {
    const socket = ws as unknown as LiveSocket;
    const timer = setTimeout(() => socket.close(4401, "no hello"), HELLO_TIMEOUT_MS);
    socket.once("message", (data) => {
      clearTimeout(timer);
      void (async () => {
        try {
          const hello = JSON.parse(String(data)) as { type?: unknown; token?: unknown };
          if (hello.type !== "hello" || typeof hello.token !== "string") throw Object.assign(new Error('expected { "type": "hello", "token": "<JWT>" }'), { code: "INVALID_REQUEST" });
          await app.verifyToken(hello.token);
          sockets.add(socket);
          send(socket, { type: "ready", version: await head() });
        } catch (error) {
          send(socket, { type: "error", code: (error as { code?: string }).code ?? "INVALID_REQUEST", message: (error as Error).message });
          socket.close(4401, "unauthorized");
        }
      })();
    });
    socket.on("close", () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  });
};

export default livePlugin;
