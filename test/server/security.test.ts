// Security: forged and expired tokens, other users' objects, writes outside subscriptions,
// malformed and oversized payloads, replays, rate limits; JWKS through a loopback key server.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { HybridClock } from "../../src/clock/index.js";
import { COMPENSATING_WRITE_CODE, COMPENSATING_WRITE_MESSAGE } from "../../src/server/index.js";
import { describeDatabases, useServer } from "./databases.js";
import { ALL_CARS, NEW_CARS, TestDevice, post, pushBody, startServer, tokenFor } from "./helpers.js";

describeDatabases("security", (db) => {
  const fixture = useServer(db, { bodyLimit: 64 * 1024 });
  let bob: string;
  beforeAll(async () => {
    bob = await tokenFor("bob");
    const device = new TestDevice("bob-device");
    device.write((tx) => tx.create("Car", { _id: "bobs-car", ownerId: "bob", make: "Ford", miles: 5 }));
    await post(fixture.server, "/v1/push", pushBody(device.changes(), [ALL_CARS], "bob-client"), bob);
  }, 120_000);

  const pull = (token: string | undefined) => post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [ALL_CARS] }, token);

  describe("tokens", () => {
    it("refuses a request without a token", async () => {
      expect(await pull(undefined)).toMatchObject({ status: 401, json: { error: { code: "MISSING_TOKEN" } } });
    });
    it("refuses a token signed with another secret", async () => {
      const forged = await tokenFor("alice", { secret: "another-secret-of-at-least-thirty-two-bytes" });
      expect(await pull(forged)).toMatchObject({ status: 401, json: { error: { code: "INVALID_TOKEN" } } });
    });
    it("refuses an expired token", async () => {
      const expired = await tokenFor("alice", { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      expect(await pull(expired)).toMatchObject({ status: 401, json: { error: { code: "TOKEN_EXPIRED" } } });
    });
    it("refuses an unsigned token (alg none) and a token without sub", async () => {
      const header = Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url");
      const body = Buffer.from(JSON.stringify({ sub: "alice" })).toString("base64url");
      expect(await pull(`${header}.${body}.`)).toMatchObject({ status: 401, json: { error: { code: "INVALID_TOKEN" } } });
      const noSub = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("test-secret-of-at-least-thirty-two-bytes!"));
      expect(await pull(noSub)).toMatchObject({ status: 401, json: { error: { code: "INVALID_TOKEN", message: expect.stringContaining("sub") } } });
    });
    it("refuses a malformed Authorization header", async () => {
      const response = await fixture.server.app.inject({ method: "POST", url: "/v1/pull", payload: { cursor: 0, subscriptions: [] }, headers: { authorization: "Basic abc" } });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe("INVALID_TOKEN");
    });
  });

  describe("other users' objects", () => {
    it("never sends another user's objects", async () => {
      const { json } = await pull(fixture.alice);
      expect(json.objects.map((o: { key: string }) => o.key)).not.toContain("s:bobs-car");
    });

    it("reverts a create owned by another user (denied by write filter) with code 231", async () => {
      const device = new TestDevice("alice-1");
      // The seed's example: a car whose ownerId is not the user's id.
      device.write((tx) => tx.create("Car", { _id: "not-mine", ownerId: "someOtherId", make: "Ford", miles: null }));
      const { status, json } = await post(fixture.server, "/v1/push", pushBody(device.changes(), [NEW_CARS]), fixture.alice);
      expect(status).toBe(200);
      expect(json.compensatingWrite).toEqual({
        code: COMPENSATING_WRITE_CODE,
        message: COMPENSATING_WRITE_MESSAGE,
        writes: [{ model: "Car", key: "s:not-mine", reason: 'write to "s:not-mine" in table "Car" was denied by write filter in role "owner-read-write"', object: null }],
      });
      expect((await pull(bob)).json.objects.map((o: { key: string }) => o.key)).not.toContain("s:not-mine");
    });

    it("reverts an edit of another user's object without leaking it", async () => {
      const device = new TestDevice("alice-2");
      device.write((tx) => tx.create("Car", { _id: "bobs-car", ownerId: "alice", make: "Stolen", miles: 1 }));
      const { json } = await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
      expect(json.compensatingWrite.writes).toEqual([{ model: "Car", key: "s:bobs-car", reason: expect.stringContaining("denied by write filter"), object: null }]);
      const bobs = (await pull(bob)).json.objects.find((o: { key: string }) => o.key === "s:bobs-car");
      expect(bobs.values).toMatchObject({ ownerId: "bob", make: "Ford" });
    });

    it("reverts a delete of another user's object", async () => {
      const device = new TestDevice("alice-3");
      device.write((tx) => tx.create("Car", { _id: "bobs-car", ownerId: "bob", make: "Ford", miles: 5 }));
      device.write((tx) => tx.delete(tx.realm.objectForPrimaryKey("Car", "bobs-car")!));
      const { json } = await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice);
      expect(json.compensatingWrite.writes).toEqual([expect.objectContaining({ model: "Car", key: "s:bobs-car" })]);
      expect((await pull(bob)).json.objects.map((o: { key: string }) => o.key)).toContain("s:bobs-car");
    });

    it("a delete of an object the server never had cannot block another user's later create", async () => {
      const mallory = new TestDevice("alice-preempt");
      mallory.write((tx) => tx.create("Car", { _id: "future-bob", ownerId: "bob", make: "Tesla", miles: 1 }));
      mallory.write((tx) => tx.delete(tx.realm.objectForPrimaryKey("Car", "future-bob")!));
      const changes = mallory.changes();
      expect(changes.tombstones.map((t) => t.key)).toEqual(["s:future-bob"]);
      const pushed = await post(fixture.server, "/v1/push", pushBody(changes), fixture.alice);
      expect(pushed.json.version).toBe(await fixture.server.head()); // nothing written
      const bobs = new TestDevice("bob-later");
      bobs.write((tx) => tx.create("Car", { _id: "future-bob", ownerId: "bob", make: "Tesla", miles: 1 }));
      expect((await post(fixture.server, "/v1/push", pushBody(bobs.changes(), [ALL_CARS], "bob-client"), bob)).json.counts.created).toBe(1);
    });
  });

  describe("subscriptions", () => {
    it("reverts a write outside the subscriptions (the seed's 90000 miles)", async () => {
      const device = new TestDevice("alice-4");
      device.write((tx) => tx.create("Car", { _id: "old-car", ownerId: "alice", make: "Honda", miles: 90000 }));
      const { json } = await post(fixture.server, "/v1/push", pushBody(device.changes(), [NEW_CARS]), fixture.alice);
      expect(json.compensatingWrite.writes).toEqual([
        { model: "Car", key: "s:old-car", reason: 'write to "s:old-car" in table "Car" not allowed; object is outside of the current query view', object: null },
      ]);
    });

    it("refuses an unknown model or a query outside the subset", async () => {
      const unknown = await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [{ objectType: "Boat", queryString: "TRUEPREDICATE" }] }, fixture.alice);
      expect(unknown).toMatchObject({ status: 400, json: { error: { code: "INVALID_SUBSCRIPTION", message: expect.stringContaining('"Boat"') } } });
      const bad = await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [{ objectType: "Car", queryString: "miles @count > 1" }] }, fixture.alice);
      expect(bad).toMatchObject({ status: 400, json: { error: { code: "INVALID_SUBSCRIPTION" } } });
    });
  });

  describe("malformed and oversized payloads", () => {
    it("refuses bodies that are not JSON, miss fields or carry extra ones", async () => {
      const notJson = await fixture.server.app.inject({ method: "POST", url: "/v1/push", payload: "{not json", headers: { authorization: `Bearer ${fixture.alice}`, "content-type": "application/json" } });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().error.code).toBe("INVALID_REQUEST");
      expect(await post(fixture.server, "/v1/push", { clientId: "c" }, fixture.alice)).toMatchObject({ status: 400, json: { error: { code: "INVALID_REQUEST" } } });
      expect(await post(fixture.server, "/v1/pull", { cursor: -1, subscriptions: [] }, fixture.alice)).toMatchObject({ status: 400, json: { error: { code: "INVALID_REQUEST" } } });
      expect(await post(fixture.server, "/v1/pull", { cursor: "0", subscriptions: [] }, fixture.alice)).toMatchObject({ status: 400 });
      expect(await post(fixture.server, "/v1/pull", { cursor: 0, subscriptions: [], admin: true }, fixture.alice)).toMatchObject({ status: 400 });
    });

    it("refuses a changeset with a bad entry, naming it", async () => {
      const body = pushBody({ format: 1, since: null, objects: [{ model: "Car", key: "s:x", generation: 0, created: null, fields: {} }], tombstones: [] } as never);
      expect(await post(fixture.server, "/v1/push", body, fixture.alice)).toMatchObject({ status: 400, json: { error: { code: "INVALID_CHANGESET", message: expect.stringContaining("objects[0].generation") } } });
    });

    it("skips fields with malformed or far-future stamps and reports them", async () => {
      const device = new TestDevice("alice-5");
      device.write((tx) => tx.create("Car", { _id: "future", ownerId: "alice", make: "DeLorean", miles: 88 }));
      const changeset = device.changes();
      const future = { ...changeset, objects: changeset.objects.map((o) => ({ ...o, created: "zzzzzzzzzzzzzzzz", fields: Object.fromEntries(Object.entries(o.fields).map(([k, f]) => [k, { ...f, stamp: "zzzzzzzzzzzzzzzz" }])) })) };
      const { json } = await post(fixture.server, "/v1/push", pushBody(future), fixture.alice);
      expect(json.counts.created).toBe(0);
      expect(json.skipped.length).toBeGreaterThan(0);
    });

    it("refuses a body over the size limit (413)", async () => {
      const device = new TestDevice("alice-6");
      device.write((tx) => tx.create("Car", { _id: "big", ownerId: "alice", make: "x".repeat(70 * 1024), miles: 1 }));
      expect(await post(fixture.server, "/v1/push", pushBody(device.changes()), fixture.alice)).toMatchObject({ status: 413, json: { error: { code: "PAYLOAD_TOO_LARGE" } } });
    });
  });

  describe("replays", () => {
    it("a push replayed by another user is merged under that user's rules, not the first's", async () => {
      const device = new TestDevice("alice-7");
      device.write((tx) => tx.create("Car", { _id: "replayed", ownerId: "alice", make: "Fiat", miles: 3 }));
      const body = pushBody(device.changes());
      expect((await post(fixture.server, "/v1/push", body, fixture.alice)).json.counts.created).toBe(1);
      // bob captured alice's push and sends it as his own: nothing of alice's may change through him.
      const { json } = await post(fixture.server, "/v1/push", { ...body, changeset: { ...body.changeset, objects: body.changeset.objects.map((o) => ({ ...o, fields: { ...o.fields, make: { value: "Hijacked", stamp: new HybridClock({ nodeId: "bob" }).now() } } })) } }, bob);
      expect(json.replayed).toBe(false);
      expect(json.compensatingWrite.writes).toEqual([expect.objectContaining({ key: "s:replayed", reason: expect.stringContaining("denied by write filter") })]);
      const mine = (await pull(fixture.alice)).json.objects.find((o: { key: string }) => o.key === "s:replayed");
      expect(mine.values.make).toBe("Fiat");
    });
  });

  describe.skipIf(db.name !== "PGlite")("rate limits (database-independent: PGlite only)", () => {
    it("answers 429 RATE_LIMITED past the limit", async () => {
      const limited = await startServer({ rateLimit: { max: 2, timeWindow: 60_000 } });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await post(limited, "/v1/pull", { cursor: 0, subscriptions: [] }, fixture.alice)).status);
        expect(statuses).toEqual([200, 200, 429]);
        expect((await post(limited, "/v1/pull", { cursor: 0, subscriptions: [] }, fixture.alice)).json.error.code).toBe("RATE_LIMITED");
        // The limit is per user: bob still gets through.
        expect((await post(limited, "/v1/pull", { cursor: 0, subscriptions: [] }, bob)).status).toBe(200);
      } finally {
        await limited.close();
      }
    }, 60_000);
  });

  describe.skipIf(db.name !== "PGlite")("JWKS (database-independent: PGlite only)", () => {
    it("verifies tokens against keys published at a JWKS URL (loopback)", async () => {
      const { publicKey, privateKey } = await generateKeyPair("RS256");
      const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256", use: "sig" };
      const keys = createServer((_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => keys.listen(0, "127.0.0.1", resolve));
      const jwksUrl = `http://127.0.0.1:${(keys.address() as AddressInfo).port}/.well-known/jwks.json`;
      const withJwks = await startServer({ auth: { jwksUrl, issuer: "https://auth.example" } });
      try {
        const good = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject("alice").setIssuer("https://auth.example").setExpirationTime("5m").sign(privateKey);
        expect((await post(withJwks, "/v1/pull", { cursor: 0, subscriptions: [] }, good)).status).toBe(200);
        const other = await generateKeyPair("RS256");
        const forged = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject("alice").setIssuer("https://auth.example").sign(other.privateKey);
        expect((await post(withJwks, "/v1/pull", { cursor: 0, subscriptions: [] }, forged)).json.error.code).toBe("INVALID_TOKEN");
        const wrongIssuer = await new SignJWT({}).setProtectedHeader({ alg: "RS256", kid: "k1" }).setSubject("alice").setIssuer("https://evil.example").sign(privateKey);
        expect((await post(withJwks, "/v1/pull", { cursor: 0, subscriptions: [] }, wrongIssuer)).json.error.code).toBe("INVALID_TOKEN");
      } finally {
        await withJwks.close();
        keys.close();
      }
    }, 60_000);
  });
});
