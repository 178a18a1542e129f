// The CLI's version (kept equal to package.json's by test/cli/args.test.ts).
export const VERSION = "0.2.0";
