// Runs one history: N devices and a server, with client resets handled by one strategy;
// returns the broken laws, the oracle's verdict on lost edits, and counters.
import type { RealmLike } from "../../src/realm-like.js";
import { newestStampMillisOf, readNewestStamp } from "../../src/schema/newest-stamp.js";
import { dumpMemoryRealm } from "../../src/testing/index.js";
import { Device, baselineOf, newestStampIn } from "./device.js";
import type { History } from "./history.js";
import { MODEL, SCHEMA, generationOf, readItem } from "./model.js";
import { Oracle, describeEdit } from "./oracle.js";
import type { Edit, FinalObject, SurvivalRule } from "./oracle.js";
import { Server } from "./server.js";
import type { ResetStats, ResetStrategy } from "./strategies.js";
import type { SimStore } from "./store.js";

export const BASE_MS = 1_700_000_000_000;

export interface SimulationOptions {
  readonly strategy: ResetStrategy;
  /** Which edits may be lost besides superseded ones (property 1). @default {} */
  readonly rule?: SurvivalRule;
  /** Run the final sync rounds from the last device to the first. @default false */
  readonly reverseFinalSync?: boolean;
  /** Where the realms live. @default the in-memory store */
  readonly store?: SimStore;
}

export interface SimulationResult {
  /** Broken laws, each with context. Empty when every property held. */
  readonly violations: readonly string[];
  /** Edits that had to survive under `rule` but are missing from the final state. */
  readonly lost: readonly Edit[];
  /** Edits missing under the strict rule (every edit not superseded must survive). */
  readonly lostStrict: readonly Edit[];
  /** Of `lostStrict`, those of the EMBEDDED_REMOVAL class (a sub-field edit lost to an older removal). */
  readonly lostEmbeddedRemoval: number;
  /** Edits that had to survive under the strict rule. */
  readonly protectedStrict: number;
  readonly edits: number;
  readonly stats: ResetStats;
  readonly converged: boolean;
  /** The server's final contents (dumpMemoryRealm JSON). */
  readonly serverDump: string;
  /** What happened, one line per event, for failure messages. */
  readonly trace: readonly string[];
}

export function simulate(history: History, options: SimulationOptions): SimulationResult {
  let time = BASE_MS;
  const server = new Server(() => time, options.store);
  const oracle = new Oracle();
  const devices = history.skews.map((skew, index) => new Device(index, skew, () => time, server));
  const violations: string[] = [];
  const fail = (message: string): void => void violations.push(message);
  const trace: string[] = [];
  const stats: ResetStats = { resets: 0, crashes: 0, aborts: 0, afterCommit: 0 };

  const reset = (device: Device, crash: number): void => {
    const backup = server.store.copy(device.realm, { schema: SCHEMA, readOnly: true });
    const fresh = server.download();
    const baseline = baselineOf(fresh);
    const newest = newestStampIn(fresh);
    if (newest !== undefined) device.clock.receive(newest);
    const since = device.checkpoint.since;
    trace.push(`  reset d${device.index} since=${since ?? "null"}`);
    const outcome = options.strategy.reset({
      device,
      server,
      backup,
      fresh,
      since,
      crash,
      stats,
      fail: (message) => fail(`d${device.index} reset (event ${trace.length}): ${message}`),
    });
    // What the recovery wrote is local and gets uploaded; after an overwrite the server has it all.
    device.adopt(outcome.realm, outcome.version ?? server.head, outcome.version === undefined ? baseline : baselineOf(outcome.realm));
    device.needsReset = false;
    device.uploadFull = true;
  };

  const sync = (device: Device, crash: number): void => {
    if (!device.online) return;
    if (device.needsReset || device.lastSync < server.trimmedBefore) reset(device, crash);
    device.upload(server, oracle);
    device.download(server);
  };

  for (const event of history.events) {
    trace.push(JSON.stringify(event));
    switch (event.t) {
      case "edit":
        time += event.dt;
        (devices[event.d % devices.length] as Device).edit(event.edit, oracle);
        break;
      case "sync":
        time += event.dt;
        sync(devices[event.d % devices.length] as Device, event.crash);
        break;
      case "offline":
      case "online":
        (devices[event.d % devices.length] as Device).online = event.t === "online";
        break;
      case "restore": {
        const dropped = server.restore(event.back);
        oracle.restored(dropped);
        for (const device of devices) if (dropped.has(device.lastSync)) device.needsReset = true;
        break;
      }
      case "trim":
        server.trim();
        break;
      case "skew":
        (devices[event.d % devices.length] as Device).skew = event.skew;
        break;
    }
  }

  // Everyone comes online and syncs twice: all uploads land, then everyone downloads.
  trace.push("final sync");
  for (const device of devices) device.online = true;
  for (let round = 0; round < 2; round++) {
    const order = options.reverseFinalSync === true ? [...devices].reverse() : devices;
    for (const device of order) {
      time += 1_000;
      sync(device, history.finalCrash + 7 * device.index + round);
    }
  }

  const serverDump = JSON.stringify(dumpMemoryRealm(server.realm));
  const converged = devices.every((device) => JSON.stringify(dumpMemoryRealm(device.realm)) === serverDump);
  if (!converged) violations.push("property 3: after all devices synced, the stores differ");
  for (const [name, realm] of [["server", server.realm], ...devices.map((device) => [`d${device.index}`, device.realm] as const)] as const) checkNewestStamps(name, realm, fail);

  const final = new Map<string, FinalObject>();
  for (const object of server.realm.objects(MODEL)) final.set(object._id as string, { generation: generationOf(object), item: readItem(object) });
  const lost = oracle.lost(final, options.rule);
  for (const edit of lost) fail(`property 1: lost edit ${describeEdit(edit)}`);

  return {
    violations,
    lost,
    lostStrict: oracle.lost(final),
    lostEmbeddedRemoval: oracle.lost(final).filter((edit) => isEmbeddedRemovalLoss(edit, final, oracle)).length,
    protectedStrict: oracle.protectedCount(),
    edits: oracle.edits.length,
    stats,
    converged,
    serverDump,
    trace: [...trace, `final: ${JSON.stringify([...final])}`, "edits:", ...oracle.edits.map(describeEdit)],
  };
}

/** Storage format 2: every object's newest-stamp counter is at least its newest stamp's milliseconds. */
function checkNewestStamps(name: string, realm: RealmLike, fail: (message: string) => void): void {
  for (const object of realm.objects(MODEL)) {
    const newest = newestStampMillisOf(object.fieldTimestamps);
    const counter = readNewestStamp(object, "newestStampMillis");
    if (counter < newest) fail(`format 2: ${name} ${String(object._id)} has newestStampMillis ${counter} below its newest stamp (${newest})`);
  }
}

/**
 * EMBEDDED_REMOVAL class, for the side-by-side table: a lost edit of the embedded address (a
 * sub-field, or writing one) that is newer than a removal of that address (address = null) of
 * the same object. The engine no longer loses these (docs/simulation.md, "Findings"); for it
 * such a loss is an ordinary violation of property 1.
 */
export function isEmbeddedRemovalLoss(edit: Edit, final: ReadonlyMap<string, FinalObject>, oracle: Oracle): boolean {
  if (edit.kind !== "cell" || !edit.cell.startsWith("address") || (edit.cell === "address" && edit.value !== "present")) return false;
  const object = final.get(edit.key);
  if (object === undefined || object.generation !== edit.generation) return false;
  const olderRemoval = oracle.edits.some(
    (other) => other.kind === "cell" && other.key === edit.key && other.generation === edit.generation && other.cell === "address" && other.value === "null" && other.stamp < edit.stamp,
  );
  return olderRemoval;
}
