// scriptedSyncSdk: a SCRIPTED STAND-IN for realm 12.x's App, Sync.initiateClientReset, sessions and
// subscriptions. It is not the SDK: it models only what the flows call, on the realms of a store
// (the in-memory store by default, or real Realm through describeStores). "Files" on the device's
// disk are realms of that store (copies taken at close); the server is a realm other devices write to.
import { HybridClock } from "../../src/clock/index.js";
import type { RealmLike } from "../../src/realm-like.js";
import { trackFields } from "../../src/schema/track-fields.js";
import type { StoreRealm } from "../contract/stores.js";
import { MEMORY } from "../simulation/store.js";
import type { SimStore } from "../simulation/store.js";
import { trackedWrite } from "../../src/tracking/index.js";
import type { TrackedTransaction } from "../../src/tracking/index.js";
import type { MutableSubscriptionSetLike, SubscriptionLike, SubscriptionSetLike, SyncSessionLike } from "../../src/adapters/index.js";

export const BASE_MS = 1_700_000_000_000;
export const NOW = (): number => BASE_MS + 10_000_000;

export const SCHEMA = trackFields([
  { name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", age: "int?", ownerId: "string?" } },
  { name: "Car", primaryKey: "_id", properties: { _id: "string", ownerId: "string", make: "string", miles: "int?" } },
]);

/** A device or server writer with a fake wall clock. */
export class Writer {
  wall = BASE_MS;
  readonly clock: HybridClock;
  constructor(nodeId: string) {
    this.clock = new HybridClock({ nodeId, now: () => this.wall });
  }
  write<T>(realm: RealmLike, ms: number, callback: (tx: TrackedTransaction) => T): T {
    this.wall = BASE_MS + ms;
    return trackedWrite(realm, callback, { clock: this.clock });
  }
}

/** A scripted sync session: records calls; upload copies the device realm to the server. */
export interface ScriptedSession extends SyncSessionLike {
  uploads: number;
  /** Set to make the next uploads fail (or hang with "hang"). */
  failUpload: Error | "hang" | undefined;
  failDownload: Error | "hang" | undefined;
}

/** A scripted flexible-sync subscription set. */
export interface ScriptedSubscriptions extends SubscriptionSetLike {
  readonly list: SubscriptionLike[];
}

let sdkCount = 0;
const never = new Promise<never>(() => {});
/** Queries built through a scripted realm's `objects(type).filtered(q)`, so `add()` can read them back. */
const queries = new WeakMap<object, { objectType: string; queryString: string }>();

export type ScriptedRealm = StoreRealm & { syncSession?: ScriptedSession; subscriptions?: ScriptedSubscriptions };

/** The stand-in. `realmPath` is the device's synced realm file. */
export function scriptedSyncSdk(options: { realmPath?: string; flexible?: boolean; store?: SimStore } = {}) {
  const store = options.store ?? MEMORY;
  const realmPath = options.realmPath ?? `/data/app-${++sdkCount}/default.realm`;
  const log: string[] = [];
  /** "Files": what each path held when its realm was closed (a copy, never opened for writing). */
  const disk = new Map<string, StoreRealm>();
  let server = store.open(SCHEMA);
  let serverSubscriptions: SubscriptionLike[] = [];
  let open: ScriptedRealm | undefined;
  let backups = 0;
  let pendingBackup: string | undefined;

  const subscriptionsFor = (realm: StoreRealm, initial: readonly SubscriptionLike[]): ScriptedSubscriptions => {
    const list = [...initial];
    return {
      list,
      [Symbol.iterator]: () => list[Symbol.iterator](),
      async update(callback) {
        const mutable: MutableSubscriptionSetLike = {
          add(query, addOptions) {
            const q = queries.get(query as object);
            if (q === undefined) throw new Error("scripted sdk: add() expects realm.objects(type).filtered(query)");
            list.push({ name: addOptions?.name ?? null, ...q });
            return undefined;
          },
        };
        callback(mutable, undefined as never);
        log.push(`subscriptions.update(${list.map((s) => s.queryString).join("; ")})`);
      },
      async waitForSynchronization() {
        serverSubscriptions = [...list];
        log.push("subscriptions.waitForSynchronization");
        void realm;
      },
    };
  };

  const attach = (realm: StoreRealm, subscriptions: readonly SubscriptionLike[]): ScriptedRealm => {
    const session: ScriptedSession = {
      uploads: 0,
      failUpload: undefined,
      failDownload: undefined,
      isConnected: () => true,
      async uploadAllLocalChanges() {
        log.push("uploadAllLocalChanges");
        if (session.failUpload === "hang") return never;
        if (session.failUpload !== undefined) throw session.failUpload;
        session.uploads++;
        server = store.copy(realm, { schema: SCHEMA });
      },
      async downloadAllServerChanges() {
        log.push("downloadAllServerChanges");
        if (session.failDownload === "hang") return never;
        if (session.failDownload !== undefined) throw session.failDownload;
      },
    };
    const scripted = realm as ScriptedRealm;
    // Own properties, not assignments: real Realm defines `syncSession` / `subscriptions` as getters.
    const define = (values: Record<string, unknown>): void => {
      for (const [name, value] of Object.entries(values)) Object.defineProperty(scripted, name, { value, configurable: true, writable: true });
    };
    define({ syncSession: session });
    if (options.flexible === true) {
      const objects = realm.objects.bind(realm);
      define({
        subscriptions: subscriptionsFor(realm, subscriptions),
        objects: (type: string) =>
          new Proxy(objects(type), {
            get(target, property) {
              if (property !== "filtered") return Reflect.get(target, property);
              return (queryString: string, ...args: unknown[]) => {
                const out = target.filtered(queryString, ...args);
                queries.set(out, { objectType: type, queryString });
                return out;
              };
            },
          }),
      });
    }
    return scripted;
  };

  const sdk = {
    realmPath,
    log,
    disk,
    app: { id: "scripted-app" },
    get server(): StoreRealm {
      return server;
    },
    get serverSubscriptions(): readonly SubscriptionLike[] {
      return serverSubscriptions;
    },
    /** The device opens its synced realm: from disk, else a full download of the server. */
    openRealm(): ScriptedRealm {
      log.push("openRealm");
      const file = disk.get(realmPath);
      const realm = store.copy(file ?? server, { schema: SCHEMA });
      open = attach(realm, serverSubscriptions);
      return open;
    },
    get device(): ScriptedRealm {
      if (open === undefined || open.isClosed) throw new Error("scripted sdk: the device realm is not open");
      return open;
    },
    /** The app closes its instances: the file keeps their content. */
    closeRealm(): void {
      log.push("closeRealm");
      if (open !== undefined && !open.isClosed) {
        disk.set(realmPath, store.copy(open, { schema: SCHEMA }));
        open.close();
      }
    },
    /** The app is killed: what was committed stays on disk. */
    kill(): void {
      if (open !== undefined && !open.isClosed) {
        disk.set(realmPath, store.copy(open, { schema: SCHEMA }));
        open.close();
      }
      open = undefined;
    },
    /** The server demands a client reset; returns the backup path the SDK would give. */
    requireReset(): string {
      pendingBackup = `${realmPath}.recovery-${++backups}`;
      return pendingBackup;
    },
    initiateClientReset(app: unknown, path: string): boolean {
      log.push(`initiateClientReset(${path})`);
      if (app !== sdk.app) throw new Error("scripted sdk: wrong app");
      if (open !== undefined && !open.isClosed) throw new Error("scripted sdk: close every instance of the realm before initiateClientReset");
      const file = disk.get(path);
      if (pendingBackup === undefined || file === undefined) return false;
      disk.set(pendingBackup, file);
      disk.delete(path);
      pendingBackup = undefined;
      return true;
    },
    openBackup(path: string): StoreRealm {
      log.push(`openBackup(${path})`);
      const file = disk.get(path);
      if (file === undefined) throw new Error(`scripted sdk: no file at ${path}`);
      return store.copy(file, { schema: SCHEMA, readOnly: true });
    },
    removeBackup(path: string): void {
      log.push(`removeBackup(${path})`);
      disk.delete(path);
    },
    setServer(realm: StoreRealm): void {
      server = realm;
    },
    setServerSubscriptions(list: SubscriptionLike[]): void {
      serverSubscriptions = list;
    },
  };
  return sdk;
}

export type ScriptedSyncSdk = ReturnType<typeof scriptedSyncSdk>;
