// Unmodified @azure/msal-node against the emulator: client credentials and on-behalf-of.
import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  ServerError,
  type Configuration,
} from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientCertificate } from "../pki.ts";
import { IDS, SECRETS, startTestEmulator } from "./harness.ts";
import { useTestEmulator } from "./use-emulator.ts";
import { admin, authorizeUrl, envelope, postToken, TestBrowser, USERS } from "./browser.ts";
import { MFA_CLAIMS_CHALLENGE } from "../identity/claims.ts";
import type { RunningEmulator } from "../server.ts";
import { redeemWeb, signInWeb } from "./web-sign-in.ts";
import { thumbprints } from "../pki.ts";

const WEB = "http://localhost:3000/api/auth/callback/microsoft-entra-id";
const SCOPES = ["openid", "profile", "offline_access", `api://${IDS.backend}/.default`];
const GRAPH_USER_READ = ["https://graph.microsoft.com/User.Read"];

function certificate(name: string) {
  const cert = ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, name);
  return {
    thumbprintSha256: Buffer.from(thumbprints(cert.certPem).x5tS256, "base64url").toString("hex"),
    privateKey: cert.keyPem,
  };
}

function cca(
  emu: RunningEmulator,
  clientId: string,
  credential: Pick<Configuration["auth"], "clientSecret" | "clientCertificate">,
) {
  return new ConfidentialClientApplication({
    auth: { clientId, authority: `${emu.url}/${IDS.tenant}`, knownAuthorities: [emu.ctx.host], ...credential },
  });
}

/** The frontend signs the user in (web, secret, PKCE) and gets the backend-audience token the SPA/server would send. */
async function backendToken(
  emu: RunningEmulator,
  user: string,
  extra: { browser?: TestBrowser; claims?: string } = {},
) {
  const { code, verifier, browser } = await signInWeb(emu, { scopes: SCOPES, username: user, ...extra });
  const { body } = await redeemWeb(emu, code, verifier, { scopes: SCOPES });
  if (!body.access_token) throw new Error(JSON.stringify(body));
  return { token: body.access_token as string, browser };
}

async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("msal-node: client credentials", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.close());

  it("certificate (private_key_jwt): roles from app role assignments, azpacr 2, idtyp app", async () => {
    const result = await cca(emu, IDS.service, {
      clientCertificate: certificate("service"),
    }).acquireTokenByClientCredential({ scopes: [`api://${IDS.backend}/.default`] });
    const claims = decodeJwt(result!.accessToken);
    expect(claims).toMatchObject({
      aud: IDS.backend,
      azp: IDS.service,
      azpacr: "2",
      idtyp: "app",
      roles: ["service-api"],
      oid: "1a2b3c4d-0000-4000-8000-00000000a004",
      sub: "1a2b3c4d-0000-4000-8000-00000000a004",
    });
    expect(claims.scp).toBeUndefined();
  });

  it("secret: azpacr 1", async () => {
    const result = await cca(emu, IDS.serviceSecret, {
      clientSecret: SECRETS.serviceSecret,
    }).acquireTokenByClientCredential({ scopes: [`api://${IDS.backend}/.default`] });
    expect(decodeJwt(result!.accessToken)).toMatchObject({ azpacr: "1", roles: ["service-api"] });
  });

  it("certificate without a role assignment: token without roles", async () => {
    const result = await cca(emu, IDS.serviceNoRole, {
      clientCertificate: certificate("service-norole"),
    }).acquireTokenByClientCredential({ scopes: [`api://${IDS.backend}/.default`] });
    expect(decodeJwt(result!.accessToken).roles).toBeUndefined();
  });

  it("a scope without /.default → invalid_scope AADSTS1002012", async () => {
    const err = await rejection(
      cca(emu, IDS.service, { clientCertificate: certificate("service") }).acquireTokenByClientCredential({
        scopes: [`api://${IDS.backend}/access_as_user`],
      }),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(err.errorCode).toBe("invalid_scope");
    expect(Number(err.errorNo)).toBe(1002012);
  });

  it("a certificate the app does not have → invalid_client AADSTS700027", async () => {
    const err = await rejection(
      cca(emu, IDS.service, { clientCertificate: certificate("backend") }).acquireTokenByClientCredential({
        scopes: [`api://${IDS.backend}/.default`],
      }),
    );
    expect(err.errorCode).toBe("invalid_client");
    expect(Number(err.errorNo)).toBe(700027);
  });

  it("on /common → AADSTS9001023 (HTTP: msal-node itself refuses /common for this grant)", async () => {
    const { body } = await postToken(
      emu,
      {
        grant_type: "client_credentials",
        client_id: IDS.serviceSecret,
        client_secret: SECRETS.serviceSecret,
        scope: `api://${IDS.backend}/.default`,
      },
      { tenant: "common" },
    );
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 9001023, hasEnvelope: true });
  });
});

describe("msal-node: on-behalf-of", () => {
  let emu: RunningEmulator;
  useTestEmulator((e) => (emu = e));

  it("after the user's one consent, the backend gets a Graph token (secret)", async () => {
    const { token } = await backendToken(emu, USERS.adele);
    const result = await cca(emu, IDS.backend, { clientSecret: SECRETS.backend }).acquireTokenOnBehalfOf({
      oboAssertion: token,
      scopes: GRAPH_USER_READ,
    });
    const claims = decodeJwt(result!.accessToken);
    expect(claims).toMatchObject({
      aud: "https://graph.microsoft.com",
      appid: IDS.backend,
      appidacr: "1",
      ver: "1.0",
      upn: USERS.adele,
      iss: `https://sts.windows.net/${IDS.tenant}/`,
    });
    expect(String(claims.scp).split(" ")).toEqual(
      expect.arrayContaining(["User.Read", "User.ReadBasic.All", "GroupMember.Read.All"]),
    );
  });

  it("with the certificate: appidacr 2; the token fails standard verification (Graph header nonce)", async () => {
    const { token } = await backendToken(emu, USERS.adele);
    const result = await cca(emu, IDS.backend, { clientCertificate: certificate("backend") }).acquireTokenOnBehalfOf({
      oboAssertion: token,
      scopes: GRAPH_USER_READ,
    });
    expect(decodeJwt(result!.accessToken).appidacr).toBe("2");
    const header = JSON.parse(Buffer.from(result!.accessToken.split(".")[0], "base64url").toString());
    expect(Object.keys(header)).toEqual(["typ", "nonce", "alg", "x5t", "kid"]);
  });

  it("a Graph token as the assertion → invalid_grant AADSTS50013", async () => {
    const { token } = await backendToken(emu, USERS.adele);
    const backend = cca(emu, IDS.backend, { clientSecret: SECRETS.backend });
    const graph = await backend.acquireTokenOnBehalfOf({ oboAssertion: token, scopes: GRAPH_USER_READ });
    const err = await rejection(
      backend.acquireTokenOnBehalfOf({ oboAssertion: graph!.accessToken, scopes: GRAPH_USER_READ }),
    );
    expect(err.errorCode).toBe("invalid_grant");
    expect(Number(err.errorNo)).toBe(50013);
  });

  it("a token for another audience (the frontend's ID token) → invalid_grant AADSTS500131", async () => {
    const { code, verifier } = await signInWeb(emu, { scopes: SCOPES, username: USERS.adele });
    const { body } = await redeemWeb(emu, code, verifier, { scopes: SCOPES });
    const err = await rejection(
      cca(emu, IDS.backend, { clientSecret: SECRETS.backend }).acquireTokenOnBehalfOf({
        oboAssertion: body.id_token,
        scopes: GRAPH_USER_READ,
      }),
    );
    expect(err.errorCode).toBe("invalid_grant");
    expect(Number(err.errorNo)).toBe(500131);
  });

  it("an expired assertion → invalid_grant AADSTS500133", async () => {
    const { token } = await backendToken(emu, USERS.adele);
    await admin(emu, "POST", "/clock", { advanceSeconds: 6000 });
    const err = await rejection(
      cca(emu, IDS.backend, { clientSecret: SECRETS.backend }).acquireTokenOnBehalfOf({
        oboAssertion: token,
        scopes: GRAPH_USER_READ,
      }),
    );
    expect(Number(err.errorNo)).toBe(500133);
  });

  it("MFA user: OBO → 50076 + capolids claims; after an interactive sign-in with those claims (MFA) it succeeds", async () => {
    const first = await backendToken(emu, USERS.miriam);
    const backend = cca(emu, IDS.backend, { clientSecret: SECRETS.backend });
    const err = await rejection(backend.acquireTokenOnBehalfOf({ oboAssertion: first.token, scopes: GRAPH_USER_READ }));
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.errorCode).toBe("invalid_grant");
    expect(err.subError).toBe("basic_action");
    expect(Number(err.errorNo)).toBe(50076);
    expect(err.claims).toBe(MFA_CLAIMS_CHALLENGE);

    // The app relays the claims to the frontend, which goes interactive with them: the emulator asks for the code.
    const { code, verifier, result } = await signInWeb(emu, {
      scopes: SCOPES,
      username: USERS.miriam,
      claims: err.claims,
      browser: first.browser,
    });
    expect(result.mfaPagesSeen).toBe(1);
    expect(result.consentPagesSeen).toBe(0);
    const { body } = await redeemWeb(emu, code, verifier, { scopes: SCOPES });
    expect(decodeJwt(body.access_token).amr).toEqual(["pwd", "mfa"]);
    const graph = await backend.acquireTokenOnBehalfOf({ oboAssertion: body.access_token, scopes: GRAPH_USER_READ });
    expect(decodeJwt(graph!.accessToken).amr).toEqual(["pwd", "mfa"]);
  });

  it("wrong MFA code is shown on the MFA page", async () => {
    const r = await new TestBrowser().authorize(
      authorizeUrl({
        emulator: emu,
        clientId: IDS.frontend,
        redirectUri: WEB,
        scopes: ["openid", "User.Read"],
        claims: MFA_CLAIMS_CHALLENGE,
      }),
      { username: USERS.miriam, otc: "000000" },
    );
    expect(r.pageError).toContain("AADSTS50074");
  });
});

describe("msal-node: federated credentials (workload identity)", () => {
  let emu: RunningEmulator;
  useTestEmulator((e) => (emu = e));

  const SUBJECT = "system:serviceaccount:default:dual-mode-app";
  const workloadToken = async (body: Record<string, unknown>) =>
    (await admin<{ token: string }>(emu, "POST", "/workload-token", body)).token;
  const backend = (assertion: string | (() => Promise<string>)) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: IDS.backend,
        authority: `${emu.url}/${IDS.tenant}`,
        knownAuthorities: [emu.ctx.host],
        clientAssertion: typeof assertion === "string" ? assertion : async () => assertion(),
      },
    });
  const graphAppOnly = ["https://graph.microsoft.com/.default"];

  it("the built-in issuer publishes discovery and keys", async () => {
    const discovery = (await (await fetch(`${emu.url}/workload-issuer/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    expect(discovery.issuer).toBe(`${emu.url}/workload-issuer`);
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Array<{ kty: string; kid: string }> };
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA" });
  });

  it("a token of the registered issuer and subject replaces the secret: client credentials and OBO, azpacr 2", async () => {
    const token = await workloadToken({ subject: SUBJECT });
    const app = await backend(token).acquireTokenByClientCredential({ scopes: graphAppOnly });
    expect(decodeJwt(app!.accessToken)).toMatchObject({ appid: IDS.backend, appidacr: "2" });
    const { token: user } = await backendToken(emu, USERS.adele);
    const obo = await backend(async () => workloadToken({ subject: SUBJECT })).acquireTokenOnBehalfOf({
      oboAssertion: user,
      scopes: GRAPH_USER_READ,
    });
    expect(decodeJwt(obo!.accessToken)).toMatchObject({ upn: USERS.adele, appidacr: "2" });
  });

  it("refuses another subject (700213), another audience (700212), another issuer (700211) and an expired token (700024)", async () => {
    const refusal = async (token: string) =>
      rejection(backend(token).acquireTokenByClientCredential({ scopes: graphAppOnly }));
    const codes = [
      await refusal(await workloadToken({ subject: "system:serviceaccount:default:someone-else" })),
      await refusal(await workloadToken({ subject: SUBJECT, audience: "api://something-else" })),
      await refusal(await workloadToken({ subject: SUBJECT, lifetimeSeconds: -600 })),
    ].map((e) => [e.errorCode, Number(e.errorNo)]);
    expect(codes).toEqual([
      ["invalid_client", 700213],
      ["invalid_client", 700212],
      ["invalid_client", 700024],
    ]);
    // The same claims signed by a key the issuer does not publish: the signature check fails (700027).
    const [h, p] = (await workloadToken({ subject: SUBJECT })).split(".");
    expect(Number((await refusal(`${h}.${p}.${Buffer.from("forged").toString("base64url")}`)).errorNo)).toBe(700027);
    // Another issuer entirely.
    const foreign = `${Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT" })).toString("base64url")}.${Buffer.from(JSON.stringify({ iss: "https://token.actions.githubusercontent.com", sub: SUBJECT, aud: "api://AzureADTokenExchange", exp: 4102444800 })).toString("base64url")}.x`;
    expect(Number((await refusal(foreign)).errorNo)).toBe(700211);
  });
});

describe("msal-node: continuous access evaluation (CP1) with Graph", () => {
  let emu: RunningEmulator;
  useTestEmulator((e) => (emu = e));

  const backend = (capabilities?: string[]) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: IDS.backend,
        clientSecret: SECRETS.backend,
        authority: `${emu.url}/${IDS.tenant}`,
        knownAuthorities: [emu.ctx.host],
        ...(capabilities ? { clientCapabilities: capabilities } : {}),
      },
    });
  const me = (token: string) => fetch(`${emu.url}/graph/v1.0/me`, { headers: { authorization: `Bearer ${token}` } });
  const challengeOf = (res: Response) => {
    const m = /error="insufficient_claims", claims="([^"]+)"/.exec(res.headers.get("www-authenticate") ?? "");
    return m ? Buffer.from(m[1], "base64").toString("utf8") : undefined;
  };

  it("a CP1 client gets a long-lived Graph token with xms_cc; a plain client an ordinary one", async () => {
    const { token } = await backendToken(emu, USERS.adele);
    const cae = decodeJwt(
      (await backend(["CP1"]).acquireTokenOnBehalfOf({ oboAssertion: token, scopes: GRAPH_USER_READ }))!.accessToken,
    );
    expect(cae.xms_cc).toEqual(["cp1"]);
    expect(cae.exp! - cae.iat!).toBeGreaterThanOrEqual(24 * 3600);
    expect(cae.exp! - cae.iat!).toBeLessThanOrEqual(28 * 3600);
    const plain = decodeJwt(
      (await backend().acquireTokenOnBehalfOf({ oboAssertion: token, scopes: GRAPH_USER_READ }))!.accessToken,
    );
    expect(plain.xms_cc).toBeUndefined();
    expect(plain.exp! - plain.iat!).toBeLessThanOrEqual(5400);
  });

  it("after a revocation Graph challenges the CP1 token at once (the plain one lives on), and OBO with the challenge → AADSTS50173", async () => {
    const { token } = await backendToken(emu, USERS.adele);
    const caeClient = backend(["CP1"]);
    const cae = (await caeClient.acquireTokenOnBehalfOf({ oboAssertion: token, scopes: GRAPH_USER_READ }))!.accessToken;
    const plain = (await backend().acquireTokenOnBehalfOf({ oboAssertion: token, scopes: GRAPH_USER_READ }))!
      .accessToken;
    expect((await me(cae)).status).toBe(200);

    await admin(emu, "POST", "/sessions/revoke", { user: USERS.adele });
    const refused = await me(cae);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: "InvalidAuthenticationToken",
      message: expect.stringContaining("TokenIssuedBeforeRevocationTimestamp"),
    });
    const claims = challengeOf(refused);
    expect(JSON.parse(claims!)).toEqual({
      access_token: { nbf: { essential: true, value: expect.stringMatching(/^\d+$/) } },
    });
    expect((await me(plain)).status).toBe(200); // not CAE-capable: valid until it expires

    const err = await rejection(
      caeClient.acquireTokenOnBehalfOf({ oboAssertion: token, scopes: GRAPH_USER_READ, claims }),
    );
    expect(err.errorCode).toBe("invalid_grant");
    expect(Number(err.errorNo)).toBe(50173);
  });

  it("a user who signs in again after the revocation gets a Graph token that passes", async () => {
    await backendToken(emu, USERS.adele);
    await admin(emu, "POST", "/sessions/revoke", { user: USERS.adele });
    await admin(emu, "POST", "/clock", { advanceSeconds: 2 });
    const { token } = await backendToken(emu, USERS.adele);
    const cae = (await backend(["CP1"]).acquireTokenOnBehalfOf({ oboAssertion: token, scopes: GRAPH_USER_READ }))!
      .accessToken;
    expect((await me(cae)).status).toBe(200);
  });
});

describe("msal-node: on-behalf-of without knownClientApplications", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator((file) => {
      for (const app of file.applications) if (app.api) app.api.knownClientApplications = [];
    });
  });
  afterAll(() => emu.close());

  it("the user consented only frontend→backend: OBO → InteractionRequiredAuthError 65001 consent_required", async () => {
    const { token } = await backendToken(emu, USERS.adele);
    const err = await rejection(
      cca(emu, IDS.backend, { clientSecret: SECRETS.backend }).acquireTokenOnBehalfOf({
        oboAssertion: token,
        scopes: GRAPH_USER_READ,
      }),
    );
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.errorCode).toBe("invalid_grant");
    expect(err.subError).toBe("consent_required");
    expect(Number(err.errorNo)).toBe(65001);
  });
});
