// Bearer validation of the protected API, driven through GET /api/me against a real emulator (HTTPS,
// discovery, JWKS). Every negative case asserts the status and the exact WWW-Authenticate header.
import { createPublicKey } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { delegatedClaims, mintGraphTokenForTest } from "../emulator/test/graph-token.ts";
import { apiRequest, forge, idToken, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;
let GET: (request: Request) => Promise<Response>;
let validateBearerToken: typeof import("@/lib/bearer").validateBearerToken;

beforeAll(async () => {
  emu = await startAppEmulator();
  ({ GET } = await import("@/app/api/me/route"));
  ({ validateBearerToken } = await import("@/lib/bearer"));
});
afterAll(() => emu?.close());

const call = (token: string) => GET(apiRequest("/api/me", token));
const invalidToken = (description: string) => `Bearer error="invalid_token", error_description="${description}"`;

async function expectInvalid(token: string, description: string) {
  const res = await call(token);
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe(invalidToken(description));
  expect(await res.json()).toMatchObject({ error: "invalid_token" });
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

describe("bearer validation", () => {
  it("accepts a user token issued by the emulator", async () => {
    const token = await userToken(emu, "adele");
    const v = await validateBearerToken(token);
    expect(v).toMatchObject({
      oid: "a1b2c3d4-1111-4aaa-8bbb-000000000001",
      username: "adele@contoso.onmicrosoft.com",
      appOnly: false,
    });
    expect(Object.keys(v.claims).sort()).toEqual(["aud", "azp", "azpacr", "exp", "iss", "scp", "tid"]);
  });

  it("refuses garbage", () => expectInvalid("not-a-jwt", "The token is not a signed JWT."));

  it("refuses alg none", async () => {
    await expectInvalid(
      `${b64({ alg: "none", typ: "JWT" })}.${b64({ aud: "x" })}.`,
      "The token must be signed with RS256.",
    );
  });

  it("refuses HS256 signed with the public key", async () => {
    const pem = createPublicKey(emu.ctx.keys.active().privateKey).export({ format: "pem", type: "spki" }).toString();
    const token = await new SignJWT({ aud: "x" })
      .setProtectedHeader({ alg: "HS256", kid: emu.ctx.keys.active().kid })
      .sign(new TextEncoder().encode(pem));
    await expectInvalid(token, "The token must be signed with RS256.");
  });

  it("refuses a token without kid", async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: "RS256" }).sign(emu.ctx.keys.active().privateKey);
    await expectInvalid(token, "The token header has no key id (kid).");
  });

  it("refuses a bad signature", async () => {
    const [h, p, s] = (await forge(emu)).split(".");
    const flipped = (s[0] === "A" ? "B" : "A") + s.slice(1);
    await expectInvalid(`${h}.${p}.${flipped}`, "The token signature is invalid.");
  });

  it("refuses a tampered payload", async () => {
    const [h, , s] = (await forge(emu)).split(".");
    await expectInvalid(`${h}.${b64({ aud: "x" })}.${s}`, "The token signature is invalid.");
  });

  it("refuses a wrong audience", async () =>
    expectInvalid(await forge(emu, { aud: "api://someone-else" }), "The token audience is not this API."));

  it("accepts the App ID URI as audience", async () => {
    await expect(
      validateBearerToken(await forge(emu, { aud: "api://9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22" })),
    ).resolves.toBeTruthy();
  });

  it("refuses a wrong issuer", async () =>
    expectInvalid(
      await forge(emu, { iss: "https://login.example.com/0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23/v2.0" }),
      "The token issuer is not trusted.",
    ));

  // v1 tokens (a registration with api.requestedAccessTokenVersion null or 1): test/bearer-v1.test.ts has real ones.
  it("accepts the tenant's v1 issuer, reading appid/appidacr and upn", async () => {
    const v1 = {
      iss: "https://sts.windows.net/0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23/",
      ver: "1.0",
      aud: "api://9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
      azp: undefined,
      azpacr: undefined,
      preferred_username: undefined,
    };
    const v = await validateBearerToken(
      await forge(emu, {
        ...v1,
        appid: "3f6d2a4b-8c1e-4f7a-a5d9-0b2c4e6f8a11",
        appidacr: "1",
        upn: "adele@contoso.onmicrosoft.com",
      }),
    );
    expect(v).toMatchObject({
      username: "adele@contoso.onmicrosoft.com",
      claims: { azp: "3f6d2a4b-8c1e-4f7a-a5d9-0b2c4e6f8a11", azpacr: "1" },
    });
  });

  it("refuses a v1 issuer of another tenant, and one on another host", async () => {
    const other = "11111111-2222-3333-4444-555555555555";
    await expectInvalid(
      await forge(emu, { tid: other, iss: `https://sts.windows.net/${other}/` }),
      "The token's tenant is not allowed.",
    );
    await expectInvalid(
      await forge(emu, { iss: "https://sts.example.com/0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23/" }),
      "The token issuer is not trusted.",
    );
  });

  it("refuses another tenant (multi-tenant issuer shape, tenant not allowed)", async () => {
    const other = "11111111-2222-3333-4444-555555555555";
    await expectInvalid(
      await forge(emu, { tid: other, iss: `${emu.url}/${other}/v2.0` }),
      "The token's tenant is not allowed.",
    );
  });

  it("refuses a home issuer carrying another tid", async () => {
    await expectInvalid(
      await forge(emu, { tid: "11111111-2222-3333-4444-555555555555" }),
      "The token's tenant is not allowed.",
    );
  });

  it("refuses an expired token", async () =>
    expectInvalid(
      await forge(emu, { iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 }),
      "The token is expired.",
    ));

  it("refuses a token not yet valid", async () =>
    expectInvalid(await forge(emu, { nbf: now() + 3600, exp: now() + 7200 }), "The token is not yet valid."));

  it("accepts ±4 minutes of clock skew and refuses ±10", async () => {
    await expect(validateBearerToken(await forge(emu, { exp: now() - 240 }))).resolves.toBeTruthy();
    await expect(validateBearerToken(await forge(emu, { nbf: now() + 240 }))).resolves.toBeTruthy();
    await expectInvalid(await forge(emu, { exp: now() - 600 }), "The token is expired.");
    await expectInvalid(await forge(emu, { nbf: now() + 600 }), "The token is not yet valid.");
  });

  it("accepts a real token minted while the emulator clock runs 4 minutes fast", async () => {
    emu.ctx.clock.advance(240);
    try {
      const token = await userToken(emu, "adele");
      await expect(validateBearerToken(token)).resolves.toBeTruthy();
    } finally {
      emu.ctx.clock.reset();
    }
  });

  it("refuses a Graph token (its signature is only valid for Graph)", async () => {
    const graph = await mintGraphTokenForTest(
      emu.ctx,
      delegatedClaims(emu.ctx, "adele@contoso.onmicrosoft.com", "User.Read"),
    );
    await expectInvalid(graph, "The token signature is invalid.");
  });

  it("refuses an ID token", async () =>
    expectInvalid(await idToken(emu, "adele"), "The token audience is not this API."));

  it("refuses a token for this API without scp or roles", async () =>
    expectInvalid(await forge(emu, { scp: undefined }), "The token is not an access token for this API."));

  it("answers 403 insufficient_scope without the backend scope", async () => {
    const res = await call(await forge(emu, { scp: "something_else" }));
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer error="insufficient_scope", scope="api://9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22/access_as_user"',
    );
  });

  it("answers 403 to an app-only token on a user route", async () => {
    const res = await call(
      await forge(emu, {
        scp: undefined,
        roles: ["service-api"],
        idtyp: "app",
        oid: "1a2b3c4d-0000-4000-8000-00000000a004",
      }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="insufficient_scope"/);
  });

  it("refuses a non-Bearer Authorization header", async () => {
    const res = await GET(apiRequest("/api/me", undefined, { headers: { authorization: "Basic Zm9vOmJhcg==" } }));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(invalidToken("The token is not a signed JWT."));
  });

  it("refreshes the JWKS for an unknown kid at most once per 30 s, then accepts the rotated key", async () => {
    await validateBearerToken(await forge(emu)); // JWKS loaded
    const rotate = async () => {
      const res = await fetch(`${emu.url}/_admin/keys/rotate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      if (!res.ok) emu.ctx.keys.rotate(); // admin API not served yet
    };
    await rotate();
    await rotate(); // the new active key was never published before
    const token = await forge(emu);
    await expectInvalid(token, "The token was signed with a key the issuer does not publish.");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 31_000);
      await expect(validateBearerToken(token)).resolves.toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });
});
