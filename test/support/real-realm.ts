// Loads the real `realm` package when its native binding is present, so contract tests can
// run against it; otherwise records why it could not, for the one-line skip notice.
import { createRequire } from "node:module";
import type RealmType from "realm";

export type RealmConstructor = typeof RealmType;

export interface RealRealmProbe {
  readonly Realm: RealmConstructor | undefined;
  /** Why real Realm is unavailable (undefined when it loaded). */
  readonly reason: string | undefined;
}

let probe: RealRealmProbe | undefined;

/** Tries once per process to load real Realm. `REALM_FIELD_RECOVERY_NO_REAL_REALM=1` forces a skip. */
export function probeRealRealm(): RealRealmProbe {
  if (probe) return probe;
  if (process.env.REALM_FIELD_RECOVERY_NO_REAL_REALM === "1") {
    probe = { Realm: undefined, reason: "disabled by REALM_FIELD_RECOVERY_NO_REAL_REALM=1" };
    return probe;
  }
  try {
    const require = createRequire(import.meta.url);
    const Realm = require("realm") as RealmConstructor;
    probe = { Realm, reason: undefined };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    probe = { Realm: undefined, reason: `native binding did not load (${message})` };
  }
  return probe;
}

/** Set (to 1) by CI when the shared binding installed: a real-Realm half that would skip fails instead. */
export const REQUIRE_REAL_REALM = "REALM_FIELD_RECOVERY_REQUIRE_REAL_REALM";

export function realRealmRequired(): boolean {
  return process.env[REQUIRE_REAL_REALM] === "1";
}

/** `probeRealRealm`, throwing when real Realm is required (CI with the binding) but did not load. */
export function realRealmOrFail(): RealRealmProbe {
  const probed = probeRealRealm();
  if (probed.Realm === undefined && realRealmRequired()) {
    throw new Error(`real Realm is required (${REQUIRE_REAL_REALM}=1) but ${probed.reason}`);
  }
  return probed;
}

/** Realm keeps Node alive until `Realm.shutdown()`; call it once a process is done with it. */
export function shutdownRealRealm(): void {
  if (probe?.Realm) probe.Realm.shutdown();
}
