// combineWriteChecks: one `canWrite` from several (subscriptions, permissions, app rules); the
// first check that refuses gives the reason.
import type { CanWrite } from "../recovery/merge-plan.js";

/** Combines checks in order; the first refusal wins (a plain `false` reads "denied by permission"). */
export function combineWriteChecks(...checks: ReadonlyArray<CanWrite | undefined>): CanWrite {
  const active = checks.filter((check): check is CanWrite => check !== undefined);
  return (model, object, context) => {
    for (const check of active) {
      const verdict = check(model, object, context);
      if (verdict !== true) return verdict;
    }
    return true;
  };
}
