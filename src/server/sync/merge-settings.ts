// What every push and pull needs to know about the app: its tracked schema and merge options.
import type { MergePolicies } from "../../policies/types.js";
import type { ObjectSchemaLike } from "../../realm-like.js";
import type { TrackingOptions } from "../../schema/tracking-options.js";

export interface MergeSettings {
  /** The tracked schema (`trackFields` applied, normalized): the same the devices open. */
  readonly schema: readonly ObjectSchemaLike[];
  readonly schemaByName: ReadonlyMap<string, ObjectSchemaLike>;
  readonly policies?: MergePolicies;
  readonly tracking?: TrackingOptions;
  /** Wall clock for the stamps' drift check. */
  readonly now: () => number;
  readonly maxDrift?: number;
}
