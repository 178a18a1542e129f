// Every error answers `{ error: { code, message, statusCode } }` with a stable code (docs/errors.md).
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { FieldRecoveryError } from "../../errors.js";
import type { ErrorBody } from "../protocol.js";
import { SyncServerError } from "../server-errors.js";

function describe(error: FastifyError & { statusCode?: number }): { statusCode: number; code: string; message: string } {
  if (error instanceof SyncServerError) return { statusCode: error.statusCode, code: error.code, message: error.message };
  // The library's own errors on input (INVALID_CHANGESET, MALFORMED_KEY…): the request is at fault.
  if (error instanceof FieldRecoveryError) return { statusCode: 400, code: error.code, message: error.message };
  if (error.validation !== undefined) return { statusCode: 400, code: "INVALID_REQUEST", message: `Invalid request: ${error.message}` };
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return { statusCode: 413, code: "PAYLOAD_TOO_LARGE", message: `The request body is larger than the server accepts (${error.message})` };
  if (error.statusCode === 429) return { statusCode: 429, code: "RATE_LIMITED", message: error.message };
  if (typeof error.code === "string" && error.code.startsWith("FST_ERR_CTP")) return { statusCode: error.statusCode ?? 400, code: "INVALID_REQUEST", message: `Invalid request body: ${error.message}` };
  if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) return { statusCode: error.statusCode, code: "INVALID_REQUEST", message: error.message };
  return { statusCode: 500, code: "INTERNAL_ERROR", message: "Internal server error (see the server log)" };
}

export function errorHandler(this: unknown, error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { statusCode, code, message } = describe(error);
  if (statusCode >= 500) request.log.error({ err: error }, "sync server error");
  const body: ErrorBody = { error: { code, message, statusCode } };
  void reply.status(statusCode).send(body);
}
