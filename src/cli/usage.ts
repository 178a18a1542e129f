// The help text of `realm-field-recovery`.
export const USAGE = `realm-field-recovery: per-field recovery of unsynced Realm edits after a client reset

Usage:
  realm-field-recovery inspect <backup> [-s|--since STAMP] [--json] [-q|--quiet]
      List the backup's unsynced changes (fields stamped after STAMP; all without --since).
  realm-field-recovery recover -b|--backup B -f|--fresh F [-s|--since STAMP]
                               [-o|--out merged.json | -n|--dry-run]
                               [-r|--report out.json|out.html] [--allow-drift] [-q|--quiet]
      Merge the backup's unsynced edits into a copy of the fresh realm, field by field.
      Writes the merged realm to --out (a JSON dump) and the report to --report
      (an .html report also writes the full lists as .json beside it).
      Inputs are never modified. --dry-run plans and reports only.
      --allow-drift: recover even if the fresh realm lacks a model (reported as MODEL_MISSING).
  realm-field-recovery serve --schema schema.json [options]
      Run the self-hosted sync server (docs/self-hosted-sync.md); serve --help lists its options.

Progress bars are drawn on stderr when it is a terminal and CI is not set; --quiet hides them.

Inputs:
  .realm file   opened read-only with the \`realm\` package (needs its native binding)
  dump JSON     dumpMemoryRealm(realm) output (realm-field-recovery/testing)
  changeset     collectUnsyncedChanges(backup, since) output (backup only)

Exit codes: 0 ok, 1 failed, 2 bad command line or --since stamp, 3 unreadable or invalid input,
  4 fresh realm lacks a model the backup changed.`;
