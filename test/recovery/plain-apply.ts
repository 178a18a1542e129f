// Test helper: applies a merge plan to plain FreshView data, so laws can be checked without a store.
import type { PlainFreshData } from "../../src/recovery/fresh-view.js";
import type { MergeOperation } from "../../src/recovery/merge-operations.js";
import type { EncodedValue } from "../../src/recovery/value-codec.js";

type Objects = Record<string, Record<string, { values: Record<string, EncodedValue>; stamps: Record<string, string>; generation?: number }>>;
type Tombstones = Record<string, Record<string, { stamp: string; generation: number }>>;

export function applyToPlain(data: PlainFreshData, operations: readonly MergeOperation[]): PlainFreshData {
  const objects = structuredClone((data.objects ?? {}) as Objects);
  const tombstones = structuredClone((data.tombstones ?? {}) as Tombstones);
  for (const op of operations) {
    const models = (objects[op.model] ??= {});
    switch (op.kind) {
      case "delete":
        delete models[op.key];
        break;
      case "tombstone":
        (tombstones[op.model] ??= {})[op.key] = { stamp: op.stamp, generation: op.generation };
        break;
      case "create":
        models[op.key] = { values: { ...op.values }, stamps: { ...op.stamps }, generation: Number(op.stamps["#gen"] ?? 1) };
        break;
      case "update": {
        const target = models[op.key];
        if (target === undefined) throw new Error(`update of missing ${op.model} ${op.key}`);
        target.values = { ...target.values, ...op.values };
        target.stamps = { ...op.stamps };
        target.generation = Number(op.stamps["#gen"] ?? 1);
        break;
      }
    }
  }
  return { schema: data.schema, objects, tombstones };
}
