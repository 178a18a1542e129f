// The progress bars in a real terminal: tmux runs the CLI at a given width, capture-pane
// reads the screen while it works and after it ends. Mid-run a line shows one phase and never
// wraps; at the end no trace of a bar is left, at any width; with CI set nothing is drawn.
// Skipped with one line when tmux is not installed.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeCliInputs } from "../../benchmarks/support/cli-inputs.js";
import type { CliInputs } from "../../benchmarks/support/cli-inputs.js";
import { ROOT, tempDir } from "./helpers.js";

const hasTmux = spawnSync("tmux", ["-V"]).status === 0;
if (!hasTmux) console.log("[realm-field-recovery] progress terminal test: skipped, tmux is not installed");

const sessions: string[] = [];
const tmux = (...args: string[]): string => execFileSync("tmux", args, { encoding: "utf8" });
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `command` in a fresh tmux pane `width` columns wide; returns every screen seen and the last. */
async function inTerminal(width: number, command: string): Promise<{ screens: string[]; final: string }> {
  const name = `rfr-progress-${process.pid}-${sessions.length}`;
  sessions.push(name);
  tmux("new-session", "-d", "-s", name, "-x", String(width), "-y", "30", "env PS1='$ ' bash --norc --noprofile");
  tmux("send-keys", "-t", name, `cd ${ROOT} && clear && ${command}; echo "EXIT=$?"`, "Enter");
  const screens: string[] = [];
  for (let i = 0; i < 600; i++) {
    const screen = tmux("capture-pane", "-p", "-t", name);
    screens.push(screen);
    if (/^EXIT=\d+/m.test(screen)) return { screens, final: screen };
    await sleep(50);
  }
  throw new Error(`the CLI did not finish in tmux:\n${screens.at(-1) ?? ""}`);
}

describe.runIf(hasTmux)("progress bars in a real terminal (tmux)", () => {
  let inputs: CliInputs;
  let out: string;
  beforeAll(() => {
    out = tempDir();
    inputs = writeCliInputs({ objects: 20_000, dir: out, format: "dump" });
  });
  afterAll(() => {
    for (const name of sessions) spawnSync("tmux", ["kill-session", "-t", name]);
  });

  const cli = (env: string, extra = ""): string =>
    `env -u CI ${env} "${process.execPath}" node_modules/tsx/dist/cli.mjs src/cli/main.ts recover -b ${inputs.backup} -f ${inputs.fresh} -s ${inputs.since} -o ${join(out, "merged.json")} -r ${join(out, "r.html")}${extra} > ${join(out, "stdout.txt")}`;

  for (const width of [40, 120]) {
    it(`at ${width} columns: a bar per phase while it works, nothing left when done`, async () => {
      const { screens, final } = await inTerminal(width, cli(""));
      expect(final).toMatch(/^EXIT=0$/m);
      // While it runs, the line under the command shows a phase and fits the width.
      const bars = screens.flatMap((screen) => screen.split("\n")).filter((line) => /^(read|parse|check|load|collect|plan|apply|write) /.test(line));
      expect(bars.length).toBeGreaterThan(0);
      for (const line of bars) expect(line.length).toBeLessThan(width);
      expect(bars.some((line) => line.startsWith("check backup") || line.startsWith("collect Dog"))).toBe(true);
      // Done (stdout went to a file): the bar's line is erased, not a character of it is left.
      expect(final.split("\n").filter((line) => line.trim() !== "" && line.trim() !== "$")).toEqual(["EXIT=0"]);
      expect(readFileSync(join(out, "stdout.txt"), "utf8")).toMatch(/^\d+ applied, \d+ kept from the server/);
    }, 90_000);
  }

  it("with CI set, or --quiet, nothing but the summary", async () => {
    for (const command of [cli("CI=true"), cli("", " --quiet")]) {
      const { screens, final } = await inTerminal(80, command);
      expect(final).toMatch(/^EXIT=0$/m);
      for (const screen of screens) expect(screen).not.toMatch(/^(read|parse|check|load|collect|plan|apply|write) /m);
      expect(final.split("\n").filter((line) => line.trim() !== "" && line.trim() !== "$")).toEqual(["EXIT=0"]);
    }
  }, 180_000);
});
