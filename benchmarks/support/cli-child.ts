// Runs the CLI once in this process (what the `realm-field-recovery` bin runs) and writes
// its wall time and peak resident memory to the file in CLI_BENCH_OUT, for benchmarks/cli.ts.
import { writeFileSync } from "node:fs";
import { processIo } from "../../src/cli/io.js";
import { shutdownRealm } from "../../src/cli/realm-file.js";
import { runCli } from "../../src/cli/run.js";

const started = performance.now();
const cpuStart = process.cpuUsage();
const code = await runCli(process.argv.slice(2), { ...processIo(), out: () => undefined }, { progress: false });
const ms = performance.now() - started;
const cpuMs = (): number => {
  const used = process.cpuUsage(cpuStart);
  return (used.user + used.system) / 1000;
};
writeFileSync(process.env.CLI_BENCH_OUT as string, JSON.stringify({ code, ms, cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
shutdownRealm();
