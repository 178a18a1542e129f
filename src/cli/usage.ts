// The help text of `realm-field-recovery`.
export const USAGE = `realm-field-recovery: per-field recovery of unsynced Realm edits after a client reset

Usage:
  realm-field-recovery inspect <backup> [--since STAMP] [--json]
      List the backup's unsynced changes (fields stamped after STAMP; all without --since).
  realm-field-recovery recover --backup B --fresh F [--since STAMP] [--dry-run]
                               [--report out.json|out.html] [--out merged.json] [--allow-drift]
      Merge the backup's unsynced edits into a copy of the fresh realm, field by field.
      Writes the merged realm to --out (a JSON dump) and the report to --report.
      Inputs are never modified. --dry-run plans and reports only.
      --allow-drift: recover even if the fresh realm lacks a model (reported as MODEL_MISSING).

Inputs:
  .realm file   opened read-only with the \`realm\` package (needs its native binding)
  dump JSON     dumpMemoryRealm(realm) output (realm-field-recovery/testing)
  changeset     collectUnsyncedChanges(backup, since) output (backup only)

Exit codes: 0 ok, 1 failed, 2 bad command line or --since stamp, 3 unreadable input,
  4 fresh realm lacks a model the backup changed.`;
