// Type-level proof that the adapters accept realm 12's own sync types, with no cast: the
// `realm12` dev dependency is realm@12 (types only: its native install script never runs).
// Checked by `npm run typecheck`; the runtime test only keeps vitest from reporting an empty file.
import type Realm from "realm12";
import type { ClientResetError, CompensatingWriteError, SyncConfiguration } from "realm12";
import { describe, expect, it } from "vitest";
import { memoryStateStorage } from "../../src/clock/index.js";
import { discardUnsyncedChangesWithRecovery, manualClientReset, manualRecoveryStrategy, onCompensatingWrite, subscriptionFilter } from "../../src/adapters/index.js";
import type { ManualClientResetOptions } from "../../src/adapters/index.js";
import type { RecoveryReport } from "../../src/recovery/report.js";

type Sync = Omit<SyncConfiguration, "user" | "flexible" | "partitionValue"> & Pick<Realm.FlexibleSyncConfiguration, "flexible">;

/** What a realm 12 app has at hand, declared (nothing here runs realm 12). */
export interface Realm12App {
  readonly app: Realm.App;
  readonly realm: Realm;
  readonly initiateClientReset: typeof Realm.App.Sync.initiateClientReset;
  readonly Realm: typeof Realm;
  readonly manual: typeof Realm.ClientResetMode.Manual;
  readonly discard: typeof Realm.ClientResetMode.DiscardUnsyncedChanges;
}

export function manualOptions(sdk: Realm12App): ManualClientResetOptions {
  return {
    app: sdk.app,
    initiateClientReset: sdk.initiateClientReset,
    realmPath: sdk.realm.path,
    closeRealm: () => sdk.realm.close(),
    openRealm: () => sdk.realm,
    Realm: sdk.Realm,
    storage: memoryStateStorage(),
  };
}

/** `clientReset` with ClientResetMode.Manual and onManual, `onError`, from manualClientReset. */
export function manualConfig(sdk: Realm12App): Sync {
  const reset = manualClientReset(manualOptions(sdk));
  // 12.x's modes are a TypeScript enum, which the string "manual" is not assignable to: spread it in.
  const clientReset: Realm.ClientResetManualConfiguration = { ...reset.clientReset, mode: sdk.manual };
  const onError: Realm.ErrorCallback = reset.error;
  return { flexible: true, clientReset, onError };
}

/** The strategy object takes realm 12's session and ClientResetError. */
export function strategyCall(sdk: Realm12App, session: Realm.App.Sync.Session, error: ClientResetError): void {
  manualRecoveryStrategy(manualOptions(sdk)).onClientReset(session, error);
}

/** The discard mode with onBefore / onAfter, from discardUnsyncedChangesWithRecovery. */
export function discardConfig(sdk: Realm12App): Sync {
  const reset = discardUnsyncedChangesWithRecovery({ realmPath: sdk.realm.path, storage: memoryStateStorage() });
  const clientReset: Realm.ClientResetDiscardUnsyncedChangesConfiguration = { ...reset.clientReset, mode: sdk.discard };
  const onError: Realm.ErrorCallback = reset.error;
  const onBefore: Realm.ClientResetBeforeCallback = reset.clientReset.onBefore;
  const onAfter: Realm.ClientResetAfterCallback = reset.clientReset.onAfter;
  const onFallback: Realm.ClientResetFallbackCallback = reset.clientReset.onFallback;
  void [onBefore, onAfter, onFallback];
  return { flexible: true, clientReset, onError };
}

/** CompensatingWriteError with its `writes`, mapped to the last report. */
export function compensating(error: CompensatingWriteError, report: RecoveryReport | undefined): number {
  return onCompensatingWrite(error, report).length + error.writes.length;
}

/** subscriptionFilter on a realm 12 realm and its subscription set. */
export function filterOf(realm: Realm): unknown {
  const subscriptions: Realm.App.Sync.SubscriptionSet = realm.subscriptions;
  void subscriptions.update((mutable) => {
    mutable.add(realm.objects("Dog").filtered("ownerId == $0", "me"), { name: "mine" });
  });
  return subscriptionFilter(realm);
}

describe("realm 12 sync types", () => {
  it("are accepted by the adapters (see typecheck)", () => {
    expect([manualConfig, strategyCall, discardConfig, compensating, filterOf].every((f) => typeof f === "function")).toBe(true);
  });
});
