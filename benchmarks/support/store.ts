// Where a benchmark runs: real Realm when its native binding loads (a temporary file per realm),
// else the in-memory store of `realm-field-recovery/testing`, labelled so figures are never mixed.
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type RealmType from "realm";
import type { RealmLike } from "../../src/realm-like.js";
import type { SchemaEntryInput } from "../../src/schema/normalize.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import { installRealmCallCounter } from "./realm-calls.js";

type RealmConstructor = typeof RealmType;

export interface BenchStore {
  /** `"realm"` or `"memory"`. */
  readonly kind: "realm" | "memory";
  /** Human label printed with every table and written into results. */
  readonly label: string;
  /** Opens an empty realm with `schema`. */
  open(schema: readonly unknown[]): RealmLike;
  /** An independent copy of `realm` (same schema): real Realm's `writeCopyTo`, the memory store's `copyFrom`. */
  copy(realm: RealmLike): RealmLike;
  /** Real Realm only: a copy of the realm file at `file` (e.g. a cached build), opened with `schema` (as the app would), or with none (what the file stores). */
  openCopyOfFile?(file: string, schema: readonly unknown[] | undefined): RealmLike;
  /** File size of a realm in bytes (real Realm only; `undefined` on the memory store). */
  fileSize(realm: RealmLike): number | undefined;
  /** Closes every realm opened so far (frees memory between cases). */
  closeAll(): void;
  /** Closes every realm opened here, deletes their files and shuts Realm down. */
  shutdown(): void;
}

function loadRealm(): { Realm: RealmConstructor | undefined; reason: string } {
  if (process.env.REALM_FIELD_RECOVERY_NO_REAL_REALM === "1") return { Realm: undefined, reason: "disabled by REALM_FIELD_RECOVERY_NO_REAL_REALM=1" };
  try {
    // The counting process wraps the native functions before the SDK captures them.
    if (process.env.BENCH_COUNT_REALM_CALLS === "1") installRealmCallCounter();
    return { Realm: createRequire(import.meta.url)("realm") as RealmConstructor, reason: "" };
  } catch (error) {
    return { Realm: undefined, reason: error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error) };
  }
}

/** Picks real Realm if it loads, else the memory store. */
export function benchStore(): BenchStore {
  const { Realm, reason } = loadRealm();
  const opened: RealmLike[] = [];
  if (Realm === undefined) {
    return {
      kind: "memory",
      label: `in-memory store (realm-field-recovery/testing) — real Realm did not load: ${reason}`,
      open(schema) {
        // A closed memory realm is garbage once forgotten: keeping it would grow the heap run by
        // run, and a bigger heap makes every later garbage collection (so every timing) slower.
        for (let i = opened.length - 1; i >= 0; i--) if ((opened[i] as RealmLike).isClosed) opened.splice(i, 1);
        const realm = openMemoryRealm({ schema: schema as readonly SchemaEntryInput[] });
        opened.push(realm);
        return realm;
      },
      copy(realm) {
        const copy = openMemoryRealm({ copyFrom: realm });
        opened.push(copy);
        return copy;
      },
      fileSize: () => undefined,
      closeAll() {
        for (const realm of opened.splice(0)) if (!realm.isClosed) realm.close();
      },
      shutdown() {
        this.closeAll();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "rfr-bench-"));
  let count = 0;
  // `realm.path` reads "" after close(): each file's path is kept from its open.
  const paths = new WeakMap<RealmLike, string>();
  return {
    kind: "realm",
    label: `real Realm ${(Realm as unknown as { version?: string }).version ?? ""} (files in ${os.tmpdir()})`.replace("  ", " "),
    open(schema) {
      const file = path.join(dir, `bench-${++count}.realm`);
      const realm = new Realm({ schema: schema as RealmType.ObjectSchema[], path: file });
      opened.push(realm as unknown as RealmLike);
      paths.set(realm as unknown as RealmLike, file);
      return realm as unknown as RealmLike;
    },
    copy(realm) {
      const file = path.join(dir, `bench-${++count}.realm`);
      (realm as unknown as RealmType).writeCopyTo({ path: file });
      const copy = new Realm({ schema: realm.schema as unknown as RealmType.ObjectSchema[], path: file }) as unknown as RealmLike;
      opened.push(copy);
      paths.set(copy, file);
      return copy;
    },
    openCopyOfFile(source, schema) {
      const file = path.join(dir, `bench-${++count}.realm`);
      copyFileSync(source, file);
      const copy = new Realm(schema === undefined ? { path: file } : { schema: schema as RealmType.ObjectSchema[], path: file }) as unknown as RealmLike;
      opened.push(copy);
      paths.set(copy, file);
      return copy;
    },
    fileSize(realm) {
      return statSync(paths.get(realm) ?? realm.path).size;
    },
    closeAll() {
      for (const realm of opened.splice(0)) {
        if (!realm.isClosed) realm.close();
        Realm.deleteFile({ path: paths.get(realm) as string });
      }
    },
    shutdown() {
      this.closeAll();
      Realm.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
