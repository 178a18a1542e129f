// `realm-field-recovery recover --backup B --fresh F [--since S] [--dry-run] [--report R] [--out O]`:
// merges the backup's unsynced edits into a copy of the fresh realm, writes the
// merged realm (JSON dump) and the report; the input files are never modified.
import { resolve } from "node:path";
import type { Stamp } from "../clock/index.js";
import { applyChanges } from "../recovery/apply-changes.js";
import type { Changeset } from "../recovery/changeset.js";
import { collectUnsyncedChanges } from "../recovery/collect-unsynced-changes.js";
import type { RecoveryReport } from "../recovery/report.js";
import type { RealmLike } from "../realm-like.js";
import { CliError, EXIT, usageError } from "./cli-errors.js";
import { defineCommand } from "./command.js";
import { topLevelObjects, writeDump } from "./dump-writer.js";
import { filterChangeset } from "./filter-changeset.js";
import { loadInput } from "./inputs.js";
import type { LoadedInput } from "./inputs.js";
import type { CliIo } from "./io.js";
import { writeOutput } from "./output-file.js";
import { applyBar, collectBar, progressFor, withProgress } from "./phases.js";
import { reportDocument, showKey, showStamp, showValue } from "./report-document.js";
import { jsonReportPathFor, writeHtmlReport } from "./report-html.js";
import { writeJsonReport } from "./report-json.js";
import { parseSince } from "./since.js";

export interface RecoverCommand {
  readonly command: "recover";
  readonly backup: string;
  readonly fresh: string;
  readonly since?: string;
  readonly dryRun: boolean;
  /** `.json` or `.html` path for the report (an `.html` report also writes its `.json` beside it). */
  readonly report?: string;
  /** Where the merged fresh dump is written. */
  readonly out?: string;
  /** Skip (and report) models the fresh input lacks instead of refusing. */
  readonly allowDrift: boolean;
  readonly quiet: boolean;
}

/** How many entries of each list the summary prints before pointing to --report. */
const SHOWN = 20;

export const recover = defineCommand<RecoverCommand>({
  name: "recover",
  options: {
    backup: { type: "string", short: "b" },
    fresh: { type: "string", short: "f" },
    since: { type: "string", short: "s" },
    "dry-run": { type: "boolean", short: "n" },
    report: { type: "string", short: "r" },
    out: { type: "string", short: "o" },
    "allow-drift": { type: "boolean" },
  },
  build({ values, positionals }) {
    if (positionals.length > 0) throw usageError(`unexpected argument ${positionals[0] as string}: recover takes --backup and --fresh`);
    const text = (name: string): string | undefined => values[name] as string | undefined;
    const backup = text("backup");
    const fresh = text("fresh");
    if (backup === undefined || fresh === undefined) throw usageError(`recover needs ${backup === undefined ? "--backup" : "--fresh"}: realm-field-recovery recover --backup B --fresh F --out merged.json`);
    const dryRun = values["dry-run"] === true;
    const report = text("report");
    const out = text("out");
    const since = text("since");
    if (report !== undefined && !/\.(json|html?)$/i.test(report)) throw usageError(`--report ${report}: expected a .json or .html file name`);
    if (out !== undefined && !/\.json$/i.test(out)) throw usageError(`--out ${out}: expected a .json file name (the merged realm is written as a JSON dump)`);
    if (!dryRun && out === undefined) throw usageError("recover needs --out <merged.json> (inputs are never modified), or --dry-run to only report");
    if (dryRun && out !== undefined) throw usageError("--dry-run writes no merged realm: drop --out, or drop --dry-run to write it");
    return {
      command: "recover",
      backup,
      fresh,
      dryRun,
      allowDrift: values["allow-drift"] === true,
      quiet: values.quiet === true,
      ...(since === undefined ? {} : { since }),
      ...(report === undefined ? {} : { report }),
      ...(out === undefined ? {} : { out }),
    };
  },
  run: recoverCommand,
});

/** Refuses a fresh realm that lacks a model the changeset needs (unless --allow-drift). */
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
  io.out(`${report.dryRun ? "dry run (planned, the merged realm is not written): " : ""}${counts.applied} applied, ${counts.kept} kept from the server, ${counts.created} created, ${counts.deleted} deleted, ${counts.skipped} skipped, ${counts.errors} errors`);
  const list = <T>(entries: readonly T[], line: (entry: T) => string): void => {
    for (const entry of entries.slice(0, SHOWN)) io.out(line(entry));
    if (entries.length > SHOWN) io.out(`  … ${entries.length - SHOWN} more (see --report)`);
  };
  const where = (e: { model?: string; key?: string; field?: string }): string => [e.model, e.key === undefined ? undefined : showKey(e.key), e.field].filter((part) => part !== undefined).join(" ");
  list(report.applied, (e) => `  applied  ${where(e)} = ${showValue(e.value)}  (was ${showValue(e.previous.value)})`);
  list(report.kept, (e) => `  kept     ${where(e)} = ${showValue(e.server.value)}  (local ${showValue(e.local.value)} is older)`);
  list(report.created, (e) => `  created  ${where(e)}`);
  list(report.deleted, (e) => `  deleted  ${where(e)}  ${showStamp(e.stamp)}`);
  list(report.skipped, (e) => `  skipped  ${e.code} ${where(e)}: ${e.message}`);
  list(report.writtenAnyway, (e) => `  flagged  ${where(e)} ${e.operation} written anyway: ${e.reason} (the server may revert it)`);
  list(report.errors, (e) => `  error    ${e.code} ${where(e)}: ${e.message}`);
}

const MB = (bytes: number): string => (bytes < 1e6 ? `${Math.max(1, Math.round(bytes / 1e3))} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

export async function recoverCommand(command: RecoverCommand, io: CliIo, context: { readonly progress?: boolean; readonly env?: Readonly<Record<string, string | undefined>> } = {}): Promise<number> {
  const since: Stamp | null = parseSince(command.since);
  const outputs = [command.out, command.report, command.report === undefined || !/\.html?$/i.test(command.report) ? undefined : jsonReportPathFor(command.report)].filter((path) => path !== undefined);
  for (const output of outputs) {
    if ([command.backup, command.fresh].some((input) => resolve(input) === resolve(output))) throw usageError(`${output} is an input: inputs are never modified`, "write the outputs to new files");
  }
  const progress = progressFor(io, context, command.quiet);
  let backup: LoadedInput | undefined;
  let fresh: LoadedInput | undefined;
  try {
    backup = await loadInput(command.backup, "backup", true, progress);
    fresh = await loadInput(command.fresh, "fresh", false, progress);
    if (fresh.kind !== "realm") throw new Error("unreachable: fresh inputs are realms");
    let changeset: Changeset;
    if (backup.kind === "changeset") changeset = since === null ? backup.changeset : filterChangeset(backup.changeset, since);
    else {
      changeset = collectUnsyncedChanges(backup.realm, since, withProgress(collectBar(progress, backup.realm)));
      // The backup is not needed past extraction: let it go before the merge allocates.
      backup.release();
      backup = undefined;
    }
    checkModels(changeset, fresh.realm, command);
    const report = applyChanges(fresh.realm, changeset, { dryRun: command.dryRun, ...withProgress(applyBar(progress)) });
    const written: string[] = [];
    if (command.report !== undefined) {
      const document = reportDocument(command.backup, command.fresh, changeset.since, report);
      if (/\.html?$/i.test(command.report)) {
        const jsonPath = jsonReportPathFor(command.report);
        progress.phase(`write ${jsonPath}`);
        written.push(`report (full, JSON): ${jsonPath} (${MB(writeOutput(jsonPath, "report", (file) => writeJsonReport(document, file)))})`);
        progress.phase(`write ${command.report}`);
        written.push(`report (HTML): ${command.report} (${MB(writeOutput(command.report, "report", (file) => writeHtmlReport(document, file, { jsonReport: jsonPath })))})`);
      } else {
        progress.phase(`write ${command.report}`);
        written.push(`report: ${command.report} (${MB(writeOutput(command.report, "report", (file) => writeJsonReport(document, file)))})`);
      }
    }
    if (!command.dryRun && command.out !== undefined) {
      const realm = fresh.realm;
      const bar = progress.phase(`write ${command.out}`, topLevelObjects(realm));
      written.push(`merged realm: ${command.out} (${MB(writeOutput(command.out, "merged realm", (file) => writeDump(realm, file, bar)))})`);
    }
    progress.finish();
    summary(report, io);
    if (written.length === 0) io.out("wrote nothing (dry run without --report)");
    for (const line of written) io.out(`wrote ${line}`);
    return EXIT.OK;
  } finally {
    progress.finish();
    if (backup?.kind === "realm") backup.release();
    if (fresh?.kind === "realm") fresh.release();
  }
}
