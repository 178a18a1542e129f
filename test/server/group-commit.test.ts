// Group commit: pushes that arrive while a transaction runs are merged in the next one. Each must
// still behave as a transaction of its own: same state as a serial application, its own replay
// check, a failing push failing alone (two servers on one PostgreSQL: scale-out.test.ts).
import { expect, it } from "vitest";
import { applyChanges } from "../../src/recovery/apply-changes.js";
import type { Changeset } from "../../src/recovery/changeset.js";
import { OPEN_RULES } from "../../src/server/index.js";
import type { SyncServer } from "../../src/server/index.js";
import type { SqlDatabase } from "../../src/server/storage/database.js";
import { groupCommitter } from "../../src/server/sync/group-commit.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import { describeDatabases, useServer } from "./databases.js";
import { ALL_CARS, SCHEMA, TestDevice, plainObjects, post, pushBody } from "./helpers.js";

/**
 * Holds the next transaction of `db` until `release()`, counting transactions and queued pushes,
 * so the pushes sent meanwhile are queued and merged together in the transaction after it.
 */
function gate(db: SqlDatabase): { submitted(): number; transactions(): number; release(): void; restore(): void } {
  const committer = groupCommitter(db);
  const submit = committer.submit.bind(committer);
  const transaction = db.transaction.bind(db);
  let submitted = 0;
  let transactions = 0;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  committer.submit = (push) => {
    submitted++;
    return submit(push);
  };
  (db as { transaction: SqlDatabase["transaction"] }).transaction = async (body) => {
    if (transactions++ === 0) await released;
    return transaction(body);
  };
  return {
    submitted: () => submitted,
    transactions: () => transactions,
    release,
    restore() {
      committer.submit = submit;
      (db as { transaction: SqlDatabase["transaction"] }).transaction = transaction;
    },
  };
}

async function until(check: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for the pushes to queue");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends `bodies` concurrently while the first transaction is held: all but the first transaction's pushes commit in one group. */
async function pushTogether(server: SyncServer, token: string, bodies: readonly unknown[]): Promise<{ answers: { status: number; json: any }[]; transactions: number }> {
  const held = gate(server.database);
  try {
    const answers = Promise.all(bodies.map((body) => post(server, "/v1/push", body, token)));
    await until(() => held.submitted() === bodies.length);
    held.release();
    const result = await answers;
    return { answers: result, transactions: held.transactions() };
  } finally {
    held.restore();
  }
}

describeDatabases("group commit", (db) => {
  const fixture = useServer(db, { rules: OPEN_RULES });

  it("concurrent pushes editing the same objects converge to the state of a serial application", async () => {
    const base = new TestDevice("group-base");
    base.write((tx) => {
      tx.create("Car", { _id: "shared", ownerId: "alice", make: "Saab", miles: 0, tags: {} });
      tx.create("Car", { _id: "doomed", ownerId: "alice", make: "Lada", miles: 0, tags: {} });
    });
    const baseChanges = base.changes();
    expect((await post(fixture.server, "/v1/push", pushBody(baseChanges), fixture.alice)).status).toBe(200);
    const head = await fixture.server.head();
    const changesets: Changeset[] = [];
    for (let i = 0; i < 12; i++) {
      const device = new TestDevice(`group-${i}`);
      applyChanges(device.realm, baseChanges);
      device.clock.receive(base.clock.now());
      const since = device.clock.now();
      device.write((tx) => {
        const car = tx.realm.objectForPrimaryKey("Car", "shared")!;
        tx.update(car, (draft: { miles: number; model?: string | null; tags: Record<string, string> }) => {
          draft.miles = 100 + i; // every device writes miles: the newest stamp wins
          draft.tags[`d${i}`] = String(i); // each its own entry: all are kept
          if (i % 3 === 0) draft.model = `model-${i}`;
        });
        if (i === 5) tx.delete(tx.realm.objectForPrimaryKey("Car", "doomed")!);
        if (i === 7) tx.update(tx.realm.objectForPrimaryKey("Car", "doomed")!, (draft: { make: string }) => void (draft.make = "Volga"));
        tx.create("Car", { _id: `new-${i}`, ownerId: "alice", make: "Kia", miles: i, tags: {} });
      });
      changesets.push(device.changes(since));
    }
    const { answers, transactions } = await pushTogether(
      fixture.server,
      fixture.alice,
      changesets.map((changeset, i) => pushBody(changeset, [ALL_CARS], `group-client-${i}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(changesets.map(() => 200));
    expect(transactions).toBeLessThan(changesets.length); // they were grouped
    // Each push has its own version, and together they fill the log without a gap.
    const versions = answers.map((a) => a.json.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(changesets.map((_, i) => head + 1 + i));

    const replica = openMemoryRealm({ schema: SCHEMA });
    applyChanges(replica, baseChanges);
    for (const changeset of changesets) applyChanges(replica, changeset);
    const pulled = await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS], limit: 5000 }, fixture.alice);
    const serverCars = pulled.json.objects.map((o: { key: string; values: Record<string, unknown>; stamps: Record<string, string> }) => ({ key: o.key, values: o.values, stamps: o.stamps }));
    const replicaCars = plainObjects(replica);
    expect(serverCars.map((car: { key: string }) => car.key).sort()).toEqual(replicaCars.map((car) => `s:${String(car._id)}`).sort());
    for (const car of replicaCars) {
      const onServer = serverCars.find((o: { key: string }) => o.key === `s:${String(car._id)}`);
      const { _id, ...values } = car;
      expect({ _id, ...onServer.values, model: onServer.values.model ?? null }).toEqual({ _id, ...values });
      expect(onServer.stamps).toEqual({ ...(replica.objectForPrimaryKey("Car", _id as string)!.fieldTimestamps as Record<string, string>) });
    }
    expect(Object.keys(serverCars.find((o: { key: string }) => o.key === "s:shared").values.tags).sort()).toEqual(changesets.map((_, i) => `d${i}`).sort());
    replica.close();
  });

  it("a push the database refuses fails alone; the others of its group commit", async () => {
    const bodies = Array.from({ length: 6 }, (_, i) => {
      const device = new TestDevice(`refused-${i}`);
      // PostgreSQL's jsonb cannot store U+0000: the write of that push is refused by the database.
      device.write((tx) => tx.create("Car", { _id: `refused-${i}`, ownerId: "alice", make: i === 2 ? "bad\u0000make" : "Fiat", miles: i, tags: {} }));
      return pushBody(device.changes(), [ALL_CARS], `refused-client-${i}`);
    });
    const head = await fixture.server.head();
    const { answers, transactions } = await pushTogether(fixture.server, fixture.alice, bodies);
    expect(answers.map((a) => a.status === 200)).toEqual([true, true, false, true, true, true]);
    expect(answers[2]!.status).toBeGreaterThanOrEqual(400);
    expect(transactions).toBeGreaterThan(2); // the failed group, then each push alone
    expect(await fixture.server.head()).toBe(head + 5);
    const pulled = await post(fixture.server, "/v1/pull", { cursor: head, subscriptions: [ALL_CARS] }, fixture.alice);
    expect(pulled.json.objects.map((o: { key: string }) => o.key).sort()).toEqual(["s:refused-0", "s:refused-1", "s:refused-3", "s:refused-4", "s:refused-5"]);
  });

  it("replays inside a group return the first answer and write once", async () => {
    const device = new TestDevice("replay-in-group");
    device.write((tx) => tx.create("Car", { _id: "replayed-in-group", ownerId: "alice", make: "Opel", miles: 1, tags: {} }));
    const body = pushBody(device.changes(), [ALL_CARS], "replay-client");
    const other = new TestDevice("replay-other");
    other.write((tx) => tx.create("Car", { _id: "not-replayed", ownerId: "alice", make: "Seat", miles: 2, tags: {} }));
    const head = await fixture.server.head();
    const { answers } = await pushTogether(fixture.server, fixture.alice, [body, body, pushBody(other.changes(), [ALL_CARS], "replay-other"), body, body]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const mine = [answers[0]!, answers[1]!, answers[3]!, answers[4]!].map((a) => a.json);
    expect(mine.filter((a) => a.replayed === false)).toHaveLength(1);
    const first = mine.find((a) => a.replayed === false);
    for (const answer of mine) expect({ ...answer, replayed: false }).toEqual(first);
    expect(await fixture.server.head()).toBe(head + 2);
    // And after the group committed, from the stored answer.
    const again = await post(fixture.server, "/v1/push", body, fixture.alice);
    expect(again.json).toEqual({ ...first, replayed: true });
    expect(await fixture.server.head()).toBe(head + 2);
  });
});
