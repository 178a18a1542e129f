// A tiny SVG chart generator (horizontal bars, lines) for docs/benchmarks: no dependencies,
// plain text output that renders on GitHub.

const COLORS = ["#3b6fb6", "#e07b39", "#5a9e4b", "#b64a7a", "#7a6bb6", "#8c8c8c"];
const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const fmt = (value: number): string => (Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2));

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Index into the palette (same group, same color). @default 0 */
  readonly color?: number;
}

export interface BarChartOptions {
  readonly title: string;
  readonly unit: string;
  readonly bars: readonly Bar[];
  /** A vertical reference line (a target), with its label. */
  readonly reference?: { readonly value: number; readonly label: string };
  /** A note printed under the chart (e.g. the store it ran on). */
  readonly note?: string;
}

/** Horizontal bar chart, one bar per row, value printed at the bar's end. */
export function barChart(options: BarChartOptions): string {
  const labelWidth = Math.min(360, Math.max(...options.bars.map((bar) => bar.label.length)) * 6.6 + 16);
  const plotWidth = 420;
  const rowHeight = 22;
  const top = 34;
  const height = top + options.bars.length * rowHeight + (options.note ? 40 : 24);
  const width = labelWidth + plotWidth + 80;
  const max = Math.max(...options.bars.map((bar) => bar.value), options.reference?.value ?? 0) * 1.05 || 1;
  const x = (value: number): number => labelWidth + (value / max) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${escape(options.title)}</text>`,
  ];
  options.bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const color = COLORS[(bar.color ?? 0) % COLORS.length] as string;
    parts.push(`<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${escape(bar.label)}</text>`);
    parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, x(bar.value) - labelWidth).toFixed(1)}" height="${rowHeight - 6}" fill="${color}"/>`);
    parts.push(`<text x="${(x(bar.value) + 4).toFixed(1)}" y="${y + 14}">${escape(`${fmt(bar.value)} ${options.unit}`)}</text>`);
  });
  if (options.reference) {
    const rx = x(options.reference.value).toFixed(1);
    const bottom = top + options.bars.length * rowHeight;
    parts.push(`<line x1="${rx}" y1="${top - 4}" x2="${rx}" y2="${bottom}" stroke="#c00" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${rx}" y="${bottom + 14}" fill="#c00" text-anchor="middle">${escape(options.reference.label)}</text>`);
  }
  if (options.note) parts.push(`<text x="8" y="${height - 8}" fill="#555" font-size="11">${escape(options.note)}</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Logarithmic x axis (for 1k…1M). @default false */
  readonly logX?: boolean;
  readonly note?: string;
}

/** Line chart with dots, linear y from 0, linear or log x. */
export function lineChart(options: LineChartOptions): string {
  const width = 640;
  const height = 340;
  const left = 70;
  const right = 150;
  const top = 36;
  const bottom = 60;
  const all = options.series.flatMap((series) => series.points);
  const xs = all.map(([px]) => (options.logX ? Math.log10(px) : px));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const yMax = Math.max(...all.map(([, py]) => py)) * 1.1 || 1;
  const sx = (value: number): number => left + (((options.logX ? Math.log10(value) : value) - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const sy = (value: number): number => height - bottom - (value / yMax) * (height - top - bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="20" font-size="14" font-weight="bold">${escape(options.title)}</text>`,
    `<line x1="${left}" y1="${height - bottom}" x2="${width - right}" y2="${height - bottom}" stroke="#333"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${height - bottom}" stroke="#333"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const value = (yMax / 4) * i;
    parts.push(`<text x="${left - 6}" y="${sy(value) + 4}" text-anchor="end">${escape(fmt(value))}</text>`);
    parts.push(`<line x1="${left}" y1="${sy(value)}" x2="${width - right}" y2="${sy(value)}" stroke="#eee"/>`);
  }
  const ticks = [...new Set(all.map(([px]) => px))].sort((a, b) => a - b);
  for (const tick of ticks) {
    parts.push(`<text x="${sx(tick).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${escape(tick >= 1000 ? `${tick / 1000}k` : String(tick))}</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - bottom + 36}" text-anchor="middle">${escape(options.xLabel)}</text>`);
  parts.push(`<text x="14" y="${(top + height - bottom) / 2}" transform="rotate(-90 14 ${(top + height - bottom) / 2})" text-anchor="middle">${escape(options.yLabel)}</text>`);
  options.series.forEach((series, i) => {
    const color = COLORS[i % COLORS.length] as string;
    const points = [...series.points].sort((a, b) => a[0] - b[0]);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map(([px, py]) => `${sx(px).toFixed(1)},${sy(py).toFixed(1)}`).join(" ")}"/>`);
    for (const [px, py] of points) parts.push(`<circle cx="${sx(px).toFixed(1)}" cy="${sy(py).toFixed(1)}" r="3" fill="${color}"/>`);
    parts.push(`<rect x="${width - right + 12}" y="${top + i * 18}" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${width - right + 26}" y="${top + i * 18 + 9}">${escape(series.name)}</text>`);
  });
  if (options.note) parts.push(`<text x="8" y="${height - 8}" fill="#555" font-size="11">${escape(options.note)}</text>`);
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
