// `realm-field-recovery inspect <backup> [--since STAMP] [--json]`: lists the backup's
// unsynced changes (a realm or dump is extracted; a changeset is shown, narrowed by --since).
import { collectUnsyncedChanges } from "../recovery/collect-unsynced-changes.js";
import type { Changeset } from "../recovery/changeset.js";
import type { InspectCommand } from "./args.js";
import { renderChangeset } from "./changeset-text.js";
import { filterChangeset } from "./filter-changeset.js";
import { loadInput } from "./inputs.js";
import type { CliIo } from "./io.js";
import { parseSince } from "./since.js";

export async function inspectCommand(command: InspectCommand, io: CliIo): Promise<number> {
  const since = parseSince(command.since);
  const input = await loadInput(command.backup, "backup", true);
  let changeset: Changeset;
  if (input.kind === "changeset") changeset = since === null ? input.changeset : filterChangeset(input.changeset, since);
  else {
    try {
      changeset = collectUnsyncedChanges(input.realm, since);
    } finally {
      input.realm.close();
    }
  }
  if (command.json) io.out(JSON.stringify(changeset, null, 2));
  else for (const line of renderChangeset(changeset)) io.out(line);
  return 0;
}
