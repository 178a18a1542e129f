// One recovery at a time per realm path: a second reset for the same backup joins the running
// flow; a reset with another backup waits for it (never two recoveries on one realm at once).

/** How a call was scheduled. */
export type Scheduling = "started" | "queued";

/** Serializes reset flows per realm path. One process-wide queue is the default. */
export interface ResetQueue {
  /**
   * Runs `flow` for (realmPath, backupPath) once: joins a running flow for the same backup,
   * queues behind one for another backup.
   */
  run<T>(realmPath: string, backupPath: string, flow: (scheduling: Scheduling) => Promise<T>): Promise<T>;
  /** The backup being recovered for `realmPath`, if any. */
  running(realmPath: string): string | undefined;
}

/** A new, empty queue (tests simulate an app relaunch with one; apps use the default). */
export function createResetQueue(): ResetQueue {
  const running = new Map<string, { readonly backupPath: string; readonly promise: Promise<unknown> }>();
  return {
    run<T>(realmPath: string, backupPath: string, flow: (scheduling: Scheduling) => Promise<T>): Promise<T> {
      const current = running.get(realmPath);
      if (current !== undefined && current.backupPath === backupPath) return current.promise as Promise<T>;
      const scheduling: Scheduling = current === undefined ? "started" : "queued";
      const promise = (current === undefined ? Promise.resolve() : current.promise.then(() => undefined, () => undefined)).then(() => flow(scheduling));
      const entry = { backupPath, promise };
      running.set(realmPath, entry);
      const settle = (): void => {
        if (running.get(realmPath) === entry) running.delete(realmPath);
      };
      promise.then(settle, settle);
      return promise;
    },
    running: (realmPath) => running.get(realmPath)?.backupPath,
  };
}

/** The process-wide queue every flow uses unless given another. */
export const defaultResetQueue: ResetQueue = createResetQueue();
