// Each test worker that loaded real Realm must shut it down, or the worker never exits.
import { afterAll } from "vitest";
import { shutdownRealRealm } from "./real-realm.js";

afterAll(() => shutdownRealRealm());
