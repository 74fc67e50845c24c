// Bearer validation on Graph: each bad token gets 401 InvalidAuthenticationToken with Graph's header.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../context.ts";
import { appClaims, delegatedClaims, mintGraphTokenForTest } from "./graph-token.ts";
import { startTestEmulator } from "./harness.ts";

let emulator: Awaited<ReturnType<typeof startTestEmulator>>;
let ctx: EmulatorContext;
const ADELE = "adele@contoso.onmicrosoft.com";
const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

beforeAll(async () => {
  emulator = await startTestEmulator();
  ctx = emulator.ctx;
  ctx.clock.freeze();
});
afterAll(() => emulator.close());

const me = (authorization?: string) =>
  fetch(`${emulator.url}/graph/v1.0/me`, { headers: authorization ? { Authorization: authorization } : {} });

async function expect401(res: Response, message: string) {
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toBe(WWW_AUTHENTICATE);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("InvalidAuthenticationToken");
  expect(body.error.message).toBe(message);
}

const adele = (extra: Record<string, unknown> = {}) => ({ ...delegatedClaims(ctx, ADELE, "User.Read"), ...extra });

describe("Graph bearer validation", () => {
  it("accepts a Graph token minted with the hashed nonce", async () => {
    expect((await me(`Bearer ${await mintGraphTokenForTest(ctx, adele())}`)).status).toBe(200);
  });

  it("accepts the Graph appId GUID as audience", async () => {
    expect(
      (await me(`Bearer ${await mintGraphTokenForTest(ctx, adele({ aud: "00000003-0000-0000-c000-000000000000" }))}`))
        .status,
    ).toBe(200);
  });

  it("accepts a token expired within the 5-minute skew", async () => {
    const now = ctx.clock.now();
    expect((await me(`Bearer ${await mintGraphTokenForTest(ctx, adele({ exp: now - 200 }))}`)).status).toBe(200);
  });

  it("401: no token", async () => {
    await expect401(await me(), "Access token is empty.");
  });

  it("401: not a JWT", async () => {
    await expect401(await me("Bearer not-a-jwt"), "IDX14100: JWT is not well formed, there are no dots (.).");
  });

  it("401: tampered payload (bad signature)", async () => {
    const [h, , s] = (await mintGraphTokenForTest(ctx, adele())).split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...adele(), scp: "User.Read.All", iss: `https://sts.windows.net/${ctx.config.tenant.id}/` }),
    ).toString("base64url");
    await expect401(await me(`Bearer ${h}.${forged}.${s}`), "Access token validation failure. Invalid signature.");
  });

  it("401: signed by a foreign key under a known kid", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await expect401(
      await me(`Bearer ${await mintGraphTokenForTest(ctx, adele(), { privateKey })}`),
      "Access token validation failure. Invalid signature.",
    );
  });

  it("401: normally signed over the header with the raw nonce", async () => {
    await expect401(
      await me(`Bearer ${await mintGraphTokenForTest(ctx, adele(), { plainSignature: true })}`),
      "Access token validation failure. Invalid signature.",
    );
  });

  it("401: normally signed without a nonce", async () => {
    await expect401(
      await me(`Bearer ${await mintGraphTokenForTest(ctx, adele(), { noNonce: true })}`),
      "Access token validation failure. Invalid signature.",
    );
  });

  it("401: wrong audience", async () => {
    await expect401(
      await me(
        `Bearer ${await mintGraphTokenForTest(ctx, adele({ aud: "api://9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22" }))}`,
      ),
      "Access token validation failure. Invalid audience.",
    );
  });

  it("401: v2 issuer", async () => {
    const iss = `${ctx.baseUrl}/${ctx.config.tenant.id}/v2.0`;
    await expect401(
      await me(`Bearer ${await mintGraphTokenForTest(ctx, adele({ iss }))}`),
      "Access token validation failure. Invalid issuer.",
    );
  });

  it("401: expired beyond the skew", async () => {
    const now = ctx.clock.now();
    await expect401(
      await me(
        `Bearer ${await mintGraphTokenForTest(ctx, adele({ iat: now - 4000, nbf: now - 4000, exp: now - 301 }))}`,
      ),
      "Lifetime validation failed, the token is expired.",
    );
  });

  it("401: expired after the clock moves on", async () => {
    const token = await mintGraphTokenForTest(ctx, adele());
    ctx.clock.advance(3600 + 301);
    try {
      await expect401(await me(`Bearer ${token}`), "Lifetime validation failed, the token is expired.");
    } finally {
      ctx.clock.advance(-(3600 + 301));
    }
  });

  it("401: not yet valid", async () => {
    const now = ctx.clock.now();
    await expect401(
      await me(`Bearer ${await mintGraphTokenForTest(ctx, adele({ nbf: now + 600, exp: now + 4000 }))}`),
      "Lifetime validation failed, the token is not yet valid.",
    );
  });

  it("401: disabled user", async () => {
    const lee = delegatedClaims(ctx, "lee@contoso.onmicrosoft.com", "User.Read");
    await expect401(
      await me(`Bearer ${await mintGraphTokenForTest(ctx, lee)}`),
      "Access token validation failure. User account is disabled.",
    );
  });

  it("401 also on app-only routes", async () => {
    const res = await fetch(`${emulator.url}/graph/v1.0/users`, {
      headers: {
        Authorization: `Bearer ${await mintGraphTokenForTest(ctx, appClaims(["User.Read.All"]), { noNonce: true })}`,
      },
    });
    await expect401(res, "Access token validation failure. Invalid signature.");
  });
});

describe("tokens minted by the identity side", () => {
  const app = (appId: string) => ctx.config.applications.find((a) => a.appId === appId)!;
  const graph = () => app("00000003-0000-0000-c000-000000000000");
  const backend = () => app("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22");

  it("accepts a delegated Graph token from mintUserAccessToken and matches the ID token sub in userinfo", async () => {
    const { mintUserAccessToken, pairwiseSub } = await import("../identity/tokens.ts");
    const user = ctx.config.users.find((u) => u.userPrincipalName === ADELE)!;
    const { token } = await mintUserAccessToken(ctx, {
      tenantId: ctx.config.tenant.id,
      user,
      client: backend(),
      clientAcr: "1",
      resource: graph(),
      audience: "https://graph.microsoft.com",
      scopes: ["openid", "profile", "User.Read"],
      roles: [],
      amr: ["pwd"],
      authTime: ctx.clock.now(),
    });
    expect((await me(`Bearer ${token}`)).status).toBe(200);
    const info = await fetch(`${emulator.url}/graph/oidc/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { sub: string }).sub).toBe(
      pairwiseSub(ctx.config.tenant.id, user.oid, backend().appId),
    );
  });

  it("accepts an app-only Graph token from mintAppAccessToken on /users", async () => {
    const { mintAppAccessToken } = await import("../identity/tokens.ts");
    const token = await mintAppAccessToken(ctx, {
      tenantId: ctx.config.tenant.id,
      client: backend(),
      clientAcr: "1",
      resource: graph(),
      audience: "00000003-0000-0000-c000-000000000000",
      roles: ["User.Read.All"],
    });
    const res = await fetch(`${emulator.url}/graph/v1.0/users?$top=1`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });
});
