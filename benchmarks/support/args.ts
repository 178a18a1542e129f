// Command-line switches shared by the benchmarks: `--quick` (or BENCH_QUICK=1) for smaller sizes.
export interface BenchArgs {
  /** Smaller sizes, for CI and the `npm run bench` time budget. */
  readonly quick: boolean;
}

export function benchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  return { quick: argv.includes("--quick") || process.env.BENCH_QUICK === "1" };
}

/** Prints a heading with the store label, so no figure is read without knowing where it ran. */
export function printHeading(title: string, storeLabel: string): void {
  console.log(`\n== ${title} ==`);
  console.log(`store: ${storeLabel}`);
}
