// The progress bars of the recovery phases, fed by the library's `onProgress` events: one
// bar per model while collecting (its query's candidates are the total), one for apply.
import type { RealmLike } from "../realm-like.js";
import type { RecoveryProgress } from "../recovery/collect-unsynced-changes.js";
import { resolveTrackingOptions } from "../schema/tracking-options.js";
import type { RunContext } from "./command.js";
import type { CliIo } from "./io.js";
import { createProgress } from "./progress.js";
import type { PhaseBar, Progress } from "./progress.js";

/** The display for a command: off with --quiet, else as the context and stream decide. */
export function progressFor(io: CliIo, context: RunContext, quiet: boolean): Progress {
  return createProgress(io.err, quiet ? { enabled: false } : { ...(context.progress === undefined ? {} : { enabled: context.progress }), ...(context.env === undefined ? {} : { env: context.env }) });
}

/** The collect phase's `onProgress`: a bar per model, `collect Dog (2/3)`. */
export function collectBar(progress: Progress, backup: RealmLike): ((event: RecoveryProgress) => void) | undefined {
  if (!progress.enabled) return undefined;
  const { timestampsProperty, tombstoneModel } = resolveTrackingOptions(undefined);
  const models = backup.schema.filter((model) => model.embedded !== true && model.asymmetric !== true && model.name !== tombstoneModel && model.properties[timestampsProperty] !== undefined).length;
  let current: string | undefined;
  let index = 0;
  let bar: PhaseBar | undefined;
  return (event) => {
    if (event.phase !== "collect") return;
    if (event.model !== current) {
      current = event.model;
      index++;
      bar = progress.phase(`collect ${event.model ?? ""} (${index}/${models})`, event.total);
    }
    bar?.update(event.done, `${event.done.toLocaleString("en-US")}/${(event.total ?? event.done).toLocaleString("en-US")} objects, ${event.changed ?? 0} changed`);
  };
}

/** The apply phase's `onProgress`: plan (no total), then apply out of the planned operations. */
export function applyBar(progress: Progress): ((event: RecoveryProgress) => void) | undefined {
  if (!progress.enabled) return undefined;
  progress.phase("plan the merge");
  let total = 0;
  let bar: PhaseBar | undefined;
  return (event) => {
    if (event.phase === "plan") {
      total = event.done;
      bar = progress.phase("apply", total);
    } else if (event.phase === "apply") bar?.update(event.done, `${event.done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} operations`);
  };
}

/** `{ onProgress }` when there is a bar to feed, else nothing. */
export const withProgress = (onProgress: ((event: RecoveryProgress) => void) | undefined): { onProgress?: (event: RecoveryProgress) => void } => (onProgress === undefined ? {} : { onProgress });
