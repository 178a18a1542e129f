// Helpers for the CLI tests: fixture paths, a temp folder per test, and the CLI run
// in-process (runCli with captured output) or as a subprocess (tsx src/cli/main.ts).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/run.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = join(ROOT, "test/cli/fixtures");
export const fixture = (name: string): string => join(FIXTURES, name);
export const SINCE = readFileSync(fixture("since.txt"), "utf8").trim();

export const tempDir = (): string => mkdtempSync(join(tmpdir(), "rfr-cli-"));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process. */
export async function runInProcess(
  argv: readonly string[],
  options: { readonly progress?: boolean; readonly tty?: boolean; readonly env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io = { out: (line: string) => void (stdout += `${line}\n`), err: { write: (text: string) => void (stderr += text), isTTY: options.tty ?? false, columns: 100 } };
  // The environment defaults to none at all, so `CI` of the machine running the tests does not decide.
  const code = await runCli(argv, io, { env: options.env ?? {}, ...(options.progress === undefined ? {} : { progress: options.progress }) });
  return { code, stdout, stderr };
}

/** Runs `tsx src/cli/main.ts` as a child process (what `npx realm-field-recovery` runs once built). */
export function runSubprocess(argv: readonly string[]): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), join(ROOT, "src/cli/main.ts"), ...argv], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => void (stdout += text));
    child.stderr.setEncoding("utf8").on("data", (text: string) => void (stderr += text));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}
