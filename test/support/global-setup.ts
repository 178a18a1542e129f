// Runs once per `vitest` run: prints the single line that says whether the real-Realm
// half of the contract suite runs, and why not when it is skipped.
import { probeRealRealm, shutdownRealRealm } from "./real-realm.js";

export default function setup(): () => void {
  const { Realm, reason } = probeRealRealm();
  if (Realm) {
    console.log("[realm-field-recovery] real Realm: native binding loaded, contract tests run against real Realm and the in-memory store");
  } else {
    console.log(`[realm-field-recovery] real Realm: skipped, ${reason}; contract tests run against the in-memory store only`);
  }
  return () => shutdownRealRealm();
}
