// The floor of a CLI run for benchmarks/cli.ts: the least work any tool must do with the same
// inputs. Dumps: read both files and JSON.parse them. `.realm` files: open both read-only and
// read every object's primary key once. Writes time and peak memory to CLI_BENCH_OUT.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type RealmType from "realm";

const [kind, ...paths] = process.argv.slice(2);
const started = performance.now();
const cpuStart = process.cpuUsage();
let Realm: typeof RealmType | undefined;
let sink = 0;
if (kind === "dump") {
  for (const path of paths) sink += Object.keys((JSON.parse(readFileSync(path as string, "utf8")) as { objects: object }).objects).length;
} else {
  Realm = createRequire(import.meta.url)("realm") as typeof RealmType;
  for (const path of paths) {
    const realm = new Realm({ path: path as string, readOnly: true });
    for (const model of realm.schema) for (const object of realm.objects(model.name)) if ((object as unknown as { _id: unknown })._id !== undefined) sink++;
    realm.close();
  }
}
const ms = performance.now() - started;
const cpuMs = (): number => {
  const used = process.cpuUsage(cpuStart);
  return (used.user + used.system) / 1000;
};
writeFileSync(process.env.CLI_BENCH_OUT as string, JSON.stringify({ code: sink >= 0 ? 0 : 1, ms, cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
Realm?.shutdown();
