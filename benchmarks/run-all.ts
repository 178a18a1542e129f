// `npm run bench`: runs every benchmark in its own process (clean heap for peak-memory figures),
// then draws the SVG charts in docs/benchmarks/ from benchmarks/results/*.json.
// Flags: --quick (smaller sizes, ~10 min on 2 cores), --charts-only (redraw from saved results).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { resultsDir } from "./support/results.js";
import { barChart, lineChart } from "./support/svg.js";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const argv = process.argv.slice(2);
const quick = argv.includes("--quick") || process.env.BENCH_QUICK === "1";
const chartsOnly = argv.includes("--charts-only");

const BENCHMARKS = ["write-overhead", "recovery", "merge-core", "scale", "storage", "sync-server"] as const;

function runAll(): void {
  for (const name of BENCHMARKS) {
    const started = Date.now();
    console.log(`\n######## ${name}${quick ? " (--quick)" : ""} ########`);
    const result = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=12288", "--import", "tsx", here(`./${name}.ts`), ...(quick ? ["--quick"] : [])], { stdio: "inherit" });
    console.log(`######## ${name}: ${result.status === 0 ? "done" : `FAILED (exit ${String(result.status)})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed results files

function load(name: string): Json | undefined {
  const file = `${resultsDir}${name}.json`;
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Json) : undefined;
}

const storeNote = (result: Json): string => `${String(result.store).split(" — ")[0]}; ${String(result.date).slice(0, 10)}; ${String(result.cpus)}`;

function drawCharts(): string[] {
  const dir = process.env.BENCH_CHARTS_DIR ? `${process.env.BENCH_CHARTS_DIR.replace(/\/$/, "")}/` : here("../docs/benchmarks/");
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const save = (name: string, svg: string): void => {
    writeFileSync(`${dir}${name}.svg`, svg);
    written.push(`${dir}${name}.svg`);
  };

  const writes = load("write-overhead");
  if (writes) {
    save(
      "write-overhead",
      barChart({
        title: "Write overhead: tracked ÷ its target's baseline (floor for a, b, d; raw for c; lower is better)",
        unit: "×",
        bars: (writes.figures.cases as Json[]).map((c) => {
          const value = c.targetOver === "raw" ? c.ratio : (c.ratioOverFloor ?? c.ratio);
          return { label: `(${c.id}) ${c.name} ÷ ${c.targetOver ?? "raw"}`, value, color: value <= c.target ? 2 : 1 };
        }),
        reference: { value: 1.15, label: "target 1.15× floor (1.05× raw for c)" },
        note: storeNote(writes),
      }),
    );
  }

  const recovery = load("recovery");
  if (recovery) {
    const f = recovery.figures;
    save(
      "recovery",
      barChart({
        title: `Recovery, ${Number(f.objects).toLocaleString("en")} objects, ${Number(f.changedLocal).toLocaleString("en")} changed: changed objects / s`,
        unit: "obj/s",
        bars: [
          { label: "realm-field-recovery", value: f.ours.changedPerSecond, color: 0 },
          { label: "seed per-object recipe", value: f.seed.changedPerSecond, color: 1 },
        ],
        note: `${storeNote(recovery)}; edits lost: ours ${f.ours.lost.server}, recipe ${f.seed.lost.server}`,
      }),
    );
  }

  const merge = load("merge-core");
  if (merge) {
    (merge.figures.sections as Json[]).forEach((section, i) => {
      save(
        i === 0 ? "merge-core" : `merge-core-${section.objects}`,
        barChart({
          title: `Merge core vs peers, ${Number(section.objects).toLocaleString("en")} objects, 10% changed per side: ms (lower is better)`,
          unit: "ms",
          bars: (section.rows as Json[]).filter((row) => row.ms !== null).map((row) => ({ label: `${row.contender}: ${row.job}`, value: row.ms, color: String(row.contender).startsWith("realm") ? 0 : String(row.contender).startsWith("TinyBase") ? 1 : 3 })),
          note: `plain data, no store; ${String(merge.date).slice(0, 10)}; ${String(merge.cpus)}`,
        }),
      );
    });
  }

  const scale = load("scale");
  if (scale) {
    const f = scale.figures;
    save(
      "scale-total",
      lineChart({
        title: `Recovery time, ${f.fixedChanged} changed, total objects grows`,
        xLabel: "total objects (log scale)",
        yLabel: "ms",
        logX: true,
        series: [
          { name: "whole recovery", points: (f.byTotal as Json[]).map((p) => [p.total, p.ms]) },
          { name: "collect (extraction)", points: (f.byTotal as Json[]).map((p) => [p.total, p.collectMs]) },
          { name: "merge + apply", points: (f.byTotal as Json[]).map((p) => [p.total, p.ms - p.collectMs]) },
        ],
        note: storeNote(scale),
      }),
    );
    save(
      "scale-changed",
      lineChart({
        title: `Recovery time, ${Number(f.fixedTotal).toLocaleString("en")} objects, changed objects grows`,
        xLabel: "changed objects",
        yLabel: "ms",
        series: [
          { name: "whole recovery", points: (f.byChanged as Json[]).map((p) => [p.changed, p.ms]) },
          { name: "merge + apply", points: (f.byChanged as Json[]).map((p) => [p.changed, p.ms - p.collectMs]) },
        ],
        note: storeNote(scale),
      }),
    );
    save(
      "scale-memory",
      lineChart({
        title: "Peak heap (and resident memory) during recovery (MiB)",
        xLabel: "objects (log scale)",
        yLabel: "MiB",
        logX: true,
        series: [
          { name: `total grows, ${f.fixedChanged} changed`, points: (f.byTotal as Json[]).map((p) => [p.total, p.peakHeapBytes / 2 ** 20]) },
          { name: "changed grows", points: (f.byChanged as Json[]).map((p) => [p.changed, p.peakHeapBytes / 2 ** 20]) },
          ...((f.byTotal as Json[]).every((p) => typeof p.peakRssBytes === "number") ? [{ name: `peak RSS, total grows, ${f.fixedChanged} changed`, points: (f.byTotal as Json[]).map((p): [number, number] => [p.total, p.peakRssBytes / 2 ** 20]) }] : []),
        ],
        note: storeNote(scale),
      }),
    );
  }

  const storage = load("storage");
  if (storage) {
    const f = storage.figures;
    save(
      "storage",
      barChart({
        title: "Bytes per object, 10-field model (logical payload)",
        unit: "B",
        bars: [
          { label: "seed: lastUpdated int", value: f.seedBytesPerObject, color: 1 },
          { label: "tracking: fieldTimestamps after insert", value: f.stampsAfterInsert.perObject, color: 0 },
          { label: "tracking: 3 fields edited", value: f.stampsAfterThreeFieldEdits.perObject, color: 0 },
          { label: "tracking: every field edited (ceiling)", value: f.stampsAfterEveryFieldEdited.perObject, color: 0 },
          ...(typeof f.counterBytesPerObject === "number" ? [{ label: "tracking: newestStampMillis counter", value: f.counterBytesPerObject, color: 0 }] : []),
          { label: "tracking: per tombstone (deleted objects)", value: f.tombstones.perTombstone, color: 0 },
          { label: "the 10 field values themselves", value: f.dataBytesPerObject, color: 5 },
        ],
        note: storeNote(storage),
      }),
    );
  }
  return written;
}

/** Markdown tables of the saved results, for docs/benchmarks.md. */
function summary(): string {
  const out: string[] = [];
  const n = (value: number, digits = 0): string => value.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const writes = load("write-overhead");
  if (writes) {
    out.push(`### Write overhead (${storeNote(writes)})`, "", "| case | raw ops/s | floor ops/s | tracked ops/s | tracked ÷ raw | tracked ÷ floor | added µs/op vs raw / vs floor | target | Realm calls per op: raw, floor, tracked |", "|---|---|---|---|---|---|---|---|---|");
    for (const c of writes.figures.cases as Json[]) {
      const calls = c.realmCallsPerOperation as Json | null | undefined;
      const target = `tracked ÷ ${String(c.targetOver ?? "raw")} ≤ ${c.target}: ${c.withinTarget ? "**met**" : "not met"}`;
      out.push(`| (${c.id}) ${c.name} | ${n(c.rawOpsPerSecond)} | ${typeof c.floorOpsPerSecond === "number" ? n(c.floorOpsPerSecond) : "-"} | ${n(c.trackedOpsPerSecond)} | ${n(c.ratio, 2)} | ${typeof c.ratioOverFloor === "number" ? n(c.ratioOverFloor, 2) : "-"} | ${n(c.addedMicrosecondsPerOperation, 1)} / ${typeof c.microsecondsOverFloorPerOperation === "number" ? n(c.microsecondsOverFloorPerOperation, 1) : "-"} | ${target} | ${calls ? `${n(calls.raw)}, ${n(calls.floor)}, ${n(calls.tracked)}` : "-"} |`);
    }
    if (Array.isArray(writes.figures.counterShare)) {
      out.push("", "The newest-stamp counter's share (tracked writes with it ÷ without it, alternated runs):", "", "| case | format 1 ops/s | format 2 ops/s | format 2 ÷ format 1 | counter µs/op |", "|---|---|---|---|---|");
      for (const c of writes.figures.counterShare as Json[]) out.push(`| (${c.id}) | ${n(c.format1OpsPerSecond)} | ${n(c.format2OpsPerSecond)} | ${n(c.ratio, 2)} | ${n(c.counterMicrosecondsPerOperation, 1)} |`);
    }
    const b = writes.figures.stampBytes;
    out.push("", `Stamps: after insert ${n(b.afterInsert.entriesPerObject, 1)} entry per object, ${n(b.afterInsert.perStamp, 1)} B each; after 3 of 10 fields edited ${n(b.afterThreeFieldEdits.entriesPerObject, 1)} entries, ${n(b.afterThreeFieldEdits.perStamp, 1)} B each (${n(b.afterThreeFieldEdits.perObject, 1)} B per object).`, "");
  }
  const recovery = load("recovery");
  if (recovery) {
    const f = recovery.figures;
    out.push(`### Recovery (${storeNote(recovery)})`, "", `${n(f.objects)} objects × 10 fields; ${n(f.changedLocal)} changed locally, ${n(f.changedServer)} by another device; median of ${f.runs} alternated runs.`, "");
    out.push("| approach | median ms | changed obj/s | time ÷ recipe | peak heap | other device's field edits lost | local field edits lost |", "|---|---|---|---|---|---|---|");
    out.push(`| realm-field-recovery | ${n(f.ours.ms)} | ${n(f.ours.changedPerSecond)} | ${n(f.timeRatioOursToSeed, 2)} | ${n(f.ours.peakHeapBytes / 2 ** 20, 1)} MiB | ${f.ours.lost.server} | ${f.ours.lost.local} |`);
    out.push(`| … of which collect (extraction) | ${n(f.ours.collectMs)} | | | | | |`);
    out.push(`| seed per-object recipe | ${n(f.seed.ms)} | ${n(f.seed.changedPerSecond)} | 1.00 | ${n(f.seed.peakHeapBytes / 2 ** 20, 1)} MiB | ${f.seed.lost.server} | ${f.seed.lost.local} |`, "");
  }
  const merge = load("merge-core");
  if (merge) {
    for (const section of merge.figures.sections as Json[]) {
      out.push(`### Merge core, ${n(section.objects)} objects, ${n(section.changedPerSide)} changed per side (${String(merge.date).slice(0, 10)}; ${String(merge.cpus)})`, "");
      out.push("| contender | job | median ms | changed obj/s | ours ÷ this, alternated runs |", "|---|---|---|---|---|");
      for (const row of section.rows as Json[]) out.push(`| ${row.contender} | ${row.job} | ${row.ms === null ? "-" : n(row.ms, 1)} | ${row.changedPerSecond === null ? (row.note ?? "-") : n(row.changedPerSecond)} | ${row.oursAlongsideMs === null || row.ms === null ? "" : n(row.oursAlongsideMs / row.ms, 2)} |`);
      out.push("", `Fastest peer on the same job: ${section.fastestPeer ?? "none"}; ours ÷ it: ${section.ratioToFastestPeer === null ? "-" : n(section.ratioToFastestPeer, 2)} (target ≤ ${String(section.target ?? 1)}: ${section.targetMet ? "met" : "not met"}). Ours and TinyBase reach the same state: ${section.oursAgreesWithTinyBase ? "yes" : "NO"}.`, "");
    }
  }
  // scale.json: the --quick sizes; scale-full.json: `npm run bench:scale` (up to 1,000,000 objects).
  for (const name of ["scale", "scale-full"]) {
    const scale = load(name);
    if (!scale) continue;
    const f = scale.figures;
    out.push(`### Scale${name === "scale-full" ? ", full sizes" : ""} (${storeNote(scale)})`, "", "| total | changed | recovery ms | collect ms | merge + apply ms | of which GC pauses ms | µs per changed obj | peak heap | peak RSS |", "|---|---|---|---|---|---|---|---|---|");
    for (const p of [...(f.byTotal as Json[]), ...(f.byChanged as Json[])]) out.push(`| ${n(p.total)} | ${n(p.changed)} | ${n(p.ms)} | ${n(p.collectMs)} | ${n(p.ms - p.collectMs)} | ${typeof p.gcMs === "number" ? n(p.gcMs) : "-"} | ${n((p.ms * 1000) / p.changed, 1)} | ${n(p.peakHeapBytes / 2 ** 20, 1)} MiB | ${typeof p.peakRssBytes === "number" ? `${n(p.peakRssBytes / 2 ** 20, 1)} MiB` : "-"} |`);
    out.push("", `- (i) ${f.verdicts.flatInUnchanged.text}`, `- (ii) ${f.verdicts.linearInChanged.text}`, "");
  }
  const storage = load("storage");
  if (storage) {
    const f = storage.figures;
    out.push(`### Storage (${storeNote(storage)})`, "", "| what | bytes per object | × seed's 8 B |", "|---|---|---|");
    out.push(`| seed: lastUpdated int | 8 | 1.0 |`);
    for (const [what, b] of [["fieldTimestamps after insert", f.stampsAfterInsert], ["… after 3 of 10 fields edited", f.stampsAfterThreeFieldEdits], ["… after every field edited (ceiling)", f.stampsAfterEveryFieldEdited]] as const) out.push(`| ${what} (${n(b.entriesPerObject)} entries) | ${n(b.perObject, 1)} | ${n(b.perObject / 8, 1)} |`);
    if (typeof f.counterBytesPerObject === "number") {
      out.push(`| newestStampMillis counter (format 2) | ${n(f.counterBytesPerObject, 1)} | ${n(f.counterBytesPerObject / 8, 1)} |`);
      out.push(`| tracking in all, after insert / ceiling | ${n(f.trackingBytesPerObjectAfterInsert, 1)} / ${n(f.trackingBytesPerObject, 1)} | ${n(f.trackingBytesPerObjectAfterInsert / 8, 1)} / ${n(f.trackingBytesPerObject / 8, 1)} |`);
    }
    out.push(`| one tombstone, per deleted object | ${n(f.tombstones.perTombstone, 1)} | ${n(f.tombstones.perTombstone / 8, 1)} |`, `| the 10 field values themselves | ${n(f.dataBytesPerObject, 1)} | ${n(f.dataBytesPerObject / 8, 1)} |`, "");
  }
  const file = `${resultsDir}summary.md`;
  writeFileSync(file, `${out.join("\n")}\n`);
  return file;
}

if (!chartsOnly) runAll();
const charts = drawCharts();
console.log(`summary: ${summary()}`);
console.log(`\ncharts: ${charts.join(", ")}`);
console.log("results: benchmarks/results/*.json; summary in docs/benchmarks.md");
