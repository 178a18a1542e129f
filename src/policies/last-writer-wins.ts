// Per-field last writer wins: the greater stamp wins; stamps embed the node hash, so two
// devices never tie unless they wrote the same stamp (and then the same value).
import type { FieldPolicy, FieldResolution, LocalSide, ServerSide } from "./types.js";

/** `local` iff its stamp is greater than the server's (a missing server stamp is older than any). */
export function lastWriterWinsWinner(local: LocalSide, server: ServerSide): "local" | "server" {
  return server.stamp === undefined || local.stamp > server.stamp ? "local" : "server";
}

/** The default policy: per field, the write with the greater stamp wins. */
export const lastWriterWins: FieldPolicy = {
  name: "lastWriterWins",
  resolve: ({ local, server }): FieldResolution => ({ winner: lastWriterWinsWinner(local, server) }),
};
