// Writes the report document as JSON: the inputs and checkpoint, then the library's
// RecoveryReport with one entry per line (stable key order: the library's own), in pieces.
import type { ReportDocument } from "./report-document.js";

/** Where the pieces go (an OutputFile, or a string collector). */
export interface TextSink {
  write(text: string): void;
}

export function writeJsonReport(document: ReportDocument, sink: TextSink): void {
  const { report, ...head } = document;
  sink.write("{\n");
  for (const [key, value] of Object.entries(head)) sink.write(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`);
  sink.write('  "report": {\n');
  const entries = Object.entries(report);
  entries.forEach(([key, value], index) => {
    const comma = index === entries.length - 1 ? "" : ",";
    if (!Array.isArray(value)) {
      sink.write(`    ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}\n`);
      return;
    }
    if (value.length === 0) {
      sink.write(`    ${JSON.stringify(key)}: []${comma}\n`);
      return;
    }
    sink.write(`    ${JSON.stringify(key)}: [\n`);
    for (let i = 0; i < value.length; i++) sink.write(`      ${JSON.stringify(value[i])}${i === value.length - 1 ? "" : ","}\n`);
    sink.write(`    ]${comma}\n`);
  });
  sink.write("  }\n}\n");
}

export function renderJsonReport(document: ReportDocument): string {
  const parts: string[] = [];
  writeJsonReport(document, { write: (text) => void parts.push(text) });
  return parts.join("");
}
