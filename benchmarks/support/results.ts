// Writes one benchmark's figures to benchmarks/results/<name>.json, stamped with the
// machine facts that make them comparable.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";

/** `BENCH_RESULTS_DIR` redirects the files (e.g. for a trial run that must not replace recorded results). */
export const resultsDir = process.env.BENCH_RESULTS_DIR ? `${process.env.BENCH_RESULTS_DIR.replace(/\/$/, "")}/` : fileURLToPath(new URL("../results/", import.meta.url));
const dir = resultsDir;

export function writeResults(name: string, store: string, figures: unknown): string {
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${name}.json`;
  const body = {
    benchmark: name,
    store,
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? "unknown"}`,
    figures,
  };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  return file;
}
