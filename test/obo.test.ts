// OBO against the real emulator with real msal-node: happy path, cache, partitioning, error mapping.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, oidOf, startAppEmulator, tokenEvents, userToken } from "./support/app.ts";
import { BrokenStore, MapStore } from "./support/kv-stores.ts";

let emu: RunningEmulator;
let obo: typeof import("@/lib/obo");
let resolveCaller: typeof import("@/lib/bearer").resolveCaller;

const USER_READ = ["https://graph.microsoft.com/User.Read"];
const ADELE = "a1b2c3d4-1111-4aaa-8bbb-000000000001";
const ALEX = "a1b2c3d4-1111-4aaa-8bbb-000000000002";

beforeAll(async () => {
  emu = await startAppEmulator();
  obo = await import("@/lib/obo");
  ({ resolveCaller } = await import("@/lib/bearer"));
});
afterAll(() => emu?.close());
beforeEach(() => obo.configureOboCache({}));

const callerFor = async (upn: string) => resolveCaller(apiRequest("/api/me", await userToken(emu, upn)));

describe("getAuthorizationHeader", () => {
  it("exchanges the user's token for a Graph token on their behalf", async () => {
    const header = await obo.getAuthorizationHeader({ scopes: USER_READ, caller: await callerFor("adele") });
    expect(header).toMatch(/^Bearer ey/);
    const claims = decodeJwt(header.slice(7));
    expect(claims).toMatchObject({
      oid: ADELE,
      aud: "https://graph.microsoft.com",
      appid: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
    });
    expect(String(claims.scp).split(" ")).toContain("User.Read");
  });

  it("answers the second call from the cache (no token request)", async () => {
    const caller = await callerFor("adele");
    const first = await obo.getAuthorizationHeader({ scopes: USER_READ, caller });
    const before = await tokenEvents(emu);
    const second = await obo.getAuthorizationHeader({ scopes: USER_READ, caller });
    expect(await tokenEvents(emu)).toBe(before);
    expect(second).toBe(first);
  });

  it("serves the refreshed token after forceRefresh, never the one it replaced", async () => {
    const caller = await callerFor("alex");
    const first = await obo.getAuthorizationHeader({ scopes: USER_READ, caller });
    await obo.getAuthorizationHeader({ scopes: USER_READ, caller }); // now served by the hit index
    const refreshed = await obo.getAuthorizationHeader({ scopes: USER_READ, caller, forceRefresh: true });
    expect(refreshed).not.toBe(first);
    const before = await tokenEvents(emu);
    expect(await obo.getAuthorizationHeader({ scopes: USER_READ, caller })).toBe(refreshed);
    expect(await tokenEvents(emu)).toBe(before);
  });

  it("shares tokens across instances through L2 (a fresh L1 still hits)", async () => {
    const l2 = new MapStore();
    obo.configureOboCache({ l2 });
    const caller = await callerFor("adele");
    const first = await obo.getAuthorizationHeader({ scopes: USER_READ, caller });
    expect(l2.data.size).toBe(1);
    // Graph's CAE token lives 24-28 h; the partition only as long as its assertion can be presented.
    expect(decodeJwt(first.slice(7)).exp! - Date.now() / 1000).toBeGreaterThan(23 * 3600);
    await obo.flushOboCache();
    expect([...l2.ttls.values()][0]).toBeLessThanOrEqual(
      caller.kind === "user" ? caller.claims.exp + 300 - Math.floor(Date.now() / 1000) : 0,
    );
    obo.configureOboCache({ l2 }); // another instance: empty L1, same Redis
    const before = await tokenEvents(emu);
    expect(await obo.getAuthorizationHeader({ scopes: USER_READ, caller })).toBe(first);
    expect(await tokenEvents(emu)).toBe(before);
  });

  it("never hands one user's token to another, even concurrently and with a shared L2", async () => {
    obo.configureOboCache({ l2: new MapStore() });
    const [adele, alex] = await Promise.all([callerFor("adele"), callerFor("alex")]);
    const calls = Array.from({ length: 12 }, (_, i) => (i % 2 ? alex : adele));
    const headers = await Promise.all(calls.map((caller) => obo.getAuthorizationHeader({ scopes: USER_READ, caller })));
    headers.forEach((h, i) => expect(oidOf(h)).toBe(i % 2 ? ALEX : ADELE));
    const again = await Promise.all(calls.map((caller) => obo.getAuthorizationHeader({ scopes: USER_READ, caller })));
    again.forEach((h, i) => expect(oidOf(h)).toBe(i % 2 ? ALEX : ADELE));
  });

  it("keeps working from L1 when L2 fails", async () => {
    const l2 = new BrokenStore();
    obo.configureOboCache({ l2 });
    const caller = await callerFor("alex");
    const first = await obo.getAuthorizationHeader({ scopes: USER_READ, caller });
    expect(oidOf(first)).toBe(ALEX);
    const before = await tokenEvents(emu);
    expect(await obo.getAuthorizationHeader({ scopes: USER_READ, caller })).toBe(first);
    expect(await tokenEvents(emu)).toBe(before);
    expect(l2.calls).toBeGreaterThan(0);
  });

  it("maps the MFA requirement (AADSTS50076) to a claims challenge", async () => {
    const caller = await callerFor("miriam");
    const err = await obo.getAuthorizationHeader({ scopes: USER_READ, caller }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ERR_OBO_CLAIMS_CHALLENGE" });
    const claims = JSON.parse((err as { details: { claims: string } }).details.claims) as Record<string, unknown>;
    expect(claims).toHaveProperty("access_token");
  });

  it("maps a Graph token passed as the assertion (AADSTS50013) to a misconfiguration", async () => {
    const graph = await obo.getAuthorizationHeader({ scopes: USER_READ, caller: await callerFor("adele") });
    const caller = { ...(await callerFor("adele")), assertion: graph.slice(7) };
    await expect(obo.getAuthorizationHeader({ scopes: USER_READ, caller })).rejects.toMatchObject({
      code: "ERR_OBO_MISCONFIGURED",
    });
  });

  it("maps an unreachable identity platform to ERR_IDP_UNAVAILABLE", async () => {
    await fetch(`${emu.url}/_admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "token", aadsts: 50000, count: 5 }),
    });
    try {
      const caller = await callerFor("megan");
      await expect(obo.getAuthorizationHeader({ scopes: USER_READ, caller })).rejects.toMatchObject({
        code: "ERR_IDP_UNAVAILABLE",
      });
    } finally {
      await fetch(`${emu.url}/_admin/faults`, { method: "DELETE", headers: { "content-type": "application/json" } });
    }
  });
});
