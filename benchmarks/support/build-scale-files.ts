// Child process of scale-files.ts: builds one scale point's realms (real Realm) and writes them
// into the directory given. Arguments: total, changed, directory.
import { writeScenarioFiles } from "./scale-files.js";
import { benchStore } from "./store.js";

const [total, changed, dir] = process.argv.slice(2);
const store = benchStore();
if (store.kind !== "realm") throw new Error(`build-scale-files needs real Realm (${store.label})`);
try {
  writeScenarioFiles(store, Number(total), Number(changed), dir as string);
} finally {
  store.shutdown();
}
