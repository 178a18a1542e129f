// realm-field-recovery/react: `useTrackedWrite()` for apps on `@realm/react` (an optional peer).
// A separate entry, so the main entry never imports React or @realm/react.
import { useRealm } from "@realm/react";
import { createUseTrackedWrite } from "./create-use-tracked-write.js";
import type { UseTrackedWrite } from "./create-use-tracked-write.js";

export { createUseTrackedWrite } from "./create-use-tracked-write.js";
export type { TrackedWriter, UseRealmHook, UseTrackedWrite } from "./create-use-tracked-write.js";
export type { TrackedTransaction, TrackedWriteOptions } from "../tracking/index.js";

/**
 * Returns a function that runs a tracked write on the realm of the nearest `RealmProvider`:
 *
 * ```tsx
 * const write = useTrackedWrite();
 * const rename = () => write((tx) => tx.assign(dog, { name: "Rexy" }));
 * ```
 *
 * Options are those of `trackedWrite` (`clock`, `tracking`).
 */
export const useTrackedWrite: UseTrackedWrite = createUseTrackedWrite(useRealm);
