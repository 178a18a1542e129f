// What the merge needs to know about a model and each of its field keys, worked out once per
// planMerge instead of once per changed field: the decoded path and its report name, the
// shape in the fresh schema, the policy, and whether the lean loop of merge-fields may take it.
import { lastWriterWins } from "../policies/last-writer-wins.js";
import { deletePolicyFor, policyFor } from "../policies/select-policy.js";
import type { DeletePolicy, FieldPolicy, MergePolicies } from "../policies/types.js";
import type { ObjectSchemaLike } from "../realm-like.js";
import { CREATED_KEY, GENERATION_KEY, decodeFieldKey, encodeFieldKey, formatFieldPath } from "../schema/field-keys.js";
import type { FieldPath } from "../schema/field-keys.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { ResolvedTrackingOptions } from "../schema/tracking-options.js";
import type { ObjectChange } from "./changeset.js";
import type { FreshRead } from "./fresh-view.js";
import { shapeAtPath } from "./stamped-paths.js";
import type { CodecContext, ValueShape } from "./value-codec.js";
import { keepShape } from "../utils/keep-shape.js";

/** One field key of one model, as the merge reads it. */
export interface FieldPlan {
  readonly fieldKey: string;
  /** The decoded path; `undefined` for a reserved key (starting with "#"). */
  readonly path: FieldPath | undefined;
  /** `false`: not a field key (reserved, or an empty first segment): skipped as `MALFORMED_KEY`. */
  readonly valid: boolean;
  /** Dot-joined path, as reports show it (`""` when not valid). */
  readonly field: string;
  /** The top-level field (`""` when not valid). */
  readonly top: string;
  /** The top-level field is never written (primary key, stamps, untracked). */
  readonly excludedTop: boolean;
  /** The shape at the path in the fresh schema; `undefined` when excluded or missing. */
  readonly shape: ValueShape | undefined;
  /** The path names an entry of a dictionary (where a missing value means "removed"). */
  readonly dictionaryEntry: boolean;
  /** The policy deciding conflicts on the path (`lastWriterWins` when not valid). */
  readonly policy: FieldPolicy;
  /** Sort order of the merge: parents first (path length), then the "/"-joined path. */
  readonly depth: number;
  readonly sortText: string;
  /**
   * A top-level field in canonical key form, known and not excluded, not a dictionary (no
   * per-key split), under `lastWriterWins`: its merge reads only its own value and stamp and
   * `#created`, so merge-fields' lean loop may decide it.
   */
  readonly simple: boolean;
  /**
   * A top-level scalar field, known and not excluded: a narrow fresh read (fresh-read.ts) may
   * take it, reading its value, its stamp keys (`stampKey` and the field key) and `#created`.
   */
  readonly narrowRead: boolean;
  /** The canonical key of a top-level field (`encodeFieldKey([top])`); `""` otherwise. */
  readonly stampKey: string;
}

/** One model of the fresh schema, as the merge reads it. */
export class ModelPlan {
  readonly schema: ObjectSchemaLike | undefined;
  /** Top-level fields never written (empty when the model is missing). */
  readonly excluded: ReadonlySet<string>;
  readonly deletePolicy: DeletePolicy;
  /** The fresh model has the stamps dictionary (counter sums can be recorded). */
  readonly recordable: boolean;
  private readonly fields = new Map<string, FieldPlan>();
  /** Working list of `freshRead` (emptied after each use). */
  private readonly scratch: FieldPlan[] = [];

  constructor(
    private readonly model: string,
    private readonly context: CodecContext,
    tracking: ResolvedTrackingOptions,
    private readonly policies: MergePolicies | undefined,
  ) {
    const schema = context.schemaOf(model);
    this.schema = schema;
    this.excluded = schema === undefined ? new Set<string>() : new Set<string>([...tracking.managedProperties, schema.primaryKey as string, ...(tracking.excludedFields.get(model) ?? [])]);
    this.deletePolicy = deletePolicyFor(policies, model);
    this.recordable = schema?.properties[tracking.timestampsProperty] !== undefined;
  }

  /**
   * The narrow read of `change` (its top-level scalar fields' values and stamp keys, plus
   * `#created` and `#gen`), from the field plans, or `undefined` when the merge needs the whole
   * fresh object: increments, a field below the top level, of a non-scalar kind, excluded or
   * unknown. A top-level scalar has no ancestors, so its effective stamp needs only its own key
   * and `#created` (docs/storage-format.md, reading rule). Property-tested against the
   * key-decoding reference in test/recovery/fresh-read-oracle.ts.
   */
  freshRead(change: ObjectChange): FreshRead | undefined {
    if (change.increments !== undefined || this.schema === undefined) return undefined;
    // The plans first (in a scratch list of this plan), then arrays of the exact size.
    const found = this.scratch;
    found.length = 0;
    let extra = 0;
    for (const fieldKey in change.fields) {
      const plan = this.field(fieldKey);
      if (!plan.narrowRead) return undefined;
      found.push(plan);
      if (plan.stampKey !== fieldKey) extra++;
    }
    const fields = new Array<string>(found.length);
    const stampKeys = new Array<string>(2 + found.length + extra);
    stampKeys[0] = CREATED_KEY;
    stampKeys[1] = GENERATION_KEY;
    let at = 2;
    for (let i = 0; i < found.length; i++) {
      const plan = found[i] as FieldPlan;
      fields[i] = plan.top;
      stampKeys[at++] = plan.stampKey;
      if (plan.stampKey !== plan.fieldKey) stampKeys[at++] = plan.fieldKey;
    }
    found.length = 0;
    return { fields, stampKeys };
  }

  /** The plan of a field key of this model (made on first use). */
  field(fieldKey: string): FieldPlan {
    let plan = this.fields.get(fieldKey);
    if (plan === undefined) {
      plan = this.schema === undefined ? invalidField(fieldKey, undefined) : fieldPlan(fieldKey, this.model, this.schema, this.excluded, this.context, this.policies);
      this.fields.set(fieldKey, plan);
    }
    return plan;
  }
}

/** Model plans of one merge, made on first use. */
export class ModelPlans {
  private readonly byModel = new Map<string, ModelPlan>();

  constructor(
    private readonly context: CodecContext,
    private readonly tracking: ResolvedTrackingOptions,
    private readonly policies: MergePolicies | undefined,
  ) {}

  of(model: string): ModelPlan {
    let plan = this.byModel.get(model);
    if (plan === undefined) this.byModel.set(model, (plan = new ModelPlan(model, this.context, this.tracking, this.policies)));
    return plan;
  }
}

function invalidField(fieldKey: string, path: FieldPath | undefined): FieldPlan {
  const order = path ?? [fieldKey];
  return { fieldKey, path, valid: false, field: "", top: "", excludedTop: false, shape: undefined, dictionaryEntry: false, policy: lastWriterWins, depth: order.length, sortText: order.join("/"), simple: false, narrowRead: false, stampKey: "" };
}

function fieldPlan(fieldKey: string, model: string, schema: ObjectSchemaLike, excluded: ReadonlySet<string>, context: CodecContext, policies: MergePolicies | undefined): FieldPlan {
  const path = decodeFieldKey(fieldKey);
  if (path === undefined || path.length === 0 || path[0] === "") return invalidField(fieldKey, path);
  const top = path[0] as string;
  const excludedTop = excluded.has(top);
  const shape = excludedTop ? undefined : shapeAtPath(schema, path, context);
  const policy = policyFor(policies, model, path);
  const stampKey = path.length === 1 ? encodeFieldKey(path) : "";
  const simple = path.length === 1 && top !== "__proto__" && stampKey === fieldKey && shape !== undefined && shape.kind !== "dictionary" && policy === lastWriterWins;
  return {
    fieldKey,
    path,
    valid: true,
    field: formatFieldPath(path),
    top,
    excludedTop,
    shape,
    dictionaryEntry: path.length >= 2 && shapeAtPath(schema, path.slice(0, -1), context)?.kind === "dictionary",
    policy,
    depth: path.length,
    sortText: path.join("/"),
    simple,
    narrowRead: path.length === 1 && shape?.kind === "scalar",
    stampKey,
  };
}

/** The merge order of changed paths, so merges are deterministic: parents first (shorter paths), then by the "/"-joined path. */
export function compareFieldPlans(a: FieldPlan, b: FieldPlan): number {
  if (a.depth !== b.depth) return a.depth - b.depth;
  return a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0;
}

// The model plan of a missing model and the plans holder, as planMerge makes them.
keepShape(new ModelPlans({ schemaOf: () => undefined }, resolveTrackingOptions(undefined), undefined)).of("");
