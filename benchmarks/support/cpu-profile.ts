// The inspector's CPU profiler around a stretch of code (not the whole process, as
// `node --cpu-prof` would: the build stays out), and the top functions by self time.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

/** A V8 CPU profile as the inspector returns it. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error === null ? resolve(result as T) : reject(error))));
}

/** Starts profiling (sampling every `intervalUs` µs); the function returned stops it and returns the profile. */
export async function startCpuProfile(intervalUs: number): Promise<() => Promise<CpuProfile>> {
  const session = new Session();
  session.connect();
  await post(session, "Profiler.enable");
  await post(session, "Profiler.setSamplingInterval", { interval: intervalUs });
  await post(session, "Profiler.start");
  return async () => {
    const { profile } = await post<{ profile: CpuProfile }>(session, "Profiler.stop");
    session.disconnect();
    return profile;
  };
}

/** Writes `profile` to `file` (open it in Chrome DevTools) and prints the `top` functions by self time. */
export function reportCpuProfile(profile: CpuProfile, file: string, top: number): void {
  writeFileSync(file, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const id of profile.samples) {
    const frame = byId.get(id)?.callFrame;
    const name = frame === undefined ? "?" : `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(src|node_modules|benchmarks)\//, "$1/")}:${frame.lineNumber + 1}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples.length;
  console.log(`${total} samples; top self time:`);
  for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${name}`);
  console.log(`profile: ${file}`);
}
