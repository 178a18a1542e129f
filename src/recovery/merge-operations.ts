// The plan's output: plain operations that `applyChanges` performs in one write transaction.
import type { Stamp } from "../clock/index.js";
import type { EncodedValue } from "./value-codec.js";

/** Create an object (after all deletes); values are top-level, encoded; links resolved at apply. */
export interface CreateOperation {
  readonly kind: "create";
  readonly model: string;
  readonly key: string;
  readonly values: Readonly<Record<string, EncodedValue>>;
  /** The whole `fieldTimestamps` dictionary of the new object. */
  readonly stamps: Readonly<Record<string, Stamp>>;
}

/** Overwrite some top-level fields of an existing object, and its whole stamp dictionary. */
export interface UpdateOperation {
  readonly kind: "update";
  readonly model: string;
  readonly key: string;
  readonly values: Readonly<Record<string, EncodedValue>>;
  readonly stamps: Readonly<Record<string, Stamp>>;
}

/** Delete an object of the fresh realm. */
export interface DeleteOperation {
  readonly kind: "delete";
  readonly model: string;
  readonly key: string;
}

/** Record (upsert) a tombstone in the fresh realm, so other devices learn of the delete. */
export interface TombstoneOperation {
  readonly kind: "tombstone";
  readonly model: string;
  readonly key: string;
  readonly stamp: Stamp;
  readonly generation: number;
}

/** One step of a merge plan. */
export type MergeOperation = CreateOperation | UpdateOperation | DeleteOperation | TombstoneOperation;
