import { describe, expect, it } from "vitest";
import { scrub, scrubText } from "./log";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGVsZSJ9.c2lnbmF0dXJl";
const SECRETS = [
  JWT,
  "CODE-0123456789",
  "STATE-abcdef",
  "VERIFIER-xyz",
  "SPA-CODE-42",
  "RT-refresh-value",
  "frontend-dev-secret-change-me",
  "COOKIE-VALUE-1",
];
const leaks = (value: unknown) => SECRETS.filter((s) => JSON.stringify(value).includes(s));

describe("scrub: what Auth.js and other libraries hand the logger", () => {
  it("Auth.js's debug data (authorization URL, cookies, provider options)", () => {
    const metadata = {
      url: `https://login.example/authorize?client_id=x&state=STATE-abcdef&code_challenge=VERIFIER-xyz&redirect_uri=http%3A%2F%2Flocalhost`,
      cookies: [{ name: "authjs.pkce.code_verifier", value: "COOKIE-VALUE-1", options: { httpOnly: true } }],
      provider: { id: "microsoft-entra-id", clientSecret: "frontend-dev-secret-change-me" },
      value: "VERIFIER-xyz",
      cookie: { name: "authjs.state", value: "STATE-abcdef" },
    };
    const out = scrub(metadata) as { url: string; provider: { id: string } };
    expect(leaks(out)).toEqual([]);
    expect(out.url).toContain("client_id=x");
    expect(out.provider.id).toBe("microsoft-entra-id");
  });

  it("a callback error carrying the token response and the callback's query", () => {
    const cause = {
      err: new Error(`unexpected JWT "aud" claim value in ${JWT}`),
      provider: "microsoft-entra-id",
      body: {
        access_token: JWT,
        refresh_token: "RT-refresh-value",
        id_token: JWT,
        spa_code: "SPA-CODE-42",
        token_type: "Bearer",
        expires_in: 3600,
      },
      code: "CODE-0123456789",
      state: "STATE-abcdef",
      error_description: "AADSTS70008: The code has expired.",
    };
    const out = scrub(cause) as { body: { expires_in: number }; error_description: string };
    expect(leaks(out)).toEqual([]);
    expect(out.body.expires_in).toBe(3600);
    expect(out.error_description).toContain("AADSTS70008");
  });

  it("credentials inside free text: query strings, JSON, Authorization values", () => {
    const text = `GET /api/auth/callback/x?code=CODE-0123456789&state=STATE-abcdef failed; body {"refresh_token":"RT-refresh-value"}; Authorization: Bearer ${JWT}`;
    expect(leaks(scrubText(text))).toEqual([]);
    expect(scrubText(text)).toContain("/api/auth/callback/x?code=[redacted]&state=[redacted]");
  });

  it("keeps what a reader needs: error names, AADSTS codes, ids", () => {
    expect(scrub({ authjs: "CallbackRouteError", aadsts: 7000215, error_codes: [7000215], oid: "a1b2" })).toEqual({
      authjs: "CallbackRouteError",
      aadsts: 7000215,
      error_codes: [7000215],
      oid: "a1b2",
    });
  });
});
