import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { useTestEmulator } from "./use-emulator.ts";
import { APP, IDS, SECRETS } from "./harness.ts";
import { admin, authCodeWithPkce, envelope, postToken, redeemCode, USERS } from "./browser.ts";
import type { RunningEmulator } from "../server.ts";
import { redeemWeb } from "./web-sign-in.ts";

const WEB = APP.web;
const SPA = APP.spa;
const ORIGIN = APP.origin;
const SCOPES = [...APP.scopes];

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

const signIn = (redirectUri: string, user: string = USERS.adele, scopes = SCOPES) =>
  authCodeWithPkce({ emulator: emu, clientId: IDS.frontend, redirectUri, scopes, username: user });

describe("authorization_code: web platform", () => {
  it("redeems with the secret and PKCE: v2 backend token, refresh and ID token", async () => {
    const { code, verifier, nonce } = await signIn(WEB);
    const { status, body } = await redeemWeb(emu, code, verifier, { scopes: SCOPES });
    expect(status).toBe(200);
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBeGreaterThanOrEqual(3600);
    expect(body.expires_in).toBeLessThanOrEqual(5400);
    expect(body.ext_expires_in).toBe(body.expires_in);
    expect(body.scope).toBe(`api://${IDS.backend}/access_as_user openid profile offline_access`);
    expect(body.refresh_token).toBeTruthy();
    expect(body.client_info).toBeTruthy();
    const at = decodeJwt(body.access_token);
    expect(at).toMatchObject({
      aud: IDS.backend,
      iss: `https://${emu.ctx.host}/${IDS.tenant}/v2.0`,
      azp: IDS.frontend,
      azpacr: "1",
      scp: "access_as_user",
      ver: "2.0",
      tid: IDS.tenant,
      preferred_username: USERS.adele,
    });
    expect(String(at.sub)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(at.groups).toEqual(["2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d01", "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d02"]);
    expect(decodeProtectedHeader(body.access_token)).toEqual({
      typ: "JWT",
      alg: "RS256",
      kid: emu.ctx.keys.active().kid,
    });
    const id = decodeJwt(body.id_token);
    expect(id).toMatchObject({ aud: IDS.frontend, nonce, ver: "2.0", preferred_username: USERS.adele });
    expect(id.sid).toBeTruthy();
    expect(id.login_hint).toBeTruthy();
  });

  it("client_secret_basic works (url-encoded credentials)", async () => {
    const { code, verifier } = await signIn(WEB);
    const { status } = await postToken(
      emu,
      { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: WEB },
      { basic: [IDS.frontend, SECRETS.frontend] },
    );
    expect(status).toBe(200);
  });

  it("with an Origin header → AADSTS9002326", async () => {
    const { code, verifier } = await signIn(WEB);
    const { status, body, headers } = await redeemWeb(emu, code, verifier, { origin: ORIGIN });
    expect(status).toBe(400);
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 9002326, hasEnvelope: true });
    expect(headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("without client credentials → invalid_client AADSTS7000218 (401)", async () => {
    const { code, verifier } = await signIn(WEB);
    const { status, body } = await redeemCode(emu, { clientId: IDS.frontend, code, verifier, redirectUri: WEB });
    expect(status).toBe(401);
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 7000218, hasEnvelope: true });
  });

  it("wrong secret → invalid_client AADSTS7000215", async () => {
    const { code, verifier } = await signIn(WEB);
    const { status, body } = await redeemWeb(emu, code, verifier, { clientSecret: "not-the-secret" });
    expect(status).toBe(401);
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 7000215, hasEnvelope: true });
  });

  it("wrong verifier → invalid_grant AADSTS501481", async () => {
    const { code } = await signIn(WEB);
    const { body } = await redeemWeb(emu, code, "x".repeat(43));
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 501481, hasEnvelope: true });
  });

  it("replayed code → invalid_grant AADSTS54005", async () => {
    const { code, verifier } = await signIn(WEB);
    const first = await redeemWeb(emu, code, verifier);
    expect(first.status).toBe(200);
    const { body } = await redeemWeb(emu, code, verifier);
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 54005, hasEnvelope: true });
  });

  it("expired code (clock +11 min) → invalid_grant AADSTS70008", async () => {
    const { code, verifier } = await signIn(WEB);
    await admin(emu, "POST", "/clock", { advanceSeconds: 660 });
    const { body } = await redeemWeb(emu, code, verifier);
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 70008, hasEnvelope: true });
  });

  it("unknown code → invalid_grant AADSTS70000", async () => {
    const { body } = await redeemWeb(emu, "1.garbage", "x");
    expect(envelope(body)).toEqual({ error: "invalid_grant", code: 70000, hasEnvelope: true });
  });

  it("scope spanning two resources → invalid_scope AADSTS700022", async () => {
    const { code, verifier } = await signIn(WEB);
    const { body } = await redeemWeb(emu, code, verifier, { scopes: [...SCOPES, "User.Read"] });
    expect(envelope(body)).toEqual({ error: "invalid_scope", code: 700022, hasEnvelope: true });
  });

  it("correlation_id echoes client-request-id", async () => {
    const { body } = await postToken(emu, {
      grant_type: "authorization_code",
      client_id: IDS.frontend,
      code: "x",
      redirect_uri: WEB,
      client_secret: SECRETS.frontend,
      "client-request-id": "0a0b0c0d-0000-4000-8000-000000000001",
    });
    expect(body.correlation_id).toBe("0a0b0c0d-0000-4000-8000-000000000001");
  });

  it("spa_code: returned to the web redemption, redeemed cross-origin by the SPA without PKCE", async () => {
    const { code, verifier } = await signIn(WEB);
    const web = await redeemWeb(emu, code, verifier, { extra: { return_spa_code: "1" } });
    expect(web.body.spa_code).toBeTruthy();
    const sameOrigin = await redeemCode(emu, {
      clientId: IDS.frontend,
      code: web.body.spa_code,
      redirectUri: SPA,
      scopes: SCOPES,
    });
    expect(envelope(sameOrigin.body)).toEqual({ error: "invalid_request", code: 9002327, hasEnvelope: true });
    const spa = await redeemCode(emu, {
      clientId: IDS.frontend,
      code: web.body.spa_code,
      redirectUri: SPA,
      scopes: SCOPES,
      origin: ORIGIN,
    });
    expect(spa.status).toBe(200);
    expect(decodeJwt(spa.body.access_token)).toMatchObject({ aud: IDS.backend, azpacr: "0" });
    expect(spa.body.refresh_token_expires_in).toBeGreaterThan(0);
  });

  it("spa_code: msal-browser's hybrid redemption sends no redirect_uri, and that is accepted", async () => {
    const { code, verifier } = await signIn(WEB);
    const web = await redeemWeb(emu, code, verifier, { extra: { return_spa_code: "1" } });
    const spa = await postToken(
      emu,
      {
        grant_type: "authorization_code",
        client_id: IDS.frontend,
        code: web.body.spa_code,
        scope: SCOPES.join(" "),
        client_info: "1",
      },
      { origin: ORIGIN },
    );
    expect(spa.status).toBe(200);
    expect(decodeJwt(spa.body.access_token)).toMatchObject({ aud: IDS.backend });
    // A code bound to a redirect URI still needs it.
    const second = await signIn(WEB);
    const noRedirect = await postToken(emu, {
      grant_type: "authorization_code",
      client_id: IDS.frontend,
      code: second.code,
      code_verifier: second.verifier,
      client_secret: SECRETS.frontend,
    });
    expect(envelope(noRedirect.body)).toMatchObject({ error: "invalid_request", code: 900144 });
  });
});

describe("authorization_code: SPA platform", () => {
  it("cross-origin with PKCE succeeds; CORS reflects the Origin", async () => {
    const { code, verifier } = await signIn(SPA);
    const { status, body, headers } = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      verifier,
      redirectUri: SPA,
      scopes: SCOPES,
      origin: ORIGIN,
    });
    expect(status).toBe(200);
    expect(headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(decodeJwt(body.access_token).azpacr).toBe("0");
  });

  it("without Origin → AADSTS9002327", async () => {
    const { code, verifier } = await signIn(SPA);
    const { body } = await redeemCode(emu, { clientId: IDS.frontend, code, verifier, redirectUri: SPA });
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 9002327, hasEnvelope: true });
  });

  it("with a client secret and Origin → AADSTS9002326", async () => {
    const { code, verifier } = await signIn(SPA);
    const { body } = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      verifier,
      redirectUri: SPA,
      origin: ORIGIN,
      clientSecret: SECRETS.frontend,
    });
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 9002326, hasEnvelope: true });
  });

  it("preflight echoes the requested headers", async () => {
    const res = await fetch(`${emu.url}/${IDS.tenant}/oauth2/v2.0/token`, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-anchormailbox,content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("x-anchormailbox,content-type");
  });
});

describe("token endpoint common errors", () => {
  it("GET → AADSTS900561", async () => {
    const { status, body } = await postToken(emu, {}, { method: "GET" });
    expect(status).toBe(400);
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 900561, hasEnvelope: true });
  });

  it("unknown tenant → AADSTS90002", async () => {
    const { body } = await postToken(
      emu,
      { grant_type: "client_credentials", client_id: IDS.service },
      { tenant: "nope.example" },
    );
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 90002, hasEnvelope: true });
  });

  it("missing grant_type → AADSTS900144", async () => {
    const { body } = await postToken(emu, { client_id: IDS.frontend });
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 900144, hasEnvelope: true });
    expect(body.error_description).toContain("'grant_type'");
  });

  it("unsupported grant → AADSTS70003", async () => {
    const { body } = await postToken(emu, { grant_type: "password", client_id: IDS.frontend });
    expect(envelope(body)).toEqual({ error: "unsupported_grant_type", code: 70003, hasEnvelope: true });
  });

  it("unknown client → unauthorized_client AADSTS700016", async () => {
    const { body } = await postToken(emu, {
      grant_type: "client_credentials",
      client_id: "11111111-2222-4333-8444-555555555555",
      scope: `api://${IDS.backend}/.default`,
    });
    expect(envelope(body)).toEqual({ error: "unauthorized_client", code: 700016, hasEnvelope: true });
  });

  it("injected token fault answers its catalogue entry and Retry-After", async () => {
    await admin(emu, "POST", "/faults", {
      target: "token",
      aadsts: 50000,
      status: 503,
      retryAfterSeconds: 7,
      match: "client_credentials",
    });
    const { status, body, headers } = await postToken(emu, {
      grant_type: "client_credentials",
      client_id: IDS.serviceSecret,
      client_secret: SECRETS.serviceSecret,
      scope: `api://${IDS.backend}/.default`,
    });
    expect(status).toBe(503);
    expect(headers.get("retry-after")).toBe("7");
    expect(envelope(body)).toEqual({ error: "server_error", code: 50000, hasEnvelope: true });
    const errors = await admin(emu, "GET", "/events?type=error");
    expect(errors.events.at(-1).data.code).toBe(50000);
  });
});
