// `realm-field-recovery inspect <backup> [--since STAMP] [--json]`: lists the backup's
// unsynced changes (a realm or dump is extracted; a changeset is shown, narrowed by --since).
import { collectUnsyncedChanges } from "../recovery/collect-unsynced-changes.js";
import type { Changeset } from "../recovery/changeset.js";
import { renderChangeset } from "./changeset-text.js";
import { usageError } from "./cli-errors.js";
import { defineCommand } from "./command.js";
import { filterChangeset } from "./filter-changeset.js";
import { loadInput } from "./inputs.js";
import { collectBar, progressFor, withProgress } from "./phases.js";
import { parseSince } from "./since.js";

export interface InspectCommand {
  readonly command: "inspect";
  readonly backup: string;
  /** Raw `--since` text; checked as a stamp later. */
  readonly since?: string;
  readonly json: boolean;
  readonly quiet: boolean;
}

export const inspect = defineCommand<InspectCommand>({
  name: "inspect",
  options: { since: { type: "string", short: "s" }, json: { type: "boolean" } },
  build({ values, positionals }) {
    if (positionals.length !== 1) throw usageError(positionals.length === 0 ? "inspect needs a backup: realm-field-recovery inspect <backup>" : `inspect takes one backup, got ${positionals.length}: ${positionals.join(" ")}`);
    const since = values.since as string | undefined;
    return { command: "inspect", backup: positionals[0] as string, json: values.json === true, quiet: values.quiet === true, ...(since === undefined ? {} : { since }) };
  },
  async run(command, io, context) {
    const since = parseSince(command.since);
    const progress = progressFor(io, context, command.quiet);
    try {
      const input = await loadInput(command.backup, "backup", true, progress);
      let changeset: Changeset;
      if (input.kind === "changeset") changeset = since === null ? input.changeset : filterChangeset(input.changeset, since);
      else {
        try {
          changeset = collectUnsyncedChanges(input.realm, since, withProgress(collectBar(progress, input.realm)));
        } finally {
          input.release();
        }
      }
      progress.finish();
      if (command.json) io.out(JSON.stringify(changeset, null, 2));
      else for (const line of renderChangeset(changeset)) io.out(line);
      return 0;
    } finally {
      progress.finish();
    }
  },
});
