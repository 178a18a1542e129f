// The hook behind `useTrackedWrite`, built around any `useRealm` hook: `@realm/react`'s by
// default (see index.ts), or one you pass (another provider, or a fake in tests).
import { useCallback } from "react";
import type { RealmLike } from "../realm-like.js";
import { trackedWrite } from "../tracking/tracked-write.js";
import type { TrackedWriteOptions } from "../tracking/tracked-write.js";
import type { TrackedTransaction } from "../tracking/transaction.js";

/** What `useTrackedWrite()` returns: runs `callback` as one tracked write and returns its result. */
export type TrackedWriter = <T>(callback: (tx: TrackedTransaction) => T) => T;

/** A hook returning the realm to write to, like `@realm/react`'s `useRealm`. */
export type UseRealmHook = () => RealmLike;

/** The signature of `useTrackedWrite`. */
export type UseTrackedWrite = (options?: TrackedWriteOptions) => TrackedWriter;

/**
 * Builds a `useTrackedWrite` hook bound to the realm `useRealm()` returns. The writer keeps
 * its identity while the realm, clock and tracking options do, so it can sit in effect deps.
 */
export function createUseTrackedWrite(useRealm: UseRealmHook): UseTrackedWrite {
  return function useTrackedWrite(options: TrackedWriteOptions = {}): TrackedWriter {
    const realm = useRealm();
    const { clock, tracking } = options;
    return useCallback(
      <T>(callback: (tx: TrackedTransaction) => T): T =>
        trackedWrite(realm, callback, { ...(clock === undefined ? {} : { clock }), ...(tracking === undefined ? {} : { tracking }) }),
      [realm, clock, tracking],
    );
  };
}
