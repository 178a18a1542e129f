import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NODE_ID_KEY, hashNodeId } from "../../src/clock/index.js";
import { CorruptLocalStateError, deviceClock, fileStateStorage, memoryStateStorage, parseStamp } from "../../src/index.js";
import { useTempDirs } from "../support/temp-dirs.js";
import { thrown } from "../support/thrown.js";

const tempDir = useTempDirs("rfr-clock-");

describe("memoryStateStorage", () => {
  it("stores strings by key", () => {
    const storage = memoryStateStorage({ a: "1" });
    expect(storage.get("a")).toBe("1");
    expect(storage.get("b")).toBeUndefined();
    storage.set("b", "2");
    expect(storage.get("b")).toBe("2");
  });
});

describe("fileStateStorage", () => {
  it("reads a missing file as empty and persists across instances, creating the directory", () => {
    const path = join(tempDir(), "nested", "state.json");
    const first = fileStateStorage(path);
    expect(first.get("k")).toBeUndefined();
    first.set("k", "v");
    first.set("other", "w");
    const second = fileStateStorage(path);
    expect(second.get("k")).toBe("v");
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ k: "v", other: "w" });
  });

  it("leaves no temporary files behind", () => {
    const dir = tempDir();
    const storage = fileStateStorage(join(dir, "state.json"));
    for (let i = 0; i < 5; i++) storage.set("k", String(i));
    expect(readdirSync(dir)).toEqual(["state.json"]);
  });

  it("accepts an injected fs", () => {
    const path = join(tempDir(), "state.json");
    const storage = fileStateStorage(path, { fs });
    storage.set("k", "v");
    expect(storage.get("k")).toBe("v");
  });

  it("refuses unreadable content instead of resetting it", () => {
    const path = join(tempDir(), "state.json");
    for (const content of ["{not json", "[1,2]", '{"k": 5}', "null"]) {
      writeFileSync(path, content);
      const storage = fileStateStorage(path);
      expect(() => storage.get("k")).toThrow(CorruptLocalStateError);
      expect(() => storage.set("k", "v")).toThrow(CorruptLocalStateError);
      expect(readFileSync(path, "utf8")).toBe(content);
    }
    const error = thrown(() => fileStateStorage(path).get("k"));
    expect(error).toBeInstanceOf(CorruptLocalStateError);
    expect((error as CorruptLocalStateError).code).toBe("CORRUPT_LOCAL_STATE");
    expect((error as CorruptLocalStateError).path).toBe(path);
    expect((error as Error).message).toContain(JSON.stringify(path));
  });

  it("does not read inherited keys", () => {
    const storage = fileStateStorage(join(tempDir(), "state.json"));
    storage.set("a", "1");
    expect(storage.get("toString")).toBeUndefined();
  });
});

describe("deviceClock", () => {
  it("creates a node id once, saves it, and reuses it", () => {
    const storage = memoryStateStorage();
    let made = 0;
    const createNodeId = () => `device-${++made}`;
    const first = deviceClock({ storage, createNodeId, now: () => 1000 });
    expect(first.nodeId).toBe("device-1");
    expect(storage.get(NODE_ID_KEY)).toBe("device-1");
    const second = deviceClock({ storage, createNodeId, now: () => 1000 });
    expect(second.nodeId).toBe("device-1");
    expect(made).toBe(1);
    expect(parseStamp(second.now()).nodeHash).toBe(hashNodeId("device-1"));
  });

  it("keeps the node id in a file across restarts, under a custom key", () => {
    const path = join(tempDir(), "device.json");
    const a = deviceClock({ storage: fileStateStorage(path), key: "my-app/node" });
    const b = deviceClock({ storage: fileStateStorage(path), key: "my-app/node" });
    expect(b.nodeId).toBe(a.nodeId);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({ "my-app/node": a.nodeId });
  });

  it("passes clock options through", () => {
    const clock = deviceClock({ storage: memoryStateStorage(), maxDrift: 5, now: () => 42 });
    expect(clock.maxDrift).toBe(5);
    expect(parseStamp(clock.now()).millis).toBe(42);
  });
});
