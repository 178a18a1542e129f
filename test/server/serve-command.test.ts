// `realm-field-recovery serve`: from a schema file and a secret to a listening server, and the
// usage errors of a command line that lacks them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { serveCommand } from "../../src/cli/serve-command.js";
import { CAR, OWNER_RULES, SECRET, TestDevice, pushBody, tokenFor } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "rfr-serve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

function captureIo() {
  const out: string[] = [];
  let err = "";
  return { out, errText: () => err, io: { out: (line: string) => void out.push(line), err: { write: (text: string) => ((err += text), true), isTTY: false } as never } };
}

describe("realm-field-recovery serve", () => {
  it("serves the schema with the rules until stopped", async () => {
    writeFileSync(join(dir, "schema.json"), JSON.stringify([CAR]));
    writeFileSync(join(dir, "rules.json"), JSON.stringify(OWNER_RULES));
    const { io, out } = captureIo();
    const stop = new AbortController();
    let url = "";
    const listening = new Promise<void>((resolve) => {
      void serveCommand(["--schema", join(dir, "schema.json"), "--rules", join(dir, "rules.json"), "--secret", SECRET, "--database", join(dir, "data"), "--port", "0"], io, {
        signal: stop.signal,
        onListening: (at) => {
          url = at;
          resolve();
        },
      }).then((code) => out.push(`exit ${code}`));
    });
    await listening;
    try {
      expect(out[0]).toMatch(/^realm-field-recovery sync server listening on http:\/\/127\.0\.0\.1:\d+ \(pglite: /);
      const health = (await (await fetch(`${url}/v1/health`)).json()) as { ok: boolean };
      expect(health.ok).toBe(true);
      const device = new TestDevice("cli");
      device.write((tx) => tx.create("Car", { _id: "cli-1", ownerId: "someone-else", make: "Seat", miles: 1 }));
      const response = await fetch(`${url}/v1/push`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${await tokenFor("alice")}` }, body: JSON.stringify(pushBody(device.changes())) });
      expect(((await response.json()) as { compensatingWrite?: { code: number } }).compensatingWrite?.code).toBe(231); // the rules file is in force
    } finally {
      stop.abort();
    }
    await expect.poll(() => out.at(-1)).toBe("exit 0");
    expect(out).toContain("realm-field-recovery sync server stopped");
  }, 60_000);

  it("says what is missing: the schema, then the secret", async () => {
    const first = captureIo();
    expect(await runCli(["serve"], first.io)).toBe(2);
    expect(first.errText()).toMatch(/error USAGE: serve needs the app's schema/);
    const second = captureIo();
    const secret = process.env.RFR_JWT_SECRET;
    delete process.env.RFR_JWT_SECRET;
    try {
      expect(await runCli(["serve", "--schema", join(dir, "schema.json")], second.io)).toBe(2);
    } finally {
      if (secret !== undefined) process.env.RFR_JWT_SECRET = secret;
    }
    expect(second.errText()).toMatch(/error USAGE: serve needs a way to verify tokens/);
    const third = captureIo();
    expect(await runCli(["serve", "--bogus"], third.io)).toBe(2);
    expect(third.errText()).toMatch(/error USAGE: unknown option --bogus for `serve` \(known: --schema, /);
    const fourth = captureIo();
    expect(await runCli(["serve", "--port", "1", "--port", "2"], fourth.io)).toBe(2);
    expect(fourth.errText()).toMatch(/error USAGE: option --port given twice/);
  });

  it("prints its help", async () => {
    const { io, out } = captureIo();
    expect(await runCli(["serve", "--help"], io)).toBe(0);
    expect(out[0]).toMatch(/^realm-field-recovery serve --schema/);
  });
});

describe("serve in the commands registry", () => {
  it("is listed with inspect and recover, and the CLI's unknown-command error names it", async () => {
    const { COMMANDS } = await import("../../src/cli/commands.js");
    expect(COMMANDS.map((command) => command.name)).toEqual(["inspect", "recover", "serve"]);
    const { io, errText } = captureIo();
    expect(await runCli(["serv"], io)).toBe(2);
    expect(errText()).toMatch(/unknown command "serv" \(commands: inspect, recover, serve\)/);
  });

  it("refuses a positional argument and an option without its value", async () => {
    const first = captureIo();
    expect(await runCli(["serve", "schema.json"], first.io)).toBe(2);
    expect(first.errText()).toMatch(/serve takes no positional argument, got schema\.json/);
    const second = captureIo();
    expect(await runCli(["serve", "--schema", "--secret", "x"], second.io)).toBe(2);
    expect(second.errText()).toMatch(/option --schema needs a value/);
  });
});
