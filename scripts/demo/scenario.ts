// The demo's story: two devices edit the same dogs, device A goes through a client reset,
// and its backup is recovered field by field — and, for comparison, by the per-object recipe.
import { recoverUnsyncedChanges, stampMillis, trackFields } from "../../src/index.js";
import type { RealmLike, RealmObjectLike, RecoveryReport, Stamp } from "../../src/index.js";
import { Device, T0 } from "./device.js";
import { perObjectRecipe } from "./recipe.js";
import { openDemoStore } from "./store.js";
import type { StoreChoice } from "./store.js";

export const Dog = {
  name: "Dog",
  primaryKey: "_id",
  properties: { _id: "string", name: "string", age: "int" },
} as const;

export const SCHEMA = trackFields([Dog]);
export const DOG_KEYS = ["rex", "fido", "spot", "max", "bella"] as const;
export const FIELDS = ["name", "age"] as const;

/** A dog's field as one realm holds it: value and the time (ms after T0) of its stamp. */
export interface FieldState {
  readonly value: unknown;
  readonly at: number | undefined;
}

/** One dog in one realm (`undefined`: the realm lacks it). */
export type DogState = Readonly<Record<(typeof FIELDS)[number], FieldState>> | undefined;

/** What the story produced, for the table and the tests. */
export interface ScenarioResult {
  readonly store: "realm" | "memory";
  readonly storeDescription: string;
  /** The story's events, in order, as [time ms, text]. */
  readonly events: readonly (readonly [number, string])[];
  readonly since: Stamp;
  readonly report: RecoveryReport;
  /** Per dog key: the backup (device A), the server (fresh, before recovery), after recovery, after the recipe. */
  readonly dogs: Readonly<Record<string, { readonly local: DogState; readonly server: DogState; readonly recovered: DogState; readonly recipe: DogState }>>;
}

function readDog(realm: RealmLike, key: string): DogState {
  const dog = realm.objectForPrimaryKey("Dog", key);
  if (dog === null) return undefined;
  const stamps = dog.fieldTimestamps as Record<string, string>;
  const at = (field: string): number | undefined => {
    const stamp = stamps[field] ?? stamps["#created"];
    return stamp === undefined ? undefined : stampMillis(stamp) - T0;
  };
  return { name: { value: dog.name, at: at("name") }, age: { value: dog.age, at: at("age") } };
}

const dog = (realm: RealmLike, key: string): RealmObjectLike => realm.objectForPrimaryKey("Dog", key) as RealmObjectLike;

/** Runs the story on the chosen store and returns every state the table shows. */
export async function runScenario(choice: StoreChoice = "auto"): Promise<ScenarioResult> {
  const store = openDemoStore(SCHEMA, choice);
  try {
    const a = new Device("device-a");
    const b = new Device("device-b");
    const events: [number, string][] = [];

    // 0 s: device A creates the dogs and uploads them; the checkpoint is committed after the upload.
    const deviceA = store.open("device-a");
    a.write(deviceA, 0, (tx) => {
      tx.create("Dog", { _id: "rex", name: "Rex", age: 3 });
      tx.create("Dog", { _id: "fido", name: "Fido", age: 5 });
      tx.create("Dog", { _id: "spot", name: "Spot", age: 2 });
    });
    const checkpoint = a.checkpoint(deviceA);
    let server: RealmLike | undefined;
    await checkpoint.afterUpload(deviceA, async () => {
      server = store.open("server", deviceA); // the upload: the server now holds A's dogs, with their stamps
    }, { clock: a.clock });
    const serverRealm = server as RealmLike;
    b.clock.receive(a.clock.last() as Stamp); // device B downloads them
    events.push([0, "device A creates Rex (3), Fido (5), Spot (2), uploads; checkpoint committed"]);

    // Device B stays online: its writes reach the server with B's stamps.
    b.write(serverRealm, 2_000, (tx) => tx.assign(dog(serverRealm, "rex"), { age: 4 }));
    events.push([2_000, "device B: Rex.age = 4                         (synced)"]);

    // Device A is offline.
    a.write(deviceA, 3_000, (tx) => {
      tx.assign(dog(deviceA, "rex"), { name: "Rexy" });
      tx.assign(dog(deviceA, "fido"), { name: "Fidel" });
      tx.delete(dog(deviceA, "spot"));
      tx.create("Dog", { _id: "max", name: "Max", age: 1 });
    });
    events.push([3_000, 'device A: Rex.name = "Rexy", Fido.name = "Fidel", deletes Spot, creates Max   (offline)']);

    b.write(serverRealm, 4_000, (tx) => {
      tx.assign(dog(serverRealm, "fido"), { name: "Fido II" });
      tx.create("Dog", { _id: "bella", name: "Bella", age: 2 });
    });
    events.push([4_000, 'device B: Fido.name = "Fido II", creates Bella (synced)']);

    // 5 s: A reconnects; the server trimmed the history A would need: client reset.
    events.push([5_000, "A reconnects; the server trimmed the history it needs (offline too long): client reset"]);
    const backup = store.reopenReadOnly(deviceA); // A's file, set aside read-only
    const fresh = store.open("fresh", serverRealm); // the server's state, downloaded
    const recipeFresh = store.open("fresh-recipe", serverRealm); // the same download, for the recipe
    events.push([5_000, "A's file becomes the read-only backup; a fresh copy is downloaded"]);

    const since = checkpoint.since as Stamp;
    const serverStates = Object.fromEntries(DOG_KEYS.map((key) => [key, readDog(fresh, key)]));
    const report = recoverUnsyncedChanges({ backup, fresh, since, now: () => T0 + 5_000 });
    events.push([5_000, "recoverUnsyncedChanges({ backup, fresh, since: checkpoint.since })"]);
    perObjectRecipe(backup, recipeFresh, "Dog", stampMillis(since));

    const dogs = Object.fromEntries(
      DOG_KEYS.map((key) => [key, { local: readDog(backup, key), server: serverStates[key], recovered: readDog(fresh, key), recipe: readDog(recipeFresh, key) }]),
    );
    return { store: store.kind, storeDescription: store.description, events, since, report, dogs };
  } finally {
    store.dispose();
  }
}
