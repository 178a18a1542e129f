// A merge plan's operations written to the tables, in plan order, inside the push's transaction.
import { generationOf } from "../../recovery/fresh-view.js";
import type { MergeOperation } from "../../recovery/merge-operations.js";
import type { EncodedValue } from "../../recovery/value-codec.js";
import type { SqlClient } from "../storage/database.js";
import { idOf } from "../storage/rows.js";

/** Performs `operations` at `version`. */
export async function writeOperations(tx: SqlClient, operations: readonly MergeOperation[], version: number): Promise<void> {
  const deletedValues = new Map<string, Readonly<Record<string, EncodedValue>>>();
  for (const op of operations) {
    switch (op.kind) {
      case "delete": {
        const { rows } = await tx.query<{ values: Record<string, EncodedValue> }>(`DELETE FROM rfr_objects WHERE model = $1 AND key = $2 RETURNING "values"`, [op.model, op.key]);
        if (rows[0] !== undefined) deletedValues.set(idOf(op.model, op.key), rows[0].values);
        break;
      }
      case "tombstone": {
        const values = deletedValues.get(idOf(op.model, op.key));
        await tx.query(
          `INSERT INTO rfr_tombstones (model, key, stamp, generation, "values", version) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
           ON CONFLICT (model, key) DO UPDATE SET stamp = EXCLUDED.stamp, generation = EXCLUDED.generation, "values" = COALESCE(EXCLUDED."values", rfr_tombstones."values"), version = EXCLUDED.version`,
          [op.model, op.key, op.stamp, op.generation, values === undefined ? null : JSON.stringify(values), version],
        );
        break;
      }
      case "create":
        await tx.query(
          `INSERT INTO rfr_objects (model, key, generation, "values", stamps, version) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)
           ON CONFLICT (model, key) DO UPDATE SET generation = EXCLUDED.generation, "values" = EXCLUDED."values", stamps = EXCLUDED.stamps, version = EXCLUDED.version`,
          [op.model, op.key, generationOf(op.stamps), JSON.stringify(op.values), JSON.stringify(op.stamps), version],
        );
        break;
      case "update":
        await tx.query(`UPDATE rfr_objects SET "values" = "values" || $3::jsonb, stamps = $4::jsonb, generation = $5, version = $6 WHERE model = $1 AND key = $2`, [
          op.model,
          op.key,
          JSON.stringify(op.values),
          JSON.stringify(op.stamps),
          generationOf(op.stamps),
          version,
        ]);
        break;
    }
  }
}
