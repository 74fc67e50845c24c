// Session store and token refresh against the real emulator: single-flight within one process and
// across two instances sharing Redis, and the end of a session whose refresh token is rejected.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { IDS, SECRETS, startTestEmulator } from "@/emulator/test/harness";
import { identityState } from "@/emulator/identity/state";
import type { RunningEmulator } from "@/emulator/server";
import { MemoryStore } from "@/lib/store/memory";
import { RedisStore } from "@/lib/store/redis";
import type { KvStore } from "@/lib/store/types";
import { signInForTokens, type TokenResponse } from "@/test/sign-in-tokens";
import { AppError } from "@/lib/errors";
import { TokenRefresher, discoverTokenEndpoint } from "./refresh";
import { SessionStore, newSessionId } from "./store";
import type { SessionRecord } from "./types";

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
const SCOPE = `api://${IDS.backend}/.default`;
const ADELE = "adele@contoso.onmicrosoft.com";

let emu: RunningEmulator;
let issuer: string;
let tokenCalls = 0;
let lastError: { error?: string; error_codes?: number[] } | undefined;
const countingFetch: typeof fetch = async (input, init) => {
  if (new URLSearchParams(String(init?.body ?? "")).get("grant_type") === "refresh_token") tokenCalls++;
  const response = await fetch(input, init);
  if (!response.ok) lastError = (await response.clone().json()) as typeof lastError;
  return response;
};

beforeAll(async () => {
  emu = await startTestEmulator();
  issuer = `${emu.url}/${IDS.tenant}/v2.0`;
});
afterAll(() => emu?.close());
beforeEach(() => {
  tokenCalls = 0;
  lastError = undefined;
});
afterEach(() => identityState(emu.ctx).reset()); // a revoked user stays revoked otherwise

function refresher(
  kv: KvStore,
  sessions = new SessionStore(kv),
  extra: Partial<ConstructorParameters<typeof TokenRefresher>[0]> = {},
) {
  return new TokenRefresher({
    kv,
    sessions,
    tokenEndpoint: () => discoverTokenEndpoint(issuer),
    clientId: IDS.frontend,
    clientSecret: SECRETS.frontend,
    scope: `${SCOPE} openid profile offline_access`,
    fetch: countingFetch,
    pollMs: 20,
    ...extra,
  });
}

async function signedInRecord(expired: boolean): Promise<{ record: SessionRecord; tokens: TokenResponse }> {
  const tokens = await signInForTokens({
    emulatorUrl: emu.url,
    tenantId: IDS.tenant,
    clientId: IDS.frontend,
    clientSecret: SECRETS.frontend,
    scope: `openid profile email offline_access ${SCOPE}`,
    username: ADELE,
  });
  expect(tokens.refresh_token).toBeTruthy();
  const claims = JSON.parse(Buffer.from(tokens.id_token!.split(".")[1]!, "base64url").toString()) as Record<
    string,
    string
  >;
  const now = Math.floor(Date.now() / 1000);
  const record: SessionRecord = {
    sid: newSessionId(),
    oid: claims.oid!,
    tid: claims.tid!,
    name: claims.name!,
    username: claims.preferred_username!,
    loginHint: claims.login_hint,
    accessToken: tokens.access_token,
    accessTokenExpiresAt: expired ? now - 10 : now + tokens.expires_in,
    refreshToken: tokens.refresh_token,
    createdAt: now,
    updatedAt: now,
  };
  return { record, tokens };
}

const stores: Array<[string, () => KvStore]> = [["memory", () => new MemoryStore()]];
if (REDIS_TEST_URL)
  stores.push(["redis", () => new RedisStore(REDIS_TEST_URL, { keyPrefix: `test-${randomUUID()}:` })]);
else
  console.warn(
    "lib/session: REDIS_TEST_URL is not set, skipping the Redis cases (e.g. REDIS_TEST_URL=redis://127.0.0.1:6391)",
  );

describe.each(stores)("session store on %s", (_name, makeStore) => {
  it("saves, loads and deletes a session record", async () => {
    const sessions = new SessionStore(makeStore());
    const sid = newSessionId();
    expect(sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const record: SessionRecord = {
      sid,
      oid: "o",
      tid: "t",
      name: "Adele",
      username: ADELE,
      accessToken: "at",
      accessTokenExpiresAt: 1,
      refreshToken: "rt",
      createdAt: 1,
      updatedAt: 1,
    };
    await sessions.save(record);
    expect(await sessions.load(sid)).toEqual(record);
    await sessions.delete(sid);
    expect(await sessions.load(sid)).toBeUndefined();
  });

  it("ignores ids that are not session ids", async () => {
    expect(await new SessionStore(makeStore()).load("../../etc")).toBeUndefined();
  });
});

describe.each(stores)("token refresh on %s", (_name, makeStore) => {
  it("uses a fresh access token as is, without calling the token endpoint", async () => {
    const kv = makeStore();
    const { record } = await signedInRecord(false);
    await new SessionStore(kv).save(record);
    const fresh = await refresher(kv).getFreshSession(record.sid);
    expect(fresh?.accessToken).toBe(record.accessToken);
    expect(tokenCalls).toBe(0);
  });

  it("refreshes an expiring token once for many concurrent requests of one session", async () => {
    const kv = makeStore();
    const { record } = await signedInRecord(true);
    await new SessionStore(kv).save(record);
    const r = refresher(kv);
    const results = await Promise.all(Array.from({ length: 10 }, () => r.getFreshSession(record.sid)));
    expect(tokenCalls).toBe(1);
    const tokens = new Set(results.map((s) => s?.accessToken));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).not.toBe(record.accessToken);
    const aud = JSON.parse(Buffer.from(results[0]!.accessToken.split(".")[1]!, "base64url").toString()).aud;
    expect([IDS.backend, `api://${IDS.backend}`]).toContain(aud); // still the backend's audience
    const stored = await new SessionStore(kv).load(record.sid);
    expect(stored?.accessToken).toBe(results[0]?.accessToken);
    expect(stored!.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000 + 600);
    expect(stored?.refreshToken).toBeTruthy();
    // the new token is served without another refresh
    await r.getFreshSession(record.sid);
    expect(tokenCalls).toBe(1);
  });

  it("ends the session when the refresh token is rejected (invalid_grant)", async () => {
    const kv = makeStore();
    const sessions = new SessionStore(kv);
    const { record } = await signedInRecord(true);
    await sessions.save(record);
    identityState(emu.ctx).revokeUser(record.oid);
    expect(await refresher(kv).getFreshSession(record.sid)).toBeUndefined();
    expect(tokenCalls).toBe(1);
    expect(lastError).toMatchObject({ error: "invalid_grant", error_codes: [50173] });
    expect(await sessions.load(record.sid)).toBeUndefined();
  });

  it("keeps the session and reports ERR_AUTH_REFRESH_FAILED when the token endpoint is down", async () => {
    const kv = makeStore();
    const sessions = new SessionStore(kv);
    const { record } = await signedInRecord(true);
    await sessions.save(record);
    const down: typeof fetch = async () => Response.json({ error: "temporarily_unavailable" }, { status: 503 });
    const error = await refresher(kv, sessions, { fetch: down })
      .getFreshSession(record.sid)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("ERR_AUTH_REFRESH_FAILED");
    expect(await sessions.load(record.sid)).toEqual(record);
  });
});

describe.runIf(REDIS_TEST_URL)("token refresh across two instances sharing Redis", () => {
  const clients: RedisStore[] = [];
  afterAll(() => Promise.all(clients.map((c) => c.close())));

  it("refreshes once when both instances see the expired token at the same time", async () => {
    const prefix = `test-${randomUUID()}:`;
    const a = new RedisStore(REDIS_TEST_URL!, { keyPrefix: prefix });
    const b = new RedisStore(REDIS_TEST_URL!, { keyPrefix: prefix });
    clients.push(a, b);
    const { record } = await signedInRecord(true);
    await new SessionStore(a).save(record);
    const instanceA = refresher(a);
    const instanceB = refresher(b);
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => instanceA.getFreshSession(record.sid)),
      ...Array.from({ length: 5 }, () => instanceB.getFreshSession(record.sid)),
    ]);
    expect(tokenCalls).toBe(1);
    expect(new Set(results.map((s) => s?.accessToken)).size).toBe(1);
    expect(results[0]?.accessToken).not.toBe(record.accessToken);
    expect(await a.get(`refresh-lock:${record.sid}`)).toBeUndefined(); // the lock was released
  });
});
