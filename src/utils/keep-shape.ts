// Keeps the hidden class of per-run class instances (the merge's, the write path's) alive between runs.
// V8 reaches an instance's hidden class only through weak transitions once its last instance
// is gone: a full collection then drops it and deoptimizes every compiled function that
// checked it, so each planMerge after a full GC ran in unoptimized code while it was compiled
// again (measured: 40–50 ms of background CPU per 2,000-object merge, docs/benchmarks.md).
// One idle instance per class, made like the real ones, holds the shape for the process.

const kept: unknown[] = [];

/** Holds `instance` for the life of the process (one per class, made at module load). */
export function keepShape<T>(instance: T): T {
  kept.push(instance);
  return instance;
}
