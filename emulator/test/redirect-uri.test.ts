import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redirectUriMatches } from "../identity/redirect-uri.ts";
import type { RunningEmulator } from "../server.ts";
import { authCodeWithPkce, authorizeUrl, pkcePair, redeemCode, TestBrowser, USERS } from "./browser.ts";
import { IDS, SECRETS, startTestEmulator } from "./harness.ts";

describe("redirect URI matching (Entra's localhost exception)", () => {
  it("ignores the port of a loopback http URI", () => {
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:5173/cb")).toBe(true);
    expect(redirectUriMatches("http://localhost:3000/cb", "http://localhost:3001/cb")).toBe(true);
    expect(redirectUriMatches("http://127.0.0.1/cb", "http://127.0.0.1:49152/cb")).toBe(true);
    expect(redirectUriMatches("http://[::1]/cb", "http://[::1]:8080/cb")).toBe(true);
  });

  it("keeps scheme, host, path and query exact", () => {
    expect(redirectUriMatches("http://localhost/cb", "https://localhost:3001/cb")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://127.0.0.1:3001/cb")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:3001/cb/")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:3001/CB")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:3001/cb?x=1")).toBe(false);
    expect(redirectUriMatches("http://localhost/a/cb", "http://localhost:3001/a/../a/cb")).toBe(false);
  });

  it("matches a non-loopback host with its exact port only", () => {
    expect(redirectUriMatches("https://app.example.com/cb", "https://app.example.com/cb")).toBe(true);
    expect(redirectUriMatches("https://app.example.com/cb", "https://app.example.com:8443/cb")).toBe(false);
    expect(redirectUriMatches("http://app.example.com/cb", "http://app.example.com:80/cb")).toBe(false);
    expect(redirectUriMatches("http://localhost.example.com/cb", "http://localhost.example.com:3001/cb")).toBe(false);
  });
});

// The same rule through /authorize and /token: the tenant file registers http://localhost/<path> once,
// and an app on any port signs in; a registered non-loopback URI admits its own port only.
describe("authorize and token round trip on an unregistered loopback port", () => {
  const PUBLIC = "https://app.example.com/api/auth/callback/microsoft-entra-id";
  const SCOPES = ["openid", "profile", "offline_access", `api://${IDS.backend}/.default`];
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator((file) => {
      file.applications.find((a) => a.appId === IDS.frontend)!.web.redirectUris.push(PUBLIC);
    });
  });
  afterAll(() => emu?.close());

  it("http://localhost:3001 (registered as http://localhost, no port) gets a code and redeems it", async () => {
    const redirectUri = "http://localhost:3001/api/auth/callback/microsoft-entra-id";
    const { code, verifier, result } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri,
      scopes: SCOPES,
      username: USERS.adele,
    });
    expect(result.url!.origin + result.url!.pathname).toBe(redirectUri);
    const token = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      redirectUri,
      verifier,
      clientSecret: SECRETS.frontend,
      scopes: SCOPES,
    });
    expect(token.status).toBe(200);
    expect(token.body.access_token).toEqual(expect.any(String));
  });

  it("the SPA redirect URI on another loopback port works too", async () => {
    const redirectUri = "http://localhost:5173/spa-redirect";
    const { code, verifier } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri,
      scopes: SCOPES,
      username: USERS.adele,
    });
    const token = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      redirectUri,
      verifier,
      scopes: SCOPES,
      origin: "http://localhost:5173",
    });
    expect(token.status).toBe(200);
  });

  it("a non-loopback host on another port than registered → AADSTS50011", async () => {
    const r = await new TestBrowser().authorize(
      authorizeUrl(
        {
          emulator: emu,
          clientId: IDS.frontend,
          redirectUri: "https://app.example.com:8443/api/auth/callback/microsoft-entra-id",
          scopes: SCOPES,
        },
        pkcePair(),
      ),
    );
    expect(r.errorPage).toMatchObject({ code: 50011, status: 400 });
  });

  it("the registered non-loopback URI itself is accepted", async () => {
    const { result } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: PUBLIC,
      scopes: SCOPES,
      username: USERS.adele,
    });
    expect(result.code).toEqual(expect.any(String));
  });
});
