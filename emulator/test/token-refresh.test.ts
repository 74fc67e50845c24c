import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { useTestEmulator } from "./use-emulator.ts";
import { APP, IDS, SECRETS } from "./harness.ts";
import { admin, authCodeWithPkce, envelope, redeemCode, refresh, USERS } from "./browser.ts";
import type { RunningEmulator } from "../server.ts";

const WEB = APP.web;
const SPA = APP.spa;
const ORIGIN = APP.origin;
const SCOPES = [...APP.scopes];

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

async function tokens(redirectUri: string, user: string = USERS.adele) {
  const { code, verifier } = await authCodeWithPkce({
    emulator: emu,
    clientId: IDS.frontend,
    redirectUri,
    scopes: SCOPES,
    username: user,
  });
  const spa = redirectUri === SPA;
  const { body } = await redeemCode(emu, {
    clientId: IDS.frontend,
    code,
    verifier,
    redirectUri,
    scopes: SCOPES,
    clientSecret: spa ? undefined : SECRETS.frontend,
    origin: spa ? ORIGIN : undefined,
  });
  return body;
}

/** The web platform's refresh (the frontend's secret); `scopes` leaves the request's scope out when omitted. */
const refreshWeb = (refreshToken: string, scopes?: string[]) =>
  refresh(emu, { clientId: IDS.frontend, refreshToken, scopes, clientSecret: SECRETS.frontend });

describe("refresh_token", () => {
  it("rotates: a new refresh token each time, and the old one stays valid", async () => {
    const first = await tokens(WEB);
    const a = await refreshWeb(first.refresh_token, SCOPES);
    expect(a.status).toBe(200);
    expect(a.body.refresh_token).toBeTruthy();
    expect(a.body.refresh_token).not.toBe(first.refresh_token);
    const b = await refreshWeb(first.refresh_token, SCOPES);
    expect(b.status).toBe(200);
  });

  it("may target another consented resource (backend → Graph openid token for the frontend)", async () => {
    const first = await tokens(WEB);
    const { status, body } = await refreshWeb(first.refresh_token, ["openid", "profile", "offline_access"]);
    expect(status).toBe(200);
    expect(decodeJwt(body.access_token).aud).toBe("https://graph.microsoft.com");
  });

  it("unconsented resource → invalid_grant AADSTS65001 consent_required", async () => {
    const first = await tokens(WEB);
    const { body } = await refreshWeb(first.refresh_token, ["User.ReadBasic.All"]);
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 65001, hasEnvelope: true });
    expect(body.suberror).toBe("consent_required");
  });

  it("confidential client without its secret → AADSTS7000218", async () => {
    const first = await tokens(WEB);
    const { status, body } = await refresh(emu, { clientId: IDS.frontend, refreshToken: first.refresh_token });
    expect(status).toBe(401);
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 7000218, hasEnvelope: true });
  });

  it("garbage refresh token → invalid_grant bad_token AADSTS9002313", async () => {
    const { body } = await refreshWeb("garbage");
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 9002313, hasEnvelope: true });
    expect(body.suberror).toBe("bad_token");
  });

  it("revoked sessions → invalid_grant AADSTS50173", async () => {
    const first = await tokens(WEB);
    await admin(emu, "POST", "/sessions/revoke", { user: USERS.adele });
    const { body } = await refreshWeb(first.refresh_token);
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 50173, hasEnvelope: true });
  });

  it("a web refresh token unused for 90 days → invalid_grant AADSTS700082; one used within stays alive", async () => {
    const first = await tokens(WEB);
    await admin(emu, "POST", "/clock", { advanceSeconds: 89 * 24 * 3600 });
    const used = await refreshWeb(first.refresh_token, SCOPES);
    expect(used.status).toBe(200);
    await admin(emu, "POST", "/clock", { advanceSeconds: 2 * 24 * 3600 });
    const stale = await refreshWeb(first.refresh_token, SCOPES);
    expect(envelope(stale.body)).toEqual({ error: "invalid_grant", code: 700082, hasEnvelope: true });
    const fresh = await refreshWeb(used.body.refresh_token, SCOPES);
    expect(fresh.status).toBe(200);
  });

  it("SPA refresh token: works cross-origin, and 24 h after sign-in → AADSTS700084", async () => {
    const first = await tokens(SPA);
    const ok = await refresh(emu, {
      clientId: IDS.frontend,
      refreshToken: first.refresh_token,
      scopes: SCOPES,
      origin: ORIGIN,
    });
    expect(ok.status).toBe(200);
    const noOrigin = await refresh(emu, { clientId: IDS.frontend, refreshToken: first.refresh_token, scopes: SCOPES });
    expect(envelope(noOrigin.body)).toEqual({ error: "invalid_request", code: 9002327, hasEnvelope: true });
    await admin(emu, "POST", "/clock", { advanceSeconds: 24 * 3600 + 1 });
    // The rotated token keeps the original end of life.
    const { body } = await refresh(emu, {
      clientId: IDS.frontend,
      refreshToken: ok.body.refresh_token,
      scopes: SCOPES,
      origin: ORIGIN,
    });
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 700084, hasEnvelope: true });
  });
});

describe("signing keys", () => {
  it("rotation keeps ≥2 keys in JWKS and new tokens use the new kid", async () => {
    const before = await tokens(WEB);
    const oldKid = decodeProtectedHeader(before.access_token).kid;
    const { kid } = await admin(emu, "POST", "/keys/rotate");
    expect(kid).not.toBe(oldKid);
    const jwks = (await (await fetch(`${emu.url}/${IDS.tenant}/discovery/v2.0/keys`)).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, oldKid]));
    const after = await refreshWeb(before.refresh_token);
    expect(decodeProtectedHeader(after.body.access_token).kid).toBe(kid);
  });
});
