// Log compaction: versions, tombstones and answered pushes older than the retention window are
// dropped; a device whose cursor is older is told to reset (and downloads a snapshot).
import type { SqlDatabase } from "../storage/database.js";
import { LOCK_HEAD_SQL } from "./group-commit.js";

/** What `compact` dropped. */
export interface CompactionResult {
  readonly droppedVersions: number;
  readonly droppedTombstones: number;
  readonly droppedPushes: number;
  /** The oldest cursor still answered without a reset. */
  readonly oldestCursor: number;
}

/** Drops history committed more than `retentionMs` before `now`. */
export async function compactLog(db: SqlDatabase, retentionMs: number, now: number): Promise<CompactionResult> {
  const before = new Date(now - retentionMs).toISOString();
  return db.transaction(async (tx) => {
    // The pushes' lock: no group commits while the log is cut.
    const head = Number((await tx.query<{ value: string }>(LOCK_HEAD_SQL)).rows[0]?.value ?? 0);
    const kept = await tx.query<{ version: string | null }>(`SELECT min(version) AS version FROM rfr_versions WHERE committed_at >= $1::timestamptz`, [before]);
    const firstKept = kept.rows[0]?.version === null || kept.rows[0]?.version === undefined ? head + 1 : Number(kept.rows[0].version);
    const oldestCursor = Math.max(0, firstKept - 1);
    const versions = await tx.query(`DELETE FROM rfr_versions WHERE version < $1 RETURNING version`, [firstKept]);
    const tombstones = await tx.query(`DELETE FROM rfr_tombstones WHERE version < $1 RETURNING key`, [firstKept]);
    const pushes = await tx.query(`DELETE FROM rfr_pushes WHERE received_at < $1::timestamptz RETURNING push_id`, [before]);
    await tx.query(`UPDATE rfr_meta SET value = GREATEST(value, $1) WHERE name = 'oldest_cursor'`, [oldestCursor]);
    const stored = Number((await tx.query<{ value: string }>(`SELECT value FROM rfr_meta WHERE name = 'oldest_cursor'`)).rows[0]?.value ?? oldestCursor);
    return { droppedVersions: versions.rows.length, droppedTombstones: tombstones.rows.length, droppedPushes: pushes.rows.length, oldestCursor: stored };
  });
}
