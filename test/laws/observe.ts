// One recovery of a random scenario, observed: the realms' notes and tombstones before and after,
// and the report. The law tests (merge, whole-run) state their laws over it.
import { recoverUnsyncedChanges } from "../../src/index.js";
import type { RecoverOptions, RecoveryReport, Stamp } from "../../src/index.js";
import type { StoreUnderTest } from "../contract/stores.js";
import { CELLS, MODEL, NOW, buildScenario, effectiveStamp, generationOf, isUnsynced, keyOf, notesOf, tombstonesOf } from "./scenario.js";
import type { BuildOptions, Cell, NoteState, Scenario, ScenarioInput, TombstoneState } from "./scenario.js";

export type DeletePolicy = "deleteWins" | "updateWins";

export interface Observed {
  readonly scenario: Scenario;
  readonly since: Stamp | null;
  readonly deletePolicy: DeletePolicy;
  readonly backup: Map<number, NoteState>;
  readonly backupTombstones: Map<string, TombstoneState>;
  readonly before: Map<number, NoteState>;
  readonly beforeTombstones: Map<string, TombstoneState>;
  readonly after: Map<number, NoteState>;
  readonly afterTombstones: Map<string, TombstoneState>;
  readonly report: RecoveryReport;
}

/** Builds the scenario, recovers device a's backup into the fresh realm, and reads everything. */
export function observeRecovery(
  store: StoreUnderTest,
  input: ScenarioInput,
  deletePolicy: DeletePolicy,
  options: BuildOptions & { readonly recover?: Partial<RecoverOptions> } = {},
): Observed {
  const scenario = buildScenario(store, input, options);
  const { fresh, backup, since } = scenario;
  const backupNotes = notesOf(backup);
  const backupTombstones = tombstonesOf(backup);
  const before = notesOf(fresh);
  const beforeTombstones = tombstonesOf(fresh);
  const report = recoverUnsyncedChanges({ backup, fresh, since, now: NOW, policies: { delete: deletePolicy }, ...options.recover });
  return { scenario, since, deletePolicy, backup: backupNotes, backupTombstones, before, beforeTombstones, after: notesOf(fresh), afterTombstones: tombstonesOf(fresh), report };
}

/** The unsynced cells of a backup note. */
export const unsyncedCells = (note: NoteState, since: Stamp | null): Cell[] => CELLS.filter((cell) => isUnsynced(note, cell, since));

/** The greatest stamp among a backup note's unsynced cells. */
export const newestUnsynced = (note: NoteState, since: Stamp | null): Stamp =>
  unsyncedCells(note, since).map((cell) => effectiveStamp(note.stamps, cell)!).reduce((a, b) => (b > a ? b : a), "");

/** Whether a `friend` cell's value links to a note that is gone after the recovery (law 12 nulls it). */
export const dangling = (o: Observed, cell: Cell, value: unknown): boolean => cell === "friend" && typeof value === "number" && !o.after.has(value);

/**
 * Whether a fresh `friend` cell's link was cut by a delete: its target is gone, or the recovery
 * deleted it (a local tombstone, law 11) before re-creating a later generation (law 10). As in
 * Realm, deleting an object nulls the links to it; the device's own delete did the same.
 */
export const unlinked = (o: Observed, cell: Cell, value: unknown): boolean =>
  dangling(o, cell, value) || (cell === "friend" && typeof value === "number" && o.report.deleted.some((entry) => entry.key === keyOf(value)));

/** The backup note and the fresh one of the same id and generation (both existing before), or undefined. */
export function sameGeneration(o: Observed, id: number): { local: NoteState; server: NoteState } | undefined {
  const local = o.backup.get(id);
  const server = o.before.get(id);
  if (local === undefined || server === undefined) return undefined;
  return generationOf(local.stamps) === generationOf(server.stamps) ? { local, server } : undefined;
}

/** Report entries about one note. */
export const entriesFor = <T extends { readonly model?: string | undefined; readonly key?: string | undefined }>(list: readonly T[], id: number): T[] =>
  list.filter((entry) => entry.model === MODEL && entry.key === keyOf(id));
