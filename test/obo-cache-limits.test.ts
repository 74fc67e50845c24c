// The OBO cache's L1 bound as configured (OBO_CACHE_MAX_USERS, read by lib/config, used by lib/obo): with
// room for two users, a third evicts the least recently used one, which comes back from L2 (no token
// request) and, once L2 no longer holds it either, from the token endpoint. Its own file: the
// configuration is read once per process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, oidOf, startAppEmulator, tokenEvents, userToken } from "./support/app.ts";
import { MapStore } from "./support/kv-stores.ts";

let emu: RunningEmulator;
let obo: typeof import("@/lib/obo");
let resolveCaller: typeof import("@/lib/bearer").resolveCaller;

const USER_READ = ["https://graph.microsoft.com/User.Read"];

beforeAll(async () => {
  emu = await startAppEmulator();
  process.env.OBO_CACHE_MAX_USERS = "2";
  delete process.env.OBO_CACHE_MAX_MB;
  obo = await import("@/lib/obo");
  ({ resolveCaller } = await import("@/lib/bearer"));
});
afterAll(() => {
  delete process.env.OBO_CACHE_MAX_USERS;
  emu?.close();
});

const callerFor = async (upn: string) => resolveCaller(apiRequest("/api/me", await userToken(emu, upn)));

describe("OBO_CACHE_MAX_USERS", () => {
  it("sizes L1 from the configuration", () => {
    obo.configureOboCache({});
    expect(obo.oboCacheStores().l1.maxEntries).toBe(2);
    expect(obo.oboCacheStores().l1.maxBytes).toBe(256 * 1024 * 1024);
  });

  it("evicts the least recently used user past the bound; that user comes back from L2, then from the token endpoint", async () => {
    const l2 = new MapStore();
    obo.configureOboCache({ l2 });
    const { l1 } = obo.oboCacheStores();
    const [adele, alex, megan, grady] = [
      await callerFor("adele"),
      await callerFor("alex"),
      await callerFor("megan"),
      await callerFor("grady"),
    ];
    const header = (caller: typeof adele) => obo.getAuthorizationHeader({ scopes: USER_READ, caller });
    const adeleKey = obo.partitionKey(adele.kind === "user" ? adele.assertion : "");
    const ADELE = "a1b2c3d4-1111-4aaa-8bbb-000000000001";

    const start = await tokenEvents(emu);
    const first = await header(adele);
    expect(oidOf(first)).toBe(ADELE);
    await header(alex);
    await header(megan); // the third user: adele (least recently used) leaves L1
    await obo.flushOboCache();
    expect(await tokenEvents(emu)).toBe(start + 3);
    expect(l1.size).toBe(2);
    expect(l1.has(adeleKey)).toBe(false);

    // L1 still serves the two recent users without touching L2 or the token endpoint.
    const readsBefore = l2.reads;
    await header(alex);
    await header(megan);
    expect(l2.reads).toBe(readsBefore);

    // adele: an L1 miss, an L2 hit (the same token), no token request; back in L1, which stays at its bound.
    expect(await header(adele)).toBe(first);
    expect(l2.reads).toBeGreaterThan(readsBefore);
    expect(await tokenEvents(emu)).toBe(start + 3);
    expect(l1.has(adeleKey)).toBe(true);
    expect(l1.size).toBe(2);
    const readsAfterL2 = l2.reads;
    expect(await header(adele)).toBe(first); // from L1 now: no second L2 read
    expect(l2.reads).toBe(readsAfterL2);

    // L2 loses the tokens (flushed, expired); other users push adele out of L1 again.
    l2.data.clear();
    for (const other of [grady, alex, megan, grady, alex, megan]) {
      if (!l1.has(adeleKey)) break;
      await header(other);
    }
    expect(l1.has(adeleKey)).toBe(false);
    expect(l1.size).toBe(2);

    // Neither L1 nor L2 holds adele: the token endpoint, once, and the new token lands in L1.
    const beforeAdele = await tokenEvents(emu);
    const again = await header(adele);
    expect(oidOf(again)).toBe(ADELE);
    expect(await tokenEvents(emu)).toBe(beforeAdele + 1);
    expect(l1.has(adeleKey)).toBe(true);
    expect(await header(adele)).toBe(again);
    expect(await tokenEvents(emu)).toBe(beforeAdele + 1);
  });
});
