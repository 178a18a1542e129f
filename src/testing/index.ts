// realm-field-recovery/testing: an in-memory store with Realm's semantics, for unit tests
// (yours and ours), plus a JSON dump format for fixtures and the CLI.
export { MemoryRealm, openMemoryRealm } from "./realm.js";
export type { OpenMemoryRealmOptions } from "./realm.js";
export { MemoryResults } from "./results.js";
export type { SortDescriptor } from "./results.js";
export { MemoryCounter, MemoryDictionary, MemoryList, MemorySet } from "./collections.js";
export { MemoryRealmError } from "./errors.js";
export type { MemoryRealmErrorCode } from "./errors.js";
export type {
  CollectionChangeCallback,
  CollectionChangeSet,
  CommitListener,
  MemoryCommit,
  MemoryCommitObject,
  ObjectChangeCallback,
  ObjectChangeSet,
  RealmChangeCallback,
} from "./notifications.js";
export { dumpMemoryRealm } from "./dump.js";
export type { MemoryRealmDump } from "./dump.js";
export { decodeScalar, encodeScalar } from "./codec.js";
export type { JsonValue } from "./codec.js";
