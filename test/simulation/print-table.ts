// Prints the side-by-side table for docs/simulation.md:
//   npx tsx test/simulation/print-table.ts [histories] [seed]
import { compareStrategies, formatTable } from "./compare.js";

const histories = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 20_261_121);
const started = Date.now();
const rows = compareStrategies({ seed, histories });
console.log(`seed ${seed}, ${histories} histories (2-4 devices, up to 60 events each), ${Date.now() - started} ms\n`);
console.log(formatTable(rows));
