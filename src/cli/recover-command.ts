// `realm-field-recovery recover --backup B --fresh F [--since S] [--dry-run] [--report R] [--out O]`:
// merges the backup's unsynced edits into an in-memory copy of the fresh realm, writes the
// merged realm (JSON dump) and the report; the input files are never modified.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Stamp } from "../clock/index.js";
import { applyChanges } from "../recovery/apply-changes.js";
import type { Changeset } from "../recovery/changeset.js";
import { collectUnsyncedChanges } from "../recovery/collect-unsynced-changes.js";
import type { RecoveryReport } from "../recovery/report.js";
import type { RealmLike } from "../realm-like.js";
import { dumpMemoryRealm } from "../testing/index.js";
import type { RecoverCommand } from "./args.js";
import { CliError, EXIT, usageError } from "./cli-errors.js";
import { filterChangeset } from "./filter-changeset.js";
import { loadInput } from "./inputs.js";
import type { CliIo } from "./io.js";
import { createProgressBar } from "./progress.js";
import { reportDocument, showStamp, showValue } from "./report-document.js";
import { renderHtmlReport } from "./report-html.js";
import { renderJsonReport } from "./report-json.js";
import { parseSince } from "./since.js";

/** How many entries of each list the summary prints before pointing to --report. */
const SHOWN = 20;

function writeOutput(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new CliError("WRITE_FAILED", `cannot write the ${what} to ${path}: ${(error as Error).message}`, "check that the folder exists and is writable", EXIT.FAILED, { cause: error });
  }
}

/** Objects the collect phase will read: every top-level object (for the progress bar). */
function countObjects(realm: RealmLike): number {
  let total = 0;
  for (const model of realm.schema) if (model.embedded !== true && model.asymmetric !== true) total += realm.objects(model.name).length;
  return total;
}

/** Refuses a fresh realm that lacks a model the changeset touches (unless --allow-drift). */
function checkModels(changeset: Changeset, fresh: RealmLike, command: RecoverCommand): void {
  if (command.allowDrift) return;
  const known = new Set(fresh.schema.map((model) => model.name));
  const missing = [...new Set([...changeset.objects, ...changeset.tombstones].map((entry) => entry.model))].filter((model) => !known.has(model)).sort();
  if (missing.length === 0) return;
  throw new CliError(
    "SCHEMA_MISMATCH",
    `the fresh realm ${command.fresh} lacks model${missing.length === 1 ? "" : "s"} ${missing.map((model) => `"${model}"`).join(", ")}, which the backup changed`,
    "check that --fresh is the realm downloaded for this backup; after a breaking schema change pass --allow-drift to recover the rest and report those changes as MODEL_MISSING (docs/schema-changes.md)",
    EXIT.SCHEMA,
  );
}

function summary(report: RecoveryReport, io: CliIo): void {
  const { counts } = report;
  io.out(`${report.dryRun ? "dry run, nothing written: " : ""}${counts.applied} applied, ${counts.kept} kept from the server, ${counts.created} created, ${counts.deleted} deleted, ${counts.skipped} skipped, ${counts.errors} errors`);
  const list = <T>(entries: readonly T[], line: (entry: T) => string): void => {
    for (const entry of entries.slice(0, SHOWN)) io.out(line(entry));
    if (entries.length > SHOWN) io.out(`  … ${entries.length - SHOWN} more (see --report)`);
  };
  list(report.applied, (e) => `  applied  ${e.model} ${e.key} ${e.field} = ${showValue(e.value)}  (was ${showValue(e.previous.value)})`);
  list(report.kept, (e) => `  kept     ${e.model} ${e.key} ${e.field} = ${showValue(e.server.value)}  (local ${showValue(e.local.value)} is older)`);
  list(report.created, (e) => `  created  ${e.model} ${e.key}`);
  list(report.deleted, (e) => `  deleted  ${e.model} ${e.key}  ${showStamp(e.stamp)}`);
  list(report.skipped, (e) => `  skipped  ${e.code} ${[e.model, e.key, e.field].filter((part) => part !== undefined).join(" ")}: ${e.message}`);
  list(report.writtenAnyway, (e) => `  flagged  ${e.model} ${e.key} ${e.operation} written anyway: ${e.reason} (the server may revert it)`);
  list(report.errors, (e) => `  error    ${e.code} ${[e.model, e.key, e.field].filter((part) => part !== undefined).join(" ")}: ${e.message}`);
}

export async function recoverCommand(command: RecoverCommand, io: CliIo, options: { readonly progress?: boolean } = {}): Promise<number> {
  const since: Stamp | null = parseSince(command.since);
  if (command.out !== undefined && [command.backup, command.fresh].some((input) => resolve(input) === resolve(command.out as string))) {
    throw usageError(`--out ${command.out} is an input: inputs are never modified`, "write the merged realm to a new file");
  }
  const backup = await loadInput(command.backup, "backup", true);
  const fresh = await loadInput(command.fresh, "fresh", false);
  if (fresh.kind !== "realm") throw new Error("unreachable: fresh inputs are realms");
  const bar = createProgressBar(io.err, { totalObjects: backup.kind === "realm" ? countObjects(backup.realm) : 0, ...(options.progress === undefined ? {} : { enabled: options.progress }) });
  try {
    let changeset: Changeset;
    if (backup.kind === "changeset") changeset = since === null ? backup.changeset : filterChangeset(backup.changeset, since);
    else changeset = collectUnsyncedChanges(backup.realm, since, { onProgress: bar.update });
    checkModels(changeset, fresh.realm, command);
    const report = applyChanges(fresh.realm, changeset, { dryRun: command.dryRun, onProgress: bar.update });
    bar.finish();
    if (command.report !== undefined) {
      const document = reportDocument(command.backup, command.fresh, changeset.since, report);
      writeOutput(command.report, /\.html?$/i.test(command.report) ? renderHtmlReport(document) : renderJsonReport(document), "report");
    }
    if (!command.dryRun && command.out !== undefined) writeOutput(command.out, `${JSON.stringify(dumpMemoryRealm(fresh.realm), null, 2)}\n`, "merged realm");
    summary(report, io);
    if (command.report !== undefined) io.out(`report: ${command.report}`);
    if (!command.dryRun && command.out !== undefined) io.out(`merged realm: ${command.out}`);
    return EXIT.OK;
  } finally {
    bar.finish();
    if (backup.kind === "realm") backup.realm.close();
    fresh.realm.close();
  }
}
