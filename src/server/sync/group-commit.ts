// Group commit: the pushes that arrive while a transaction runs are merged, in arrival order, in
// the next one. Each is still one transaction from its device's point of view (all its writes or
// none), answered only after the COMMIT, with its own replay check, version and compensating
// writes. A group costs five statements whatever its size (BEGIN, the head row locked, one read,
// one write, COMMIT), so pushes grow cheaper as devices grow. The head row's lock serializes
// groups across every server process on the database, so the version log stays ordered.
import type { PushResponse } from "../protocol.js";
import type { SqlDatabase } from "../storage/database.js";
import { writeGroup } from "../storage/write-group.js";
import { GroupState } from "./group-state.js";
import { mergePush } from "./merge-push.js";
import type { PreparedPush } from "./push.js";

/** Most pushes merged in one transaction (more wait for the next one). */
export const MAX_GROUP_PUSHES = 256;

/** Most event-loop turns a group waits for pushes still on their way (it stops at a turn that brings none). */
const GATHER_TURNS = 4;

/** Locks the head row (the push lock of the database) and reads the head version. */
export const LOCK_HEAD_SQL = `SELECT value FROM rfr_meta WHERE name = 'head' FOR UPDATE`;

type Outcome = { readonly ok: true; readonly response: PushResponse } | { readonly ok: false; readonly error: unknown };

interface Waiting {
  readonly push: PreparedPush;
  resolve(response: PushResponse): void;
  reject(error: unknown): void;
}

/** Queues the pushes of one database (one committer per database handle). */
export class GroupCommitter {
  private readonly queue: Waiting[] = [];
  private running = false;

  constructor(private readonly db: SqlDatabase) {}

  /** Resolves to the push's answer after the transaction holding it committed. */
  submit(push: PreparedPush): Promise<PushResponse> {
    return new Promise((resolve, reject) => {
      this.queue.push({ push, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Turns of the event loop first, while they bring pushes: requests that arrived while the
        // last transaction ran join this group. (PGlite runs in this thread and blocks the loop
        // while it works, so without them nothing would arrive between its transactions.)
        for (let turns = 0, size = -1; turns < GATHER_TURNS && this.queue.length > size && this.queue.length < MAX_GROUP_PUSHES; turns++) {
          size = this.queue.length;
          await new Promise((resolve) => setImmediate(resolve));
        }
        await this.commit(this.queue.splice(0, MAX_GROUP_PUSHES));
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(group: readonly Waiting[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await runGroup(this.db, group.map((waiting) => waiting.push));
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // The transaction failed (one push's write refused by the database, a lost connection):
      // nothing was committed. Each push is retried in a transaction of its own, so it fails alone.
      for (const waiting of group) await this.commit([waiting]);
      return;
    }
    outcomes.forEach((outcome, i) => {
      if (outcome.ok) group[i]?.resolve(outcome.response);
      else group[i]?.reject(outcome.error);
    });
  }
}

/** Merges `pushes` in order in one transaction; a push whose merge throws fails alone. */
async function runGroup(db: SqlDatabase, pushes: readonly PreparedPush[]): Promise<Outcome[]> {
  return db.transaction(async (tx) => {
    const head = Number((await tx.query<{ value: string }>(LOCK_HEAD_SQL)).rows[0]?.value ?? 0);
    const state = new GroupState(tx, head);
    await state.load(
      pushes.flatMap((push) => push.reads),
      pushes.map((push) => push.key),
    );
    const outcomes: Outcome[] = [];
    for (const push of pushes) {
      try {
        outcomes.push({ ok: true, response: await mergePush(state, push) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    await writeGroup(tx, state.writes());
    return outcomes;
  });
}

const committers = new WeakMap<SqlDatabase, GroupCommitter>();

/** The committer of `db` (created at its first push). */
export function groupCommitter(db: SqlDatabase): GroupCommitter {
  let committer = committers.get(db);
  if (committer === undefined) committers.set(db, (committer = new GroupCommitter(db)));
  return committer;
}
