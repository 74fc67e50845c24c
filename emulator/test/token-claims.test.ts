import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt, SignJWT } from "jose";
import { createPrivateKey, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useTestEmulator } from "./use-emulator.ts";
import { ensureClientCertificate, thumbprints } from "../pki.ts";
import { IDS, SECRETS } from "./harness.ts";
import { envelope, postToken, TestBrowser, USERS } from "./browser.ts";
import type { RunningEmulator } from "../server.ts";
import { redeemWeb, signInWeb } from "./web-sign-in.ts";

const SCOPES = ["openid", "profile", "email", "offline_access", `api://${IDS.backend}/.default`];

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

async function signInAndRedeem(
  user: string,
  extra: { claims?: string; browser?: TestBrowser; loginHint?: string; prompt?: string } = {},
) {
  const r = await signInWeb(emu, { scopes: SCOPES, username: user, ...extra });
  const { body } = await redeemWeb(emu, r.code, r.verifier, {
    scopes: SCOPES,
    extra: extra.claims ? { claims: extra.claims } : undefined,
  });
  return { body, browser: r.browser };
}

describe("access token claims", () => {
  it("more than 200 groups → overage claim pointing at Graph getMemberObjects", async () => {
    const { body } = await signInAndRedeem(USERS.grady);
    const claims = decodeJwt(body.access_token);
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: "src1" });
    expect(claims._claim_sources).toEqual({
      src1: { endpoint: `${emu.ctx.graphBaseUrl}/v1.0/users/a1b2c3d4-1111-4aaa-8bbb-000000000004/getMemberObjects` },
    });
  });

  it("xms_cc only when the client declares cp1 (the backend opted in)", async () => {
    const cp1 = JSON.stringify({ access_token: { xms_cc: { values: ["CP1"] } } });
    const withCap = await signInAndRedeem(USERS.adele, { claims: cp1 });
    expect(decodeJwt(withCap.body.access_token).xms_cc).toEqual(["cp1"]);
    const without = await signInAndRedeem(USERS.adele);
    expect(decodeJwt(without.body.access_token).xms_cc).toBeUndefined();
  });

  it("user app roles appear in roles (megan is Directory.Admin on the backend)", async () => {
    const { body } = await signInAndRedeem(USERS.megan);
    expect(decodeJwt(body.access_token).roles).toEqual(["Directory.Admin"]);
  });

  it("ID token: email with the email scope; the opaque login_hint selects the session silently", async () => {
    const { body, browser } = await signInAndRedeem(USERS.adele);
    const id = decodeJwt(body.id_token);
    expect(id.email).toBe(USERS.adele);
    const again = await signInWeb(emu, { scopes: SCOPES, prompt: "none", loginHint: String(id.login_hint), browser });
    expect(again.code).toBeTruthy();
  });

  it("the Graph token from OBO is accepted by the emulated Graph", async () => {
    const { body } = await signInAndRedeem(USERS.adele);
    const backend = new ConfidentialClientApplication({
      auth: {
        clientId: IDS.backend,
        authority: `${emu.url}/${IDS.tenant}`,
        knownAuthorities: [emu.ctx.host],
        clientSecret: SECRETS.backend,
      },
    });
    const graph = await backend.acquireTokenOnBehalfOf({
      oboAssertion: body.access_token,
      scopes: ["https://graph.microsoft.com/User.Read"],
    });
    const me = await fetch(`${emu.ctx.graphBaseUrl}/v1.0/me`, {
      headers: { authorization: `Bearer ${graph!.accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { userPrincipalName: string }).userPrincipalName).toBe(USERS.adele);
  });
});

describe("client assertion checks", () => {
  const cert = () => ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, "service");
  async function assertion(claims: Record<string, unknown>) {
    const c = cert();
    return new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: "JWT", x5t: thumbprints(c.certPem).x5t })
      .sign(createPrivateKey(c.keyPem));
  }
  const now = () => Math.floor(Date.now() / 1000);
  const aud = () => `https://${emu.ctx.host}/${IDS.tenant}/oauth2/v2.0/token`;
  const cc = (jwt: string) =>
    postToken(emu, {
      grant_type: "client_credentials",
      client_id: IDS.service,
      scope: `api://${IDS.backend}/.default`,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: jwt,
    });

  it("x5t (SHA-1) header with RS256 is accepted", async () => {
    const { status } = await cc(
      await assertion({
        iss: IDS.service,
        sub: IDS.service,
        aud: aud(),
        jti: randomUUID(),
        nbf: now(),
        exp: now() + 600,
      }),
    );
    expect(status).toBe(200);
  });

  it("iss ≠ sub → invalid_client AADSTS50048", async () => {
    const { status, body } = await cc(
      await assertion({
        iss: IDS.backend,
        sub: IDS.service,
        aud: aud(),
        jti: randomUUID(),
        nbf: now(),
        exp: now() + 600,
      }),
    );
    expect(status).toBe(401);
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 50048, hasEnvelope: true });
  });

  it("expired assertion → invalid_client AADSTS700024", async () => {
    const { body } = await cc(
      await assertion({
        iss: IDS.service,
        sub: IDS.service,
        aud: aud(),
        jti: randomUUID(),
        nbf: now() - 1200,
        exp: now() - 600,
      }),
    );
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 700024, hasEnvelope: true });
  });

  it("a secret for a certificate-only client → invalid_client AADSTS7000215", async () => {
    const { body } = await postToken(emu, {
      grant_type: "client_credentials",
      client_id: IDS.service,
      client_secret: "whatever-secret",
      scope: `api://${IDS.backend}/.default`,
    });
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 7000215, hasEnvelope: true });
  });
});
