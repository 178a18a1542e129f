// `npm run demo:sync`: the second part of `npm run demo` alone: two devices syncing through the
// self-hosted server on loopback (scripts/demo/sync-story.ts).
import { pathToFileURL } from "node:url";
import { runSyncStory } from "./demo/sync-story.js";
import type { SyncStoryOptions, SyncStoryResult } from "./demo/sync-story.js";

export type DemoSyncResult = SyncStoryResult;

/** Runs the sync story; returns what it printed. */
export function main(options: SyncStoryOptions = {}): Promise<DemoSyncResult> {
  return runSyncStory(options);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const store = process.argv.includes("--memory") ? "memory" : process.argv.includes("--realm") ? "realm" : "auto";
  main({ store }).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
