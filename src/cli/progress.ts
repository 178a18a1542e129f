// A progress bar for recoveries, drawn on stderr; silent when stderr is not a terminal
// (pipes, CI, tests), so output stays clean and deterministic there.
import type { RecoveryProgress } from "../recovery/collect-unsynced-changes.js";

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressBar {
  /** Records a progress event from the recovery. */
  update(progress: RecoveryProgress): void;
  /** Erases the bar. */
  finish(): void;
}

export interface ProgressBarOptions {
  /** Objects the collect phase will read (for the bar's fill). */
  readonly totalObjects: number;
  /** Draw even when the stream is not a TTY. @default stream.isTTY */
  readonly enabled?: boolean;
  /** Bar width in characters. @default 24 */
  readonly width?: number;
}

/** One line of the bar: `[#####.....]  40%  collect Dog (120 objects, 3 changed)`. */
export function formatProgress(progress: RecoveryProgress, state: { readonly read: number; readonly total: number; readonly operations: number }, width = 24): string {
  const fraction =
    progress.phase === "collect" ? (state.total === 0 ? 1 : state.read / state.total) : progress.phase === "plan" ? 1 : state.operations === 0 ? 1 : Math.min(1, progress.done / state.operations);
  const filled = Math.round(fraction * width);
  const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
  const detail =
    progress.phase === "collect"
      ? `collect ${progress.model ?? ""} (${state.read}/${state.total} objects${progress.changed === undefined ? "" : `, ${progress.changed} changed`})`
      : progress.phase === "plan"
        ? `plan: ${progress.done} operations`
        : `apply ${progress.done}/${state.operations}`;
  return `${bar}  ${detail}`;
}

/** A bar on `stream` (stderr); a no-op unless enabled. */
export function createProgressBar(stream: ProgressStream, options: ProgressBarOptions): ProgressBar {
  const enabled = options.enabled ?? stream.isTTY === true;
  const state = { read: 0, total: options.totalObjects, operations: 0 };
  let drawn = false;
  return {
    update(progress) {
      if (progress.phase === "collect") state.read += progress.done;
      if (progress.phase === "plan") state.operations = progress.done;
      if (!enabled) return;
      const line = formatProgress(progress, state, options.width);
      const columns = stream.columns ?? 80;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, 79))}`);
      drawn = true;
    },
    finish() {
      if (enabled && drawn) stream.write(`\r${" ".repeat(Math.min((stream.columns ?? 80) - 1, 79))}\r`);
      drawn = false;
    },
  };
}
