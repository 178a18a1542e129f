// Merge policies: small values deciding one field conflict each, and their selection.
export { clientWins } from "./client-wins.js";
export { counterDelta } from "./counter-delta.js";
export { resolver, toFieldPolicy } from "./custom.js";
export { dictionaryMerge } from "./dictionary-merge.js";
export { lastWriterWins, lastWriterWinsWinner } from "./last-writer-wins.js";
export { listAdditions, listAppend } from "./list-append.js";
export { checkPolicies, deletePolicyFor, policyFor } from "./select-policy.js";
export { serverWins } from "./server-wins.js";
export { setUnion } from "./set-union.js";
export type {
  ConflictContext,
  CustomResolver,
  DeletePolicy,
  FieldConflict,
  FieldPolicy,
  FieldPolicyOption,
  FieldResolution,
  LocalSide,
  MergePolicies,
  ModelPolicies,
  ServerSide,
} from "./types.js";
