// realm-field-recovery/react: `useTrackedWrite()` for apps on `@realm/react` (an optional peer).
// A separate entry, so the main entry never imports React or @realm/react; `createUseTrackedWrite`
// alone (no @realm/react import) is `realm-field-recovery/react/create`.
import { useRealm } from "@realm/react";
import { createUseTrackedWrite } from "./create-use-tracked-write.js";
import type { UseTrackedWrite } from "./create-use-tracked-write.js";

export * from "./create.js";

/**
 * Returns a function that runs a tracked write on the realm of the nearest `RealmProvider` of
 * `@realm/react` (the default one: for a `createRealmContext()` context, build the hook from
 * its `useRealm` with `createUseTrackedWrite`):
 *
 * ```tsx
 * const write = useTrackedWrite();
 * const rename = () => write((tx) => tx.assign(dog, { name: "Rexy" }));
 * ```
 *
 * Options are those of `trackedWrite` (`clock`, `tracking`).
 */
export const useTrackedWrite: UseTrackedWrite = createUseTrackedWrite(useRealm);
