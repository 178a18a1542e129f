// The demo's store: real Realm when its native binding loads (files in a temporary folder),
// else the in-memory store of realm-field-recovery/testing. Both open, copy and close realms.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type RealmType from "realm";
import type { RealmLike, TrackableSchemaEntry } from "../../src/index.js";
import { openMemoryRealm } from "../../src/testing/index.js";

/** Which store the demo runs on. `auto`: real Realm when it loads, else memory. */
export type StoreChoice = "auto" | "realm" | "memory";

export interface DemoStore {
  readonly kind: "realm" | "memory";
  /** One line saying which store runs, and why. */
  readonly description: string;
  /** Opens an empty realm named `name` (or a copy of `copyFrom`). */
  open(name: string, copyFrom?: RealmLike): RealmLike;
  /** Closes `realm` and reopens its contents read-only, as a client reset's backup. */
  reopenReadOnly(realm: RealmLike): RealmLike;
  /** Closes every realm, removes temporary files, and lets Realm shut down. */
  dispose(): void;
}

type RealmConstructor = typeof RealmType;

/** Loads `realm` lazily; the reason it failed otherwise (the native binding is optional). */
function loadRealm(): { Realm?: RealmConstructor; reason?: string } {
  if (process.env.REALM_FIELD_RECOVERY_NO_REAL_REALM === "1") return { reason: "disabled by REALM_FIELD_RECOVERY_NO_REAL_REALM=1" };
  try {
    return { Realm: createRequire(import.meta.url)("realm") as RealmConstructor };
  } catch (error) {
    return { reason: `Realm's native binding did not load: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}` };
  }
}

/** Copies every top-level object (flat models: scalars, dictionaries, lists) into `target`. */
function copyObjects(source: RealmLike, target: RealmLike): void {
  target.write(() => {
    for (const model of source.schema) {
      if (model.embedded === true || model.asymmetric === true) continue;
      for (const object of source.objects(model.name)) {
        const values: Record<string, unknown> = {};
        for (const [name, property] of Object.entries(model.properties)) {
          const value = object[name];
          // Entries, not a spread: spreading a real Realm Dictionary also copies symbol-keyed internals.
          if (property.type === "dictionary") values[name] = Object.fromEntries(Object.entries(value as Record<string, unknown>));
          else if (property.type === "list" || property.type === "set") values[name] = [...(value as Iterable<unknown>)];
          else values[name] = value;
        }
        target.create(model.name, values, "never");
      }
    }
  });
}

function memoryStore(schema: readonly TrackableSchemaEntry[], reason: string): DemoStore {
  const open: RealmLike[] = [];
  const track = <T extends RealmLike>(realm: T): T => {
    open.push(realm);
    return realm;
  };
  return {
    kind: "memory",
    description: `store: in-memory (realm-field-recovery/testing); ${reason}`,
    open: (name, copyFrom) => track(copyFrom === undefined ? openMemoryRealm({ schema, path: `memory://${name}` }) : openMemoryRealm({ schema, copyFrom, path: `memory://${name}` })),
    reopenReadOnly: (realm) => {
      const copy = track(openMemoryRealm({ schema, copyFrom: realm, path: `${realm.path}.backup`, readOnly: true }));
      realm.close();
      return copy;
    },
    dispose: () => {
      for (const realm of open) if (!realm.isClosed) realm.close();
    },
  };
}

function realmStore(Realm: RealmConstructor, schema: readonly TrackableSchemaEntry[]): DemoStore {
  const folder = mkdtempSync(join(tmpdir(), "realm-field-recovery-demo-"));
  const open: RealmType[] = [];
  // trackFields returns object schemas and model classes Realm accepts as they are.
  const realmSchema = schema as unknown as RealmType.ObjectSchema[];
  const openAt = (path: string, readOnly: boolean): RealmLike => {
    const realm = new Realm({ schema: realmSchema, path, readOnly });
    open.push(realm);
    return realm as unknown as RealmLike;
  };
  return {
    kind: "realm",
    description: "store: real Realm (its native binding loaded; files in a temporary folder, removed at the end)",
    open: (name, copyFrom) => {
      const realm = openAt(join(folder, `${name}.realm`), false);
      if (copyFrom !== undefined) copyObjects(copyFrom, realm);
      return realm;
    },
    reopenReadOnly: (realm) => {
      const path = realm.path;
      realm.close();
      return openAt(path, true);
    },
    dispose: () => {
      for (const realm of open) if (!realm.isClosed) realm.close();
      Realm.shutdown();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Opens the store the demo runs on. */
export function openDemoStore(schema: readonly TrackableSchemaEntry[], choice: StoreChoice = "auto"): DemoStore {
  if (choice === "memory") return memoryStore(schema, "asked for");
  const { Realm, reason } = loadRealm();
  if (Realm !== undefined) return realmStore(Realm, schema);
  if (choice === "realm") throw new Error(`${reason ?? "realm did not load"}; run without --realm to use the in-memory store`);
  return memoryStore(schema, `${reason ?? "realm did not load"}`);
}
