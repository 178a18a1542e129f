// Errors for the app's own code the engine calls: policies and resolvers, `canWrite`, progress
// callbacks. A throw or a result the engine cannot use stops the run before anything is written
// (planning precedes the one write transaction; `onProgress` runs inside it), so it stays atomic.
import { FieldRecoveryError } from "../errors.js";

/** Which callback of the app was running. */
export type UserCallback = "policy" | "canWrite" | "onProgress";

/** Where the callback was called: model, encoded key, field and policy, where they apply. */
export interface CallbackSite {
  readonly callback: UserCallback;
  readonly model?: string;
  readonly key?: string;
  readonly field?: string;
  /** The policy's name (`FieldPolicy.name`, "custom" for a bare resolver function). */
  readonly policy?: string;
}

function describeSite(site: CallbackSite): string {
  if (site.callback === "policy") return `policy "${site.policy ?? "?"}"`;
  return site.callback;
}

function locationOf(site: CallbackSite): { model?: string; objectKey?: string; field?: string } {
  return { ...(site.model === undefined ? {} : { model: site.model }), ...(site.key === undefined ? {} : { objectKey: site.key }), ...(site.field === undefined ? {} : { field: site.field }) };
}

/** The app's callback threw; `cause` holds what it threw (code `CALLBACK_FAILED`). Nothing was written. */
export class CallbackFailedError extends FieldRecoveryError {
  readonly callback: UserCallback;
  readonly policy?: string;
  /** The encoded primary key of the object being merged, when there is one. */
  readonly key?: string;

  constructor(site: CallbackSite, cause: unknown) {
    super(
      "CALLBACK_FAILED",
      `${describeSite(site)} threw: ${cause instanceof Error ? cause.message : String(cause)}. The recovery stopped before writing anything (the fresh realm is unchanged, the backup untouched): fix the callback and run it again`,
      locationOf(site),
      { cause },
    );
    this.callback = site.callback;
    if (site.policy !== undefined) this.policy = site.policy;
    if (site.key !== undefined) this.key = site.key;
  }
}

/** The app's callback returned something the engine cannot use (code `INVALID_CALLBACK_RESULT`). Nothing was written. */
export class InvalidCallbackResultError extends FieldRecoveryError {
  readonly callback: UserCallback;
  readonly policy?: string;
  readonly key?: string;
  /** What the callback returned. */
  readonly result: unknown;

  constructor(site: CallbackSite, result: unknown, expected: string) {
    super(
      "INVALID_CALLBACK_RESULT",
      `${describeSite(site)} returned ${describeResult(result)}; expected ${expected}. The recovery stopped before writing anything: fix the callback and run it again`,
      locationOf(site),
    );
    this.callback = site.callback;
    if (site.policy !== undefined) this.policy = site.policy;
    if (site.key !== undefined) this.key = site.key;
    this.result = result;
  }
}

function describeResult(value: unknown): string {
  if (value === undefined) return "nothing (undefined)";
  if (value === null) return "null";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return `${typeof value === "object" ? (Array.isArray(value) ? "an array " : "an object ") : `${typeof value} `}${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

/** Calls `run` and wraps anything it throws in `CallbackFailedError` naming `site`. */
export function callUserCode<T>(site: CallbackSite | (() => CallbackSite), run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CallbackFailedError || error instanceof InvalidCallbackResultError) throw error;
    throw new CallbackFailedError(typeof site === "function" ? site() : site, error);
  }
}
