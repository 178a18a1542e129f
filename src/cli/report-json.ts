// Writes the report document as pretty JSON (stable key order: the library's own).
import type { ReportDocument } from "./report-document.js";

export function renderJsonReport(document: ReportDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
