// Custom resolvers: a plain function `(local, server, context) => value` becomes a policy.
import type { CustomResolver, FieldPolicy, FieldPolicyOption } from "./types.js";

/** Wraps a resolver function as a named policy (the name shows in reports). */
export function resolver(resolve: CustomResolver, name = "custom"): FieldPolicy {
  return {
    name,
    resolve: ({ local, server, context }) => ({ winner: "merged", value: resolve(local.value, server.value, context) }),
  };
}

/** Normalizes a policy option: functions become `resolver(fn)`. */
export function toFieldPolicy(option: FieldPolicyOption): FieldPolicy {
  return typeof option === "function" ? resolver(option) : option;
}
