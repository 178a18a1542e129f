// combineWriteChecks: one `canWrite` from several (subscriptions, permissions, app rules); the
// first check that refuses gives the reason.
import type { CanWrite } from "../recovery/merge-plan.js";
import { explainOf, explainedCanWrite } from "./write-check.js";
import type { ExplainedCanWrite } from "./write-check.js";

/**
 * Combines checks in order. A plain `canWrite` that refuses is reported as "denied by permission";
 * use `permissionCheck(predicate, reason)` for another reason text.
 */
export function combineWriteChecks(...checks: ReadonlyArray<CanWrite | ExplainedCanWrite | undefined>): ExplainedCanWrite {
  const explains = checks.filter((check): check is CanWrite | ExplainedCanWrite => check !== undefined).map(explainOf);
  return explainedCanWrite((model, object, context) => {
    for (const explain of explains) {
      const reason = explain(model, object, context);
      if (reason !== undefined) return reason;
    }
    return undefined;
  });
}
