// The progress display on stderr: one bar per phase (read, parse, check, load, collect, plan,
// apply, write), each with its true total when one is known, redrawn at most every 50 ms and
// cut to the terminal's width so a line never wraps; `\r` + erase-line clears it at any width.
// Silent unless stderr is a terminal and `CI` is unset, and with --quiet.
//
// Our own rather than a library's: the phases run synchronously (a timer-driven redraw, as
// in cli-progress, would not fire inside them), none of the libraries looked at checks `CI`,
// and the whole display is the few lines below.

export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/** One phase's bar. */
export interface PhaseBar {
  /** Sets how far the phase is (out of its total) and, optionally, the text after the bar. */
  update(done: number, detail?: string): void;
}

export interface Progress {
  /** Starts a phase (replacing the previous bar); `total` undefined: no fill is shown. */
  phase(label: string, total?: number): PhaseBar;
  /** Erases the bar. */
  finish(): void;
  readonly enabled: boolean;
}

export interface ProgressOptions {
  /** Draw even when the stream is not a terminal (`true`) or never (`false`). @default stream.isTTY and no CI */
  readonly enabled?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Bar width in characters. @default 24 */
  readonly width?: number;
  /** Milliseconds between redraws. @default 50 */
  readonly interval?: number;
  readonly now?: () => number;
}

/** `CI` set to anything but "", "0" or "false". */
export const isCi = (env: Readonly<Record<string, string | undefined>>): boolean => env.CI !== undefined && !["", "0", "false"].includes(env.CI.toLowerCase());

const count = (n: number): string => n.toLocaleString("en-US");

/** One line: `collect Dog (2/3)  [######..........]  25%  1,200/4,800 objects`. */
export function formatPhase(label: string, done: number, total: number | undefined, detail: string | undefined, width = 24): string {
  if (total === undefined) return detail === undefined ? `${label} …` : `${label} … ${detail}`;
  const fraction = total <= 0 ? 1 : Math.min(1, done / total);
  const filled = Math.floor(fraction * width);
  const bar = `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
  return `${label}  ${bar}  ${detail ?? `${count(done)}/${count(total)}`}`;
}

const ERASE = "\r\x1b[2K";

export function createProgress(stream: ProgressStream, options: ProgressOptions = {}): Progress {
  const enabled = options.enabled ?? (stream.isTTY === true && !isCi(options.env ?? process.env));
  const interval = options.interval ?? 50;
  const now = options.now ?? Date.now;
  let drawn = false;
  let last = -Infinity;
  const draw = (line: string): void => {
    // One column short of the width: a full-width line would wrap on some terminals.
    const columns = Math.max(10, (stream.columns ?? 80) - 1);
    stream.write(`${ERASE}${line.length > columns ? `${line.slice(0, columns - 1)}…` : line}`);
    drawn = true;
    last = now();
  };
  return {
    enabled,
    phase(label, total) {
      if (enabled) draw(formatPhase(label, 0, total, undefined, options.width));
      return {
        update(done, detail) {
          if (!enabled) return;
          if (now() - last < interval && (total === undefined || done < total)) return;
          draw(formatPhase(label, done, total, detail, options.width));
        },
      };
    },
    finish() {
      if (enabled && drawn) stream.write(ERASE);
      drawn = false;
    },
  };
}
