// HTTP to the sync server with `fetch` (Node 18+, React Native, browsers): JSON in, JSON out,
// the server's error codes kept.
import type { ErrorBody, PullRequest, PullResponse, PushRequest, PushResponse } from "../server/protocol.js";
import { SyncClientError } from "./client-errors.js";

/** The `fetch` the client needs (the global one by default). */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{
  status: number;
  /** The response body as text. */
  text(): Promise<string>;
}>;

export interface Transport {
  push(body: PushRequest): Promise<PushResponse>;
  pull(body: PullRequest): Promise<PullResponse>;
}

/** A transport to `url` authenticating with `token()`. */
export function httpTransport(url: string, token: () => string | Promise<string>, fetchImpl: FetchLike, timeoutMs: number): Transport {
  const base = url.replace(/\/+$/, "");
  const call = async <T>(path: string, body: unknown): Promise<T> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await fetchImpl(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      throw new SyncClientError("SERVER_UNREACHABLE", `Cannot reach the sync server at ${base}${path}: ${(error as Error).message}`, 0, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SyncClientError("INVALID_RESPONSE", `The sync server at ${base}${path} answered ${status} with a body that is not JSON: ${text.slice(0, 80)}`, status);
    }
    if (status >= 400) {
      const error = (json as Partial<ErrorBody>).error;
      throw new SyncClientError(error?.code ?? "HTTP_ERROR", error?.message ?? `The sync server answered ${status}`, status);
    }
    return json as T;
  };
  return {
    push: (body) => call<PushResponse>("/v1/push", body),
    pull: (body) => call<PullResponse>("/v1/pull", body),
  };
}
