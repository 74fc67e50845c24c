// Optional claims: only what the token's owner configured (the client for ID tokens, the resource for
// access tokens), as Entra emits them; the tenant file configures what the app relies on.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorFile } from "../config.ts";
import type { RunningEmulator } from "../server.ts";
import { authCodeWithPkce, redeemCode, USERS } from "./browser.ts";
import { APP, IDS, SECRETS, startTestEmulator } from "./harness.ts";

const SCOPES = ["openid", "profile", "email", "offline_access", `api://${IDS.backend}/.default`];

async function signIn(emu: RunningEmulator, scopes = SCOPES) {
  const r = await authCodeWithPkce({
    emulator: emu,
    clientId: IDS.frontend,
    redirectUri: APP.web,
    scopes,
    username: USERS.adele,
  });
  const { body } = await redeemCode(emu, {
    clientId: IDS.frontend,
    code: r.code,
    verifier: r.verifier,
    redirectUri: APP.web,
    scopes,
    clientSecret: SECRETS.frontend,
  });
  return { id: decodeJwt(body.id_token), access: decodeJwt(body.access_token) };
}

async function appToken(emu: RunningEmulator, clientId: string, secret: string, scope: string) {
  const client = new ConfidentialClientApplication({
    auth: { clientId, clientSecret: secret, authority: `${emu.url}/${IDS.tenant}`, knownAuthorities: [emu.ctx.host] },
  });
  return decodeJwt((await client.acquireTokenByClientCredential({ scopes: [scope] }))!.accessToken);
}

const claim = (name: string, additionalProperties: string[] = []) => ({
  name,
  source: null,
  essential: false,
  additionalProperties,
});

function useEmulator(edit?: (f: EmulatorFile) => void): () => RunningEmulator {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(edit);
  });
  afterAll(() => emu?.close());
  return () => emu;
}

describe("the tenant file as shipped", () => {
  const emu = useEmulator();

  it("the frontend's ID token carries login_hint (asked for) and no auth_time (not asked for)", async () => {
    const { id } = await signIn(emu());
    expect(typeof id.login_hint).toBe("string");
    expect(id.auth_time).toBeUndefined();
    expect(id).toMatchObject({
      oid: "a1b2c3d4-1111-4aaa-8bbb-000000000001",
      preferred_username: USERS.adele,
      tid: IDS.tenant,
    });
  });

  it("an ID token for openid alone has no oid, name or preferred_username (they need profile)", async () => {
    const { id } = await signIn(emu(), ["openid"]);
    expect(id.sub).toBeTruthy();
    expect(id.tid).toBe(IDS.tenant);
    for (const name of ["oid", "name", "preferred_username", "email"]) expect(id[name], name).toBeUndefined();
  });

  it("idtyp: 'app' in app-only tokens for the backend and Graph (both ask), never in a user's token", async () => {
    expect(
      (await appToken(emu(), IDS.serviceSecret, SECRETS.serviceSecret, `api://${IDS.backend}/.default`)).idtyp,
    ).toBe("app");
    expect((await appToken(emu(), IDS.backend, SECRETS.backend, "https://graph.microsoft.com/.default")).idtyp).toBe(
      "app",
    );
    const { access } = await signIn(emu());
    expect(access.idtyp).toBeUndefined();
    expect(access.auth_time).toBeUndefined();
  });
});

describe("registrations that ask for no optional claims", () => {
  const emu = useEmulator((f) => {
    for (const a of f.applications) a.optionalClaims = { idToken: [], accessToken: [], saml2Token: [] };
  });

  it("no login_hint in the ID token, no idtyp in app-only tokens", async () => {
    const { id } = await signIn(emu());
    expect(id.login_hint).toBeUndefined();
    expect(id.oid).toBeTruthy();
    const app = await appToken(emu(), IDS.serviceSecret, SECRETS.serviceSecret, `api://${IDS.backend}/.default`);
    expect(app.idtyp).toBeUndefined();
    // What still tells an app-only token apart: no scp, and oid = sub = the client's service principal.
    expect(app.scp).toBeUndefined();
    expect(app.oid).toBe(app.sub);
  });
});

describe("registrations that ask for more", () => {
  const emu = useEmulator((f) => {
    for (const a of f.applications) {
      if (a.appId === IDS.frontend)
        a.optionalClaims = {
          idToken: [claim("auth_time"), claim("upn"), claim("login_hint")],
          accessToken: [],
          saml2Token: [],
        };
      if (a.appId === IDS.backend)
        a.optionalClaims = {
          idToken: [],
          accessToken: [
            claim("idtyp", ["include_user_token"]),
            claim("auth_time"),
            claim("given_name"),
            claim("unknown_claim"),
          ],
          saml2Token: [],
        };
    }
  });

  it("auth_time and upn in the ID token; idtyp 'user' (include_user_token), auth_time and given_name in the access token", async () => {
    const before = Math.floor(Date.now() / 1000) - 5;
    const { id, access } = await signIn(emu());
    expect(id).toMatchObject({ upn: USERS.adele, login_hint: expect.any(String) });
    expect(id.auth_time).toBeGreaterThanOrEqual(before);
    expect(access).toMatchObject({ idtyp: "user", given_name: "Adele", auth_time: id.auth_time });
    expect(access.unknown_claim).toBeUndefined();
    expect(id.idtyp).toBeUndefined(); // an access-token claim only
  });
});
