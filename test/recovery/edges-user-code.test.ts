// What the app's code returns is validated, what it throws is wrapped in a typed error naming
// the model, key, field and policy, and the run stays atomic (issue 13, item 5).
import { expect, it } from "vitest";
import type { RealmLike, RealmObjectLike } from "../../src/realm-like.js";
import { recoverUnsyncedChanges } from "../../src/recovery/recover-unsynced-changes.js";
import type { RecoverOptions } from "../../src/recovery/recover-unsynced-changes.js";
import { CallbackFailedError, InvalidCallbackResultError } from "../../src/recovery/user-code-errors.js";
import { resolver } from "../../src/policies/index.js";
import type { FieldPolicy } from "../../src/policies/index.js";
import { trackFields } from "../../src/schema/track-fields.js";
import { describeStores } from "../contract/stores.js";
import { Device } from "./store-fixtures.js";
import { plainMixed } from "./edges-helpers.js";

const BASE = 1_700_000_000_000;
const SCHEMA = trackFields([{ name: "Note", primaryKey: "_id", properties: { _id: "string", text: "string", note: "string?", tags: "string{}", extra: "mixed" } }]);

const note = (realm: RealmLike, id = "n"): RealmObjectLike => realm.objectForPrimaryKey("Note", id) as RealmObjectLike;

describeStores("the app's callbacks", (store) => {
  /** Both sides edit text, note and a tag of "n"; the device also creates "m". */
  const conflict = () => {
    const server = new Device("server");
    const device = new Device("device");
    const serverRealm = store.open(SCHEMA);
    server.write(serverRealm, 1_000, (tx) => tx.create("Note", { _id: "n", text: "base", note: "base", tags: { a: "1" }, extra: 1 }));
    const since = server.clock.last() as string;
    const local = store.copy(serverRealm);
    device.clock.receive(since);
    device.write(local, 2_000, (tx) => {
      tx.assign(note(local), { text: "local", note: "local", tags: { a: "L" }, extra: { l: 1 } });
      tx.create("Note", { _id: "m", text: "new" });
    });
    server.write(serverRealm, 3_000, (tx) => tx.assign(note(serverRealm), { text: "server", note: "server", tags: { a: "S" }, extra: { s: 1 } }));
    const fresh = store.copy(serverRealm);
    const before = JSON.stringify([plainMixed(note(fresh).text), plainMixed(note(fresh).tags), fresh.objects("Note").length]);
    const run = (options: Partial<RecoverOptions>) => recoverUnsyncedChanges({ backup: store.copy(local, { readOnly: true }), fresh, since, now: () => BASE + 10_000, ...options });
    const unchanged = () => expect(JSON.stringify([plainMixed(note(fresh).text), plainMixed(note(fresh).tags), fresh.objects("Note").length])).toBe(before);
    return { run, unchanged, fresh };
  };
  const catchError = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error("expected a throw");
  };

  it("a resolver that forgets to return is refused (it would null the field), naming model, key, field and policy", () => {
    const { run, unchanged } = conflict();
    const error = catchError(() => run({ policies: { models: { Note: { fields: { note: resolver(() => undefined, "forgetful") } } } } }));
    expect(error).toBeInstanceOf(InvalidCallbackResultError);
    expect(error).toMatchObject({ code: "INVALID_CALLBACK_RESULT", callback: "policy", policy: "forgetful", model: "Note", objectKey: "s:n", field: "note", result: undefined });
    expect((error as Error).message).toMatch(/return null to clear the field/);
    unchanged();
  });

  it("a resolver returning undefined for a dictionary entry removes the entry (documented)", () => {
    const { run, fresh } = conflict();
    const report = run({ policies: { models: { Note: { fields: { "tags.a": resolver(() => undefined, "drop") } } } } });
    expect(report.applied.find((entry) => entry.field === "tags.a")).toMatchObject({ value: undefined, policy: "drop" });
    expect(plainMixed(note(fresh).tags)).toEqual({});
  });

  it("a FieldPolicy returning nothing, a bad winner, or merged without a value is refused", () => {
    for (const result of [undefined, null, { winner: "both" }, { winner: "merged" }, "local"]) {
      const { run, unchanged } = conflict();
      const bad: FieldPolicy = { name: "bad", resolve: () => result as never };
      const error = catchError(() => run({ policies: { models: { Note: { fields: { text: bad } } } } }));
      expect(error).toBeInstanceOf(InvalidCallbackResultError);
      expect(error).toMatchObject({ policy: "bad", field: "text", model: "Note" });
      unchanged();
    }
  });

  it("a resolver returning a live or unencoded value, or one of the wrong type, is refused", () => {
    for (const value of [new Date(0), 42, Number.NaN, () => 1]) {
      const { run, unchanged } = conflict();
      const error = catchError(() => run({ policies: { models: { Note: { fields: { text: resolver(() => value as never, "odd") } } } } }));
      expect(error).toBeInstanceOf(InvalidCallbackResultError);
      unchanged();
    }
    const { run } = conflict();
    expect(catchError(() => run({ policies: { models: { Note: { fields: { extra: resolver(() => ({ when: new Date(0) }) as never, "odd") } } } } }))).toBeInstanceOf(InvalidCallbackResultError);
  });

  it("a throwing resolver, canWrite or onProgress is wrapped (cause kept) and nothing is written", () => {
    const boom = new Error("boom");
    const cases: [Partial<RecoverOptions>, object][] = [
      [{ policies: { default: resolver(() => { throw boom; }, "explosive") } }, { callback: "policy", policy: "explosive", model: "Note", objectKey: "s:n" }],
      [{ canWrite: () => { throw boom; } }, { callback: "canWrite", model: "Note" }],
      [{ onProgress: (p) => { if (p.phase === "collect") throw boom; } }, { callback: "onProgress" }],
      [{ onProgress: (p) => { if (p.phase === "plan") throw boom; } }, { callback: "onProgress" }],
      [{ onProgress: (p) => { if (p.phase === "apply") throw boom; } }, { callback: "onProgress" }],
    ];
    for (const [options, expected] of cases) {
      const { run, unchanged } = conflict();
      const error = catchError(() => run(options));
      expect(error).toBeInstanceOf(CallbackFailedError);
      expect(error).toMatchObject({ code: "CALLBACK_FAILED", ...expected });
      expect((error as Error).cause).toBe(boom);
      unchanged();
    }
  });

  it("a canWrite returning something other than a verdict is refused", () => {
    const { run, unchanged } = conflict();
    const error = catchError(() => run({ canWrite: () => "yes" as never }));
    expect(error).toBeInstanceOf(InvalidCallbackResultError);
    expect(error).toMatchObject({ callback: "canWrite", model: "Note" });
    unchanged();
  });
});
