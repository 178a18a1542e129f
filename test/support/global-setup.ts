// Runs once per `vitest` run: prints the single line that says whether the real-Realm
// half of the contract suite runs, and why not when it is skipped.
// With REALM_FIELD_RECOVERY_REQUIRE_REAL_REALM=1 (CI, once the shared binding installed) a skip is
// an error: the run fails before any test instead of passing on the memory store alone.
import { REQUIRE_REAL_REALM, probeRealRealm, realRealmRequired, shutdownRealRealm } from "./real-realm.js";

export default function setup(): () => void {
  const { Realm, reason } = probeRealRealm();
  if (!Realm && realRealmRequired()) {
    throw new Error(`[realm-field-recovery] real Realm is required (${REQUIRE_REAL_REALM}=1) but ${reason}`);
  }
  if (Realm) {
    console.log("[realm-field-recovery] real Realm: native binding loaded, every describeStores suite runs on real Realm and on the in-memory store");
  } else {
    console.log(`[realm-field-recovery] real Realm: skipped, ${reason}; describeStores suites run on the in-memory store only`);
  }
  console.log(
    process.env.RFR_TEST_POSTGRES_URL
      ? "[realm-field-recovery] PostgreSQL: sync-server tests run on PGlite and on RFR_TEST_POSTGRES_URL"
      : "[realm-field-recovery] PostgreSQL: skipped, RFR_TEST_POSTGRES_URL is not set (.ci/start-postgres prints one); sync-server tests run on PGlite only",
  );
  return () => shutdownRealRealm();
}
