// Rules in the Flutter seed's format: role choice by apply_when, document filters with %%user
// expansions and operators, and the rules' own validation.
import { describe, expect, it } from "vitest";
import { accessFor, checkRules } from "../../src/server/rules/access.js";
import { matchFilter } from "../../src/server/rules/match-filter.js";
import { expand, userFromClaims } from "../../src/server/rules/sync-user.js";
import { compileSubscriptions } from "../../src/server/subscriptions/subscription-view.js";
import { trackedServerSchema } from "../../src/server/create-sync-server.js";
import { CAR, OWNER_RULES } from "./helpers.js";

const alice = userFromClaims({ sub: "alice", email: "a@example.com", custom_data: { team: "red", admin: false } });
const admin = userFromClaims({ sub: "root", custom_data: { admin: true } });

describe("%%user expansions", () => {
  it("reads the id, data, custom_data and claims", () => {
    expect(expand("%%user.id", alice)).toBe("alice");
    expect(expand("%%user", alice)).toBe("alice");
    expect(expand("%%user.data.email", alice)).toBe("a@example.com");
    expect(expand("%%user.custom_data.team", alice)).toBe("red");
    expect(expand("%%user.claims.sub", alice)).toBe("alice");
    expect(expand("%%user.custom_data.missing", alice)).toBeUndefined();
    expect(expand("%%user.__proto__", alice)).toBeUndefined();
  });
});

describe("document filters", () => {
  it("match equality, operators and logic over encoded values", () => {
    const car = { ownerId: "alice", miles: 50, team: ["red", "blue"], sold: { $date: "2024-01-01T00:00:00.000Z" } };
    expect(matchFilter({ ownerId: "%%user.id" }, car, alice)).toBe(true);
    expect(matchFilter({ ownerId: "%%user.id" }, { ...car, ownerId: "bob" }, alice)).toBe(false);
    expect(matchFilter({ miles: { $lt: 100, $gte: 50 } }, car, alice)).toBe(true);
    expect(matchFilter({ miles: { $in: [1, 2] } }, car, alice)).toBe(false);
    expect(matchFilter({ team: "%%user.custom_data.team" }, car, alice)).toBe(true);
    expect(matchFilter({ $or: [{ ownerId: "bob" }, { miles: 50 }] }, car, alice)).toBe(true);
    expect(matchFilter({ $nor: [{ miles: 50 }] }, car, alice)).toBe(false);
    expect(matchFilter({ model: { $exists: false } }, car, alice)).toBe(true);
    expect(matchFilter({ sold: { $lt: { $date: "2025-01-01T00:00:00.000Z" } } }, car, alice)).toBe(true);
    // An expansion that resolves to nothing matches nothing (never "undefined == undefined").
    expect(matchFilter({ ownerId: "%%user.custom_data.nothing" }, { }, alice)).toBe(false);
  });
});

describe("roles", () => {
  const rules = checkRules({
    roles: [
      { name: "admin", apply_when: { "%%user.custom_data.admin": true }, read: true, write: true },
      { name: "owner-read-write", apply_when: {}, document_filters: { read: { ownerId: "%%user.id" }, write: { ownerId: "%%user.id" } }, read: true, write: true },
    ],
    models: { Log: { roles: [{ name: "read-only", read: true, write: false }] } },
  });

  it("takes the first role whose apply_when matches", () => {
    expect(accessFor(rules, admin).roleFor("Car")?.name).toBe("admin");
    expect(accessFor(rules, alice).roleFor("Car")?.name).toBe("owner-read-write");
    expect(accessFor(rules, alice).roleFor("Log")?.name).toBe("read-only");
  });

  it("checks the object before and after a write", () => {
    const access = accessFor(rules, alice);
    expect(access.writeDenial("Car", "s:1", undefined, { ownerId: "alice" })).toBeUndefined();
    expect(access.writeDenial("Car", "s:1", undefined, { ownerId: "bob" })).toBe('write to "s:1" in table "Car" was denied by write filter in role "owner-read-write"');
    // Taking over someone's object by rewriting its ownerId is refused (the before side).
    expect(access.writeDenial("Car", "s:1", { ownerId: "bob" }, { ownerId: "alice" })).toMatch(/denied by write filter/);
    expect(access.writeDenial("Log", "s:1", undefined, {})).toMatch(/read-only/);
    expect(access.canRead("Car", { ownerId: "alice" })).toBe(true);
    expect(access.canRead("Car", { ownerId: "bob" })).toBe(false);
    expect(accessFor(rules, admin).canRead("Car", { ownerId: "bob" })).toBe(true);
  });

  it("denies everything when no role applies", () => {
    const none = accessFor(checkRules({ roles: [{ name: "admins", apply_when: { "%%user.custom_data.admin": true }, read: true, write: true }] }), alice);
    expect(none.canRead("Car", {})).toBe(false);
    expect(none.writeDenial("Car", "s:1", undefined, {})).toMatch(/no role applies to user "alice"/);
  });

  it("the seed's role is valid as written", () => {
    expect(checkRules(OWNER_RULES)).toBe(OWNER_RULES);
  });

  it("refuses malformed rules, naming the entry", () => {
    expect(() => checkRules({ roles: [{ name: "r", read: "yes", write: true }] })).toThrow(/roles\[0\]\.read/);
    expect(() => checkRules({ roles: [{ name: "r", read: true, write: true, document_filters: { read: { a: { $regex: "x" } } } }] })).toThrow(/unsupported operator "\$regex"/);
    expect(() => checkRules({ role: [] })).toThrow(/unknown key\(s\) "role"/);
    expect(() => checkRules({ models: { Car: {} } })).toThrow(/models\.Car\.roles/);
  });
});

describe("subscriptions", () => {
  const schema = new Map(trackedServerSchema([CAR]).map((m) => [m.name, m]));
  it("evaluate the RQL subset over encoded values, primary key included", () => {
    const view = compileSubscriptions([{ objectType: "Car", queryString: "miles < 100 OR miles == $0", args: [null] }, { objectType: "Car", queryString: "_id BEGINSWITH[c] 'VIP'" }], schema);
    expect(view.matches("Car", { miles: 5 })).toBe(true);
    expect(view.matches("Car", { miles: null })).toBe(true);
    expect(view.matches("Car", { miles: 90000 })).toBe(false);
    expect(view.matches("Car", { _id: "vip-1", miles: 90000 })).toBe(true);
    expect(view.matches("Other", { miles: 5 })).toBe(false);
  });
});
