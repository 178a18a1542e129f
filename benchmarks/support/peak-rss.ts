// Peak resident memory of this process over a stretch of code, from the kernel's high-water mark
// (VmHWM in /proc/self/status), reset at the start by writing "5" to /proc/self/clear_refs
// (Linux). Resident memory counts what the JS heap does not: Realm's native allocations and the
// pages of its mapped files the run touched. Elsewhere (no /proc), `available` is false and the
// peak is the resident size at the end (`process.memoryUsage().rss`). `residentKinds` splits the
// resident size into private (anonymous) memory and mapped file pages.
import { readFileSync, writeFileSync } from "node:fs";

/** Whether the kernel's peak can be reset and read here. */
export const peakRssAvailable: boolean = (() => {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
    return /VmHWM:\s+\d+ kB/.test(readFileSync("/proc/self/status", "utf8"));
  } catch {
    return false;
  }
})();

function highWaterMark(): number {
  if (!peakRssAvailable) return process.memoryUsage().rss;
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return match === null ? process.memoryUsage().rss : Number(match[1]) * 1024;
}

/** Resets the peak; `peak()` then reads the highest resident size since (bytes), `before` the size at the reset. */
export function peakRss(): { readonly before: number; peak(): number } {
  if (peakRssAvailable) writeFileSync("/proc/self/clear_refs", "5");
  const before = process.memoryUsage().rss;
  return { before, peak: () => Math.max(highWaterMark(), before) };
}

/** Resident memory by kind (bytes): `anon` (private: JS heap, native allocations), `file` (mapped file pages, e.g. a realm's); zeros without /proc. */
export function residentKinds(): { readonly anon: number; readonly file: number } {
  if (!peakRssAvailable) return { anon: 0, file: 0 };
  const status = readFileSync("/proc/self/status", "utf8");
  const kb = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { anon: kb("RssAnon"), file: kb("RssFile") + kb("RssShmem") };
}
