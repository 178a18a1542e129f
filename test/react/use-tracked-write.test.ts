import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { HybridClock, trackFields } from "../../src/index.js";
import { createUseTrackedWrite } from "../../src/react/create-use-tracked-write.js";
import type { TrackedWriter } from "../../src/react/create-use-tracked-write.js";
import { openMemoryRealm } from "../../src/testing/index.js";
import { probeRealRealm } from "../support/real-realm.js";

const SCHEMA = trackFields([{ name: "Dog", primaryKey: "_id", properties: { _id: "string", name: "string", age: "int?" } }]);
const T0 = Date.UTC(2024, 0, 1);

/** Renders a component that calls the hook; returns the writer it got. */
function renderHook(useHook: () => TrackedWriter): TrackedWriter {
  let writer: TrackedWriter | undefined;
  const Probe = (): null => {
    writer = useHook();
    return null;
  };
  renderToString(createElement(Probe));
  if (writer === undefined) throw new Error("the component did not render");
  return writer;
}

describe("createUseTrackedWrite (realm from an injected useRealm)", () => {
  it("writes to the hook's realm, stamping the changed fields with the given clock", () => {
    const realm = openMemoryRealm({ schema: SCHEMA });
    const clock = new HybridClock({ nodeId: "phone", now: () => T0 });
    let calls = 0;
    const useTrackedWrite = createUseTrackedWrite(() => (calls++, realm));
    const write = renderHook(() => useTrackedWrite({ clock }));
    expect(calls).toBe(1);

    const id = write((tx) => tx.create("Dog", { _id: "rex", name: "Rex" })._id);
    expect(id).toBe("rex"); // the callback's result is returned
    const created = (realm.objectForPrimaryKey("Dog", "rex")?.fieldTimestamps as Record<string, string>)["#created"];
    write((tx) => tx.assign(realm.objectForPrimaryKey("Dog", "rex")!, { age: 3 }));
    const stamps = realm.objectForPrimaryKey("Dog", "rex")?.fieldTimestamps as Record<string, string>;
    expect(stamps.age).toBe(clock.last());
    expect((stamps.age as string) > (created as string)).toBe(true);
    expect(stamps.name).toBeUndefined(); // untouched: its stamp is still the creation stamp
    expect(realm.isInTransaction).toBe(false);
  });

  it("rolls back data and stamps together when the callback throws", () => {
    const realm = openMemoryRealm({ schema: SCHEMA });
    const write = renderHook(() => createUseTrackedWrite(() => realm)());
    expect(() =>
      write((tx) => {
        tx.create("Dog", { _id: "rex", name: "Rex" });
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(realm.objects("Dog").length).toBe(0);
  });
});

describe("entry points", () => {
  it("only src/react imports react or @realm/react, so the main entry never loads React", () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (path !== join("src", "react")) walk(path);
        } else if (/\.ts$/.test(entry.name) && /from\s+["'](react|@realm\/react)["']/.test(readFileSync(path, "utf8"))) offenders.push(path);
      }
    };
    walk("src");
    expect(offenders).toEqual([]);
  });
});

const real = probeRealRealm();
describe.skipIf(real.Realm === undefined)("useTrackedWrite from realm-field-recovery/react (needs Realm's native binding)", () => {
  it("is the hook bound to @realm/react's useRealm", async () => {
    const module = await import("../../src/react/index.js");
    expect(typeof module.useTrackedWrite).toBe("function");
    expect(typeof module.createUseTrackedWrite).toBe("function");
  });
});
