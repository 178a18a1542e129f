// The contract-suite harness: runs the same cases against every store (the in-memory store and,
// when its native binding loads, real Realm).
//
// API (reuse it for any contract test that must hold on both stores):
//
//   import { describeStores } from "./stores.js";            // from test/contract/
//   describeStores("create", (store) => {
//     it("creates", () => {
//       const realm = store.open([DogSchema]);                // fresh, empty realm; closed + removed after the test
//       realm.write(() => realm.create("Dog", { _id: 1 }));
//       const backup = store.copy(realm, { readOnly: true }); // independent copy (backup / server snapshot)
//       ...
//     });
//   });
//
// - `describeStores(title, body)` declares one `describe` per store, titled `title [memory]` /
//   `title [real Realm]`; the real-Realm one is `describe.skipIf(!Realm)` (the global setup prints the
//   one-line notice). `body` receives a `StoreUnderTest` and declares `it(...)` cases with it.
// - `store.open(schema, { readOnly? })`: a fresh realm (`StoreRealm`) with that schema; anything
//   thrown while opening (schema validation) propagates.
// - `store.copy(realm, { readOnly?, schema? })`: a deep, independent copy of `realm`'s contents.
// - `store.reopen(realm, { readOnly?, schemaless? })`: closes `realm` and opens its file again (with
//   its schema, or none: what the file itself stores, as the CLI opens a backup); memory: a copy.
// - `store.name`: "memory" | "real Realm", `store.isReal` for the rare store-specific branch.
// - `store.nextTick()`: resolves after pending change notifications had a chance to run.
// - Realms opened through a store are closed (and their files removed) after each test.
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type RealmType from "realm";
import { afterEach, describe } from "vitest";
import type { ObjectSchemaLike, PropertySchemaLike, RealmLike } from "../../src/realm-like.js";
import type { SchemaEntryInput } from "../../src/schema/normalize.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import { realRealmOrFail } from "../support/real-realm.js";

/** What contract tests may call on a realm of either store (real Realm and MemoryRealm both have it). */
export interface StoreRealm extends RealmLike {
  readonly isReadOnly: boolean;
  beginTransaction(): void;
  commitTransaction(): void;
  cancelTransaction(): void;
  deleteAll(): void;
  addListener(name: "change", callback: (realm: unknown, name: string) => void): void;
  removeListener(name: "change", callback: (realm: unknown, name: string) => void): void;
}

export interface OpenOptions {
  /** @default false */
  readonly readOnly?: boolean;
}

export interface CopyOptions extends OpenOptions {
  /** Schema to open the copy with. @default the source realm's schema */
  readonly schema?: readonly SchemaEntryInput[];
}

export interface ReopenOptions extends OpenOptions {
  /** Open without a schema: the models the file stores (no `presentation: "counter"`). @default false */
  readonly schemaless?: boolean;
}

export interface StoreUnderTest {
  readonly name: "memory" | "real Realm";
  readonly isReal: boolean;
  open(schema: readonly SchemaEntryInput[], options?: OpenOptions): StoreRealm;
  copy(realm: RealmLike, options?: CopyOptions): StoreRealm;
  reopen(realm: RealmLike, options?: ReopenOptions): StoreRealm;
  nextTick(): Promise<void>;
}

interface StoreDriver extends StoreUnderTest {
  /** Closes and removes everything opened since the last cleanup. */
  cleanup(): void;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

function memoryStore(): StoreDriver {
  const opened: StoreRealm[] = [];
  const track = (realm: StoreRealm): StoreRealm => {
    opened.push(realm);
    return realm;
  };
  return {
    name: "memory",
    isReal: false,
    open: (schema, options = {}) => track(openMemoryRealm({ schema, readOnly: options.readOnly === true })),
    copy: (realm, options = {}) =>
      track(openMemoryRealm({ copyFrom: realm, readOnly: options.readOnly === true, ...(options.schema ? { schema: options.schema } : {}) })),
    reopen: (realm, options = {}) => {
      const reopened = openMemoryRealm({ copyFrom: realm, readOnly: options.readOnly === true, schema: options.schemaless === true ? storedSchema(realm.schema) : realm.schema });
      (realm as StoreRealm).close();
      return track(reopened);
    },
    nextTick: tick,
    cleanup: () => {
      for (const realm of opened.splice(0)) if (!realm.isClosed) realm.close();
    },
  };
}

/**
 * Where real-Realm test files go: RAM (/dev/shm) where there is one, since every commit on disk
 * waits for fsync (about 30 ms a commit here, against 1 ms in RAM); else the OS temp dir.
 * REALM_FIELD_RECOVERY_TEST_DIR overrides both.
 */
function testFileRoot(): string {
  const chosen = process.env.REALM_FIELD_RECOVERY_TEST_DIR;
  if (chosen !== undefined && chosen !== "") return chosen;
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

function realRealmStore(Realm: typeof RealmType): StoreDriver {
  let dir: string | undefined;
  let counter = 0;
  const opened: RealmType[] = [];
  const freshPath = (): string => {
    dir ??= mkdtempSync(join(testFileRoot(), "rfr-contract-"));
    counter++;
    return join(dir, `r${counter}.realm`);
  };
  type RealmSchema = NonNullable<RealmType.Configuration["schema"]>;
  const openAt = (path: string, schema: readonly SchemaEntryInput[], readOnly: boolean): StoreRealm => {
    const realm = new Realm({ schema: schema as unknown as RealmSchema, path, readOnly });
    opened.push(realm);
    return realm as unknown as StoreRealm;
  };
  return {
    name: "real Realm",
    isReal: true,
    open: (schema, options = {}) => {
      const path = freshPath();
      if (options.readOnly === true) {
        // A read-only realm must exist on disk first.
        new Realm({ schema: schema as unknown as RealmSchema, path }).close();
      }
      return openAt(path, schema, options.readOnly === true);
    },
    copy: (realm, options = {}) => {
      const path = freshPath();
      (realm as unknown as RealmType).writeCopyTo({ path });
      return openAt(path, options.schema ?? (realm.schema as unknown as readonly SchemaEntryInput[]), options.readOnly === true);
    },
    reopen: (realm, options = {}) => {
      const readOnly = options.readOnly === true;
      const { path } = realm;
      const schema = realm.schema as unknown as RealmSchema;
      // One process cannot hold a file open read-write and read-only at once: close it first.
      (realm as StoreRealm).close();
      const config = options.schemaless === true ? { path, readOnly } : { path, readOnly, schema };
      const reopened = new Realm(config);
      opened.push(reopened);
      return reopened as unknown as StoreRealm;
    },
    nextTick: tick,
    cleanup: () => {
      for (const realm of opened.splice(0)) if (!realm.isClosed) realm.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}

/** A schema as a Realm file stores it: Realm keeps no `presentation` (a counter reads as a plain int). */
function storedSchema(schema: readonly ObjectSchemaLike[]): SchemaEntryInput[] {
  return schema.map((model) => ({
    ...model,
    properties: Object.fromEntries(
      Object.entries(model.properties).map(([name, property]) => {
        const { presentation: _dropped, ...stored } = property as PropertySchemaLike & { presentation?: unknown };
        return [name, stored];
      }),
    ),
  })) as unknown as SchemaEntryInput[];
}

export interface DescribeStoresOptions {
  /** The stores to run on. @default both */
  readonly stores?: readonly StoreUnderTest["name"][];
}

/**
 * Declares `body`'s cases once per store; the real-Realm block is skipped when its binding does
 * not load (and fails instead under REALM_FIELD_RECOVERY_REQUIRE_REAL_REALM=1).
 */
export function describeStores(title: string, body: (store: StoreUnderTest) => void, options: DescribeStoresOptions = {}): void {
  const stores = options.stores ?? ["memory", "real Realm"];
  if (stores.includes("memory")) {
    describe(`${title} [memory]`, () => {
      const store = memoryStore();
      afterEach(() => store.cleanup());
      body(store);
    });
  }
  if (!stores.includes("real Realm")) return;
  const { Realm } = realRealmOrFail();
  describe.skipIf(!Realm)(`${title} [real Realm]`, () => {
    if (!Realm) return;
    const store = realRealmStore(Realm);
    afterEach(() => store.cleanup());
    body(store);
  });
}

/** Polls `condition` across event-loop turns (notifications are asynchronous on both stores). */
export async function eventually(condition: () => boolean, store: StoreUnderTest, turns = 200): Promise<void> {
  for (let i = 0; i < turns && !condition(); i++) await store.nextTick();
}

/**
 * A dictionary's string-keyed entries as a plain record. Store-neutral: spreading a real Realm
 * Dictionary (`{ ...dict }`) also copies its symbol-keyed internals, which no user reads.
 */
export function entriesOf(dictionary: unknown): Record<string, unknown> {
  const record = dictionary as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).map((key) => [key, record[key]]));
}

/** A collection listener's change set (Realm's: deletions / oldModifications index the old collection). */
export interface CollectionChanges {
  insertions: number[];
  deletions: number[];
  newModifications: number[];
  oldModifications: number[];
}

/** Results or a list, as far as the notification cases listen to them. */
export type ListenableCollection = { addListener(cb: (collection: unknown, changes: CollectionChanges) => void): void; removeAllListeners(): void };
