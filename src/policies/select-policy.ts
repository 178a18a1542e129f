// Picks the policy of a field and the delete policy of a model from the `policies` option:
// field (dot path, then top-level name) > model default > global default > lastWriterWins.
import { InvalidOptionError } from "../errors.js";
import type { FieldPath } from "../schema/field-keys.js";
import { toFieldPolicy } from "./custom.js";
import { lastWriterWins } from "./last-writer-wins.js";
import type { DeletePolicy, FieldPolicy, FieldPolicyOption, MergePolicies } from "./types.js";

/** The policy deciding conflicts on `path` of `model`. */
export function policyFor(policies: MergePolicies | undefined, model: string, path: FieldPath): FieldPolicy {
  const forModel = policies?.models?.[model];
  const fields = forModel?.fields;
  const option: FieldPolicyOption | undefined =
    (fields === undefined ? undefined : (fields[path.join(".")] ?? (path[0] === undefined ? undefined : fields[path[0]]))) ?? forModel?.default ?? policies?.default;
  return option === undefined ? lastWriterWins : toFieldPolicy(option);
}

/** The delete policy of `model`. */
export function deletePolicyFor(policies: MergePolicies | undefined, model: string): DeletePolicy {
  return policies?.models?.[model]?.delete ?? policies?.delete ?? "deleteWins";
}

/** Checks the shape of a `policies` option up front, so a typo fails before any merge. */
export function checkPolicies(policies: MergePolicies | undefined): void {
  if (policies === undefined) return;
  const checkOption = (option: unknown, where: string): void => {
    if (option === undefined || typeof option === "function") return;
    if (typeof option !== "object" || option === null || typeof (option as { resolve?: unknown }).resolve !== "function") {
      throw new InvalidOptionError(`Invalid policy at ${where}: expected a policy (e.g. lastWriterWins, setUnion) or a function (local, server, context) => value, got ${JSON.stringify(option) ?? String(option)}`);
    }
  };
  const checkDelete = (value: unknown, where: string): void => {
    if (value !== undefined && value !== "deleteWins" && value !== "updateWins") {
      throw new InvalidOptionError(`Invalid delete policy at ${where}: expected "deleteWins" or "updateWins", got ${JSON.stringify(value)}`);
    }
  };
  checkOption(policies.default, "policies.default");
  checkDelete(policies.delete, "policies.delete");
  for (const [model, forModel] of Object.entries(policies.models ?? {})) {
    if (forModel === undefined) continue;
    checkOption(forModel.default, `policies.models.${model}.default`);
    checkDelete(forModel.delete, `policies.models.${model}.delete`);
    for (const [field, option] of Object.entries(forModel.fields ?? {})) checkOption(option, `policies.models.${model}.fields.${field}`);
  }
}
