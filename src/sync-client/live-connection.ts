// The WebSocket to /v1/live: says hello with the token, then reports every new server version.
// Reconnects with backoff until closed.
import type { LiveMessage } from "../server/protocol.js";
import { backoffDelay } from "./backoff.js";
import type { BackoffOptions } from "./backoff.js";

/** The part of the WebSocket API used (the browser / React Native global, or the `ws` package). */
export interface WebSocketLike {
  /** Sends a text frame. */
  send(data: string): void;
  /** Closes the socket. */
  close(code?: number, reason?: string): void;
  /** Called once connected. */
  onopen: ((event: unknown) => void) | null;
  /** Called for every message; `data` is the text. */
  onmessage: ((event: { data: unknown }) => void) | null;
  /** Called once closed. */
  onclose: ((event: unknown) => void) | null;
  /** Called on a failure (a close follows). */
  onerror: ((event: unknown) => void) | null;
}
/** A WebSocket constructor: `globalThis.WebSocket`, or `WebSocket` from the `ws` package. */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

export interface LiveCallbacks {
  onReady(version: number): void;
  onChanged(version: number): void;
  onDown(error: Error): void;
}

/** Opens the live connection; returns the function that closes it for good. */
export function openLiveConnection(url: string, token: () => string | Promise<string>, WebSocketImpl: WebSocketConstructorLike, callbacks: LiveCallbacks, backoff: BackoffOptions = {}): () => void {
  const wsUrl = `${url.replace(/\/+$/, "").replace(/^http/i, "ws")}/v1/live`;
  let closed = false;
  let attempt = 0;
  let socket: WebSocketLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reconnect = (error: Error): void => {
    socket = undefined;
    if (closed) return;
    callbacks.onDown(error);
    timer = setTimeout(connect, backoffDelay(++attempt, backoff));
  };
  function connect(): void {
    if (closed) return;
    let ws: WebSocketLike;
    try {
      ws = new WebSocketImpl(wsUrl);
    } catch (error) {
      reconnect(error as Error);
      return;
    }
    socket = ws;
    let down = false;
    const fail = (error: Error): void => {
      if (down) return;
      down = true;
      reconnect(error);
    };
    ws.onopen = () => {
      void Promise.resolve(token()).then(
        (value) => ws.send(JSON.stringify({ type: "hello", token: value })),
        (error: Error) => ws.close(4401, error.message),
      );
    };
    ws.onmessage = (event) => {
      let message: LiveMessage;
      try {
        message = JSON.parse(String(event.data)) as LiveMessage;
      } catch {
        return;
      }
      if (message.type === "ready") {
        attempt = 0;
        callbacks.onReady(message.version);
      } else if (message.type === "changed") callbacks.onChanged(message.version);
      else if (message.type === "error") fail(Object.assign(new Error(message.message), { code: message.code }));
    };
    ws.onerror = () => fail(new Error(`live connection to ${wsUrl} failed`));
    ws.onclose = () => fail(new Error(`live connection to ${wsUrl} closed`));
  }
  connect();
  return () => {
    closed = true;
    if (timer !== undefined) clearTimeout(timer);
    socket?.close(1000, "client closed");
  };
}
