// The README's first example, type-checked against the realm package's own types by
// `npm run typecheck`; test/docs/readme.test.ts keeps README.md and this file identical.
// Only the two names the README leaves to the app are declared here.
declare const backupPath: string;
declare const upload: () => Promise<void>;
// --- README ---
import Realm from "realm";
import { SyncCheckpoint, fileStateStorage, recoverUnsyncedChanges, trackFields, trackedWrite } from "../../src/index.js";

const Dog = {
  name: "Dog",
  primaryKey: "_id",
  properties: { _id: "string", name: "string", age: "int?" },
};

// 1. Open the realm with the tracked schema: each model gains a `fieldTimestamps`
//    dictionary and a `newestStampMillis` counter, and a tombstone model records deletions.
const realm = await Realm.open({ schema: trackFields([Dog]) /* , sync: { … } */ });

// 2. Write through `trackedWrite`: exactly the fields that changed are stamped.
trackedWrite(realm, (tx) => {
  const rex = tx.create("Dog", { _id: "rex", name: "Rex", age: 3 });
  tx.update(rex, (draft) => {
    draft.age = 4;
  });
});

// 3. Remember, race-free, the last stamp the server surely has (stored outside the synced realm).
//    `upload` is realm 12's `() => realm.syncSession!.uploadAllLocalChanges()`, or your own sync's.
const checkpoint = new SyncCheckpoint({ realmPath: realm.path, storage: fileStateStorage("./sync-state.json") });
await checkpoint.afterUpload(realm, upload);

// 4. After a client reset, merge the backup's unsynced fields into the fresh realm.
const backup = new Realm({ path: backupPath, readOnly: true });
const report = recoverUnsyncedChanges({ backup, fresh: realm, since: checkpoint.since });
console.log(report.counts.applied, "fields recovered;", report.counts.kept, "kept from the server");
// --- end ---
export {};
