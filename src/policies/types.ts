// What a merge policy is: a small value with a name and a pure `resolve` over one conflict.
// The engine calls it only where the backup and the fresh realm disagree on a field's stamp.
import type { Stamp } from "../clock/index.js";
import type { FieldPath } from "../schema/field-keys.js";
import type { EncodedValue, ValueShape } from "../recovery/value-codec.js";
import type { AnyModels, FieldName, ModelTypes } from "../model-types.js";

/** Where a conflict is, and what both sides stamped. */
export interface ConflictContext {
  readonly model: string;
  /** Encoded primary key. */
  readonly key: string;
  /** Field path, dot-joined (`address.city`). */
  readonly field: string;
  readonly path: FieldPath;
  /** The shape of the value at the path (fresh schema). */
  readonly shape: ValueShape;
  readonly localStamp: Stamp;
  /** `undefined`: the fresh realm never stamped the path (older than any stamp). */
  readonly serverStamp: Stamp | undefined;
}

/** The backup's side of a conflict. `value` undefined: a removed dictionary entry. */
export interface LocalSide {
  readonly value: EncodedValue | undefined;
  readonly stamp: Stamp;
  /** For counters: what this device added since the checkpoint, when tracking recorded it. */
  readonly delta?: number;
}

/** The fresh realm's side. `value` undefined: nothing at the path (e.g. a missing dictionary key). */
export interface ServerSide {
  readonly value: EncodedValue | undefined;
  readonly stamp: Stamp | undefined;
}

/** One field on which the two sides disagree. */
export interface FieldConflict {
  readonly local: LocalSide;
  readonly server: ServerSide;
  readonly context: ConflictContext;
}

/**
 * A policy's decision. `local` writes the backup's value, `server` keeps the fresh one,
 * `merged` writes a new value. Written values carry the greater of the two stamps.
 */
export type FieldResolution =
  | { readonly winner: "local" }
  | { readonly winner: "server" }
  | { readonly winner: "merged"; readonly value: EncodedValue | undefined };

/** A field merge policy: a name (shown in reports) and a pure resolver. */
export interface FieldPolicy {
  readonly name: string;
  /** Decides one conflict: pure, no side effects (it may run in a dry run). */
  resolve(conflict: FieldConflict): FieldResolution;
}

/**
 * A custom resolver: gets both values (encoded, see docs/recovery.md) and returns the value
 * to keep. Return `context`'s stamps' winner, or anything else: it is written with the
 * greater stamp.
 */
export type CustomResolver = (local: EncodedValue | undefined, server: EncodedValue | undefined, context: ConflictContext) => EncodedValue | undefined;

/** A policy, or a bare custom resolver function. */
export type FieldPolicyOption = FieldPolicy | CustomResolver;

/** What wins between a delete and an edit of the same object. */
export type DeletePolicy = "deleteWins" | "updateWins";

/**
 * Policies of one model. `Field` is the model's field names when known (see `MergePolicies`):
 * `fields` then accepts those names and dot paths below them (`"address.city"`).
 */
export interface ModelPolicies<Field extends string = string> {
  /**
   * The policy of this model's fields not listed in `fields`.
   * @default the top-level `default`
   */
  readonly default?: FieldPolicyOption;
  /** Per field: top-level name (`"tags"`) or dot path (`"address.city"`). */
  readonly fields?: { readonly [Path in Field | `${Field}.${string}`]?: FieldPolicyOption };
  /**
   * @default the top-level `delete`
   */
  readonly delete?: DeletePolicy;
}

/**
 * The `policies` option of `applyChanges` / `recoverUnsyncedChanges` / `planMerge`. Give the
 * model types to have model and field names checked (a typo would otherwise silently fall back
 * to the default policy): `const policies: MergePolicies<{ Dog: Dog }> = { … }`.
 */
export interface MergePolicies<Models extends ModelTypes = AnyModels> {
  /**
   * The policy of every field without a more specific one.
   * @default lastWriterWins
   */
  readonly default?: FieldPolicyOption;
  /**
   * @default "deleteWins"
   */
  readonly delete?: DeletePolicy;
  /** Per model overrides. */
  readonly models?: { readonly [Model in keyof Models & string]?: ModelPolicies<FieldName<Models[Model]>> };
}
