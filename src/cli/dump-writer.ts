// Writes a realm as a JSON dump (`dumpMemoryRealm` format 1), one object per line, model by
// model: the merged realm of `recover --out`. Readable by `openMemoryRealm({ dump })` and by
// the CLI itself. The dump is encoded whole by `dumpMemoryRealm`, then written in pieces
// (never as one string).
import type { RealmLike } from "../realm-like.js";
import { dumpMemoryRealm } from "../testing/index.js";
import type { OutputFile } from "./output-file.js";
import type { PhaseBar } from "./progress.js";

export function writeDump(realm: RealmLike, file: OutputFile, bar?: PhaseBar): void {
  const dump = dumpMemoryRealm(realm);
  const schema = JSON.stringify(dump.schema, null, 2).replace(/\n/g, "\n  ");
  file.write(`{\n  "format": 1,\n  "schema": ${schema},\n  "objects": {`);
  let done = 0;
  let firstModel = true;
  for (const [model, objects] of Object.entries(dump.objects)) {
    file.write(`${firstModel ? "" : ","}\n    ${JSON.stringify(model)}: [`);
    firstModel = false;
    for (let i = 0; i < objects.length; i++) {
      file.write(`${i === 0 ? "" : ","}\n      ${JSON.stringify(objects[i])}`);
      if (++done % 1000 === 0) bar?.update(done);
    }
    file.write(objects.length === 0 ? "]" : "\n    ]");
  }
  file.write(`${firstModel ? "" : "\n  "}}\n}\n`);
  bar?.update(done);
}

/** Objects a dump of `realm` holds (the write bar's total). */
export function topLevelObjects(realm: RealmLike): number {
  let total = 0;
  for (const model of realm.schema) if (model.embedded !== true && model.asymmetric !== true) total += realm.objects(model.name).length;
  return total;
}
