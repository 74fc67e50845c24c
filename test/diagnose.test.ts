// The explainer against real failures: each case provokes the error through the real flow against the
// emulator (msal-node OBO and client credentials, /authorize through its pages, the token endpoint as a
// browser or server would call it) and asserts the diagnosis names the right cause. No error is built by hand.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeSigningCertificate } from "../emulator/pki.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import {
  admin,
  authCodeWithPkce,
  authorizeUrl,
  postToken,
  redeemCode,
  TestBrowser,
  USERS,
} from "../emulator/test/browser.ts";
import { SECRETS } from "../emulator/test/harness.ts";
import type { UserCaller } from "@/lib/bearer";
import type { AppFacts, Diagnosis } from "@/lib/diagnose";
import { AppError } from "@/lib/errors";
import { apiRequest, forge, IDS, startAppEmulator, userToken } from "./support/app.ts";
import { clientCredentials } from "./support/client-credentials.ts";

let emu: RunningEmulator;
let facts: AppFacts;
let d: typeof import("@/lib/diagnose");
let obo: typeof import("@/lib/obo");
let resolveCaller: typeof import("@/lib/bearer").resolveCaller;

const USER_READ = ["https://graph.microsoft.com/User.Read"];
const APP = "http://localhost:3000";
const WEB_REDIRECT = `${APP}/api/auth/callback/microsoft-entra-id`;
const SPA_REDIRECT = `${APP}/spa-redirect`;
const SIGN_IN_SCOPES = ["openid", "profile", "offline_access", `api://${IDS.backend}/access_as_user`];

beforeAll(async () => {
  emu = await startAppEmulator();
  d = await import("@/lib/diagnose");
  obo = await import("@/lib/obo");
  ({ resolveCaller } = await import("@/lib/bearer"));
  facts = d.appFacts((await import("@/lib/config")).getConfig());
});
afterAll(() => emu?.close());
afterEach(async () => {
  await admin(emu, "POST", "/clock", { reset: true });
  await admin(emu, "DELETE", "/faults");
  obo.configureOboCache({});
});

const callerFor = async (upn: string) =>
  (await resolveCaller(apiRequest("/api/me", await userToken(emu, upn)))) as UserCaller;

/** getAuthorizationHeader must fail; returns the diagnosis the AppError carries (and checks it leaks no token). */
async function oboDiagnosis(caller: UserCaller): Promise<{ err: AppError; diagnosis: Diagnosis }> {
  const err = await obo.getAuthorizationHeader({ scopes: USER_READ, caller }).then(
    () => {
      throw new Error("OBO unexpectedly succeeded");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  const diagnosis = (err as AppError).details.diagnosis!;
  expect(diagnosis).toBeDefined();
  expect(JSON.stringify(diagnosis)).not.toContain(caller.assertion.split(".")[1]);
  return { err: err as AppError, diagnosis };
}

const fromBody = (body: unknown, ctx: Parameters<typeof d.fromEntraBody>[1], f = facts) =>
  d.diagnose(d.fromEntraBody(body, ctx), f);

function msalClient(
  clientId: string,
  credential: { clientSecret: string } | { clientCertificate: { thumbprintSha256: string; privateKey: string } },
) {
  return new ConfidentialClientApplication({
    auth: { clientId, authority: `${emu.url}/${IDS.tenant}`, knownAuthorities: [new URL(emu.url).host], ...credential },
  });
}

describe("on-behalf-of failures (msal-node through lib/obo)", () => {
  it("AADSTS50013: a Graph token passed as the assertion is named as such", async () => {
    const graphToken = (
      await obo.getAuthorizationHeader({ scopes: USER_READ, caller: await callerFor("adele") })
    ).slice("Bearer ".length);
    const caller = { ...(await callerFor("adele")), assertion: graphToken };
    const { err, diagnosis } = await oboDiagnosis(caller);
    expect(err.code).toBe("ERR_OBO_MISCONFIGURED");
    expect(diagnosis).toMatchObject({
      code: "AADSTS50013",
      flow: "obo",
      title: "A Graph token was passed as the OBO assertion",
    });
    expect(diagnosis.cause).toContain("(Microsoft Graph): the caller passed a Graph token");
    expect(diagnosis.cause).toContain(`it must pass a token for api://${IDS.backend}`);
    expect(diagnosis.evidence).toMatchObject({
      aud: "https://graph.microsoft.com",
      tid: IDS.tenant,
      appid: IDS.backend,
    });
    expect(Object.keys(diagnosis.evidence!).sort()).toEqual(expect.arrayContaining(["aud", "iss", "tid"]));
    expect(diagnosis.evidence).not.toHaveProperty("name");
  });

  it("AADSTS500131: a token for the frontend itself is named as the wrong audience", async () => {
    const caller = { ...(await callerFor("adele")), assertion: await forge(emu, { aud: IDS.frontend }) };
    const { diagnosis } = await oboDiagnosis(caller);
    expect(diagnosis.code).toBe("AADSTS500131");
    expect(diagnosis.cause).toContain(`${IDS.frontend} (the frontend registration itself)`);
    expect(diagnosis.fix).toContain(`api://${IDS.backend}/access_as_user`);
  });

  it("AADSTS500133: an expired assertion names its expiry", async () => {
    const caller = await callerFor("adele");
    await admin(emu, "POST", "/clock", { advanceSeconds: 3 * 3600 });
    const { err, diagnosis } = await oboDiagnosis(caller);
    expect(err.code).toBe("ERR_INVALID_TOKEN");
    expect(diagnosis.code).toBe("AADSTS500133");
    expect(diagnosis.cause).toMatch(/expired \(exp \d{4}-\d\d-\d\dT/);
  });

  it("AADSTS65001: without knownClientApplications the diagnosis points at it", async () => {
    await admin(emu, "POST", "/config/known-clients", { resourceAppId: IDS.backend, knownClientApplications: [] });
    try {
      const { err, diagnosis } = await oboDiagnosis(await callerFor("grady"));
      expect(err.code).toBe("ERR_OBO_CONSENT_REQUIRED");
      expect(diagnosis).toMatchObject({ code: "AADSTS65001", suberror: "consent_required" });
      expect(diagnosis.cause).toContain("knownClientApplications");
      expect(diagnosis.fix).toContain(`"knownClientApplications": ["${IDS.frontend}"]`);
    } finally {
      await admin(emu, "POST", "/config/known-clients", {
        resourceAppId: IDS.backend,
        knownClientApplications: [IDS.frontend],
      });
    }
  });

  it("AADSTS50076: MFA required for Graph is explained as a claims challenge to relay", async () => {
    const { err, diagnosis } = await oboDiagnosis(await callerFor("miriam"));
    expect(err.code).toBe("ERR_OBO_CLAIMS_CHALLENGE");
    expect(diagnosis.code).toBe("AADSTS50076");
    expect(diagnosis.cause).toContain("requires MFA for Microsoft Graph");
    expect(diagnosis.fix).toContain("insufficient_claims");
  });

  it("AADSTS50079: MFA registration required (Entra's answer forced at the token endpoint)", async () => {
    await admin(emu, "POST", "/faults", {
      target: "token",
      aadsts: 50079,
      match: "urn:ietf:params:oauth:grant-type:jwt-bearer",
    });
    const { diagnosis } = await oboDiagnosis(await callerFor("adele"));
    expect(diagnosis).toMatchObject({ code: "AADSTS50079", error: "interaction_required" });
    expect(diagnosis.cause).toContain("MFA enrollment");
    expect(diagnosis.fix).toContain("401 insufficient_claims");
  });

  it("the API's JSON error body carries the diagnosis, and no token", async () => {
    await admin(emu, "POST", "/config/known-clients", { resourceAppId: IDS.backend, knownClientApplications: [] });
    try {
      const token = await userToken(emu, "alex");
      const { GET } = await import("@/app/api/me/route");
      const res = await GET(apiRequest("/api/me", token));
      const text = await res.text();
      expect(res.status).toBe(403);
      expect(text).not.toContain(token.split(".")[1]);
      const body = JSON.parse(text) as { diagnosis: Diagnosis };
      expect(body.diagnosis).toMatchObject({ code: "AADSTS65001", flow: "obo" });
      expect(body.diagnosis.cause).toContain("knownClientApplications");
    } finally {
      await admin(emu, "POST", "/config/known-clients", {
        resourceAppId: IDS.backend,
        knownClientApplications: [IDS.frontend],
      });
    }
  });
});

describe("client credentials and client authentication", () => {
  it("AADSTS7000215: a wrong backend secret names ENTRA_BACKEND_CLIENT_SECRET", async () => {
    const err = await msalClient(IDS.backend, { clientSecret: "not-the-secret" })
      .acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] })
      .catch((e: unknown) => e);
    const diagnosis = d.diagnose(
      d.fromMsalError(err as Parameters<typeof d.fromMsalError>[0], { flow: "client-credentials" }),
      facts,
    );
    expect(diagnosis.code).toBe("AADSTS7000215");
    expect(diagnosis.cause).toContain("ENTRA_BACKEND_CLIENT_SECRET");
  });

  it("AADSTS7000215: a wrong frontend secret at code redemption names ENTRA_FRONTEND_CLIENT_SECRET", async () => {
    const { code, verifier } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: WEB_REDIRECT,
      scopes: SIGN_IN_SCOPES,
      username: USERS.adele,
    });
    const res = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      redirectUri: WEB_REDIRECT,
      verifier,
      clientSecret: "wrong",
    });
    const diagnosis = fromBody(res.body, { flow: "code-redemption", clientId: IDS.frontend });
    expect(diagnosis.code).toBe("AADSTS7000215");
    expect(diagnosis.cause).toContain("ENTRA_FRONTEND_CLIENT_SECRET");
  });

  it("AADSTS7000218: no credential", async () => {
    const res = await clientCredentials(emu, { id: IDS.backend });
    const diagnosis = fromBody(res.body, { flow: "client-credentials" });
    expect(diagnosis.code).toBe("AADSTS7000218");
    expect(diagnosis.cause).toContain(
      `the backend registration (${IDS.backend}) is a confidential client but no credential was configured or sent`,
    );
    expect(diagnosis.fix).toContain("ENTRA_BACKEND_CLIENT_SECRET or ENTRA_BACKEND_CERTIFICATE_PATH");
  });

  it("AADSTS700027: a certificate the registration does not hold", async () => {
    const { certPem, keyPem } = makeSigningCertificate("not uploaded");
    const thumbprintSha256 = new X509Certificate(certPem).fingerprint256.replaceAll(":", "").toLowerCase();
    const privateKey = createPrivateKey(keyPem).export({ format: "pem", type: "pkcs8" }).toString();
    const err = await msalClient(IDS.backend, { clientCertificate: { thumbprintSha256, privateKey } })
      .acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] })
      .catch((e: unknown) => e);
    const diagnosis = d.diagnose(
      d.fromMsalError(err as Parameters<typeof d.fromMsalError>[0], { flow: "client-credentials" }),
      facts,
    );
    expect(diagnosis.code).toBe("AADSTS700027");
    expect(diagnosis.cause).toContain("ENTRA_BACKEND_CERTIFICATE_PATH");
    expect(diagnosis.cause).toContain("is not uploaded to the backend registration");
  });

  it("AADSTS700016: an unknown client id names the variable it came from", async () => {
    const wrong = "11111111-2222-4333-8444-555555555555";
    const res = await clientCredentials(emu, { id: wrong, secret: SECRETS.backend });
    const diagnosis = fromBody(res.body, { flow: "client-credentials" }, { ...facts, backendClientId: wrong });
    expect(diagnosis.code).toBe("AADSTS700016");
    expect(diagnosis.cause).toContain(
      `'${wrong}' (ENTRA_BACKEND_CLIENT_ID) is not an application in tenant '${IDS.tenant}'`,
    );
  });

  it("AADSTS1002012: client credentials without /.default", async () => {
    const res = await clientCredentials(emu, { id: IDS.backend, secret: SECRETS.backend, scope: "User.Read" });
    const diagnosis = fromBody(res.body, { flow: "client-credentials", scopes: ["User.Read"] });
    expect(diagnosis.code).toBe("AADSTS1002012");
    expect(diagnosis.cause).toContain("'User.Read'");
    expect(diagnosis.fix).toContain("/.default");
  });

  it("AADSTS90002: an unknown tenant names ENTRA_TENANT_ID", async () => {
    const tenant = "00000000-1111-4222-8333-444444444444";
    const res = await clientCredentials(emu, { id: IDS.backend, secret: SECRETS.backend, tenant });
    const diagnosis = fromBody(res.body, { flow: "client-credentials", tenant });
    expect(diagnosis.code).toBe("AADSTS90002");
    expect(diagnosis.cause).toContain(`'${tenant}' is not a tenant`);
    expect(diagnosis.cause).toContain("ENTRA_TENANT_ID");
  });
});

describe("sign-in and code redemption", () => {
  it("AADSTS9002327: a SPA code redeemed without Origin explains cross-origin redemption", async () => {
    const { code, verifier } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: SPA_REDIRECT,
      scopes: SIGN_IN_SCOPES,
      username: USERS.adele,
    });
    const res = await redeemCode(emu, { clientId: IDS.frontend, code, redirectUri: SPA_REDIRECT, verifier });
    const diagnosis = fromBody(res.body, { flow: "code-redemption", redirectUri: SPA_REDIRECT });
    expect(diagnosis.code).toBe("AADSTS9002327");
    expect(diagnosis.cause).toContain("may only be redeemed via cross-origin requests");
    expect(diagnosis.fix).toContain(WEB_REDIRECT);
  });

  it("AADSTS9002326: the SPA redeeming a web redirect URI's code", async () => {
    const { code, verifier } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: WEB_REDIRECT,
      scopes: SIGN_IN_SCOPES,
      username: USERS.adele,
    });
    const res = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      redirectUri: WEB_REDIRECT,
      verifier,
      origin: APP,
    });
    const diagnosis = fromBody(res.body, { flow: "spa-code-redemption", redirectUri: WEB_REDIRECT, origin: APP });
    expect(diagnosis.code).toBe("AADSTS9002326");
    expect(diagnosis.cause).toContain(`The SPA used a web redirect URI: '${WEB_REDIRECT}' is registered under Web`);
    expect(diagnosis.fix).toContain(
      `Register ${APP}/spa-redirect under the frontend's "Single-page application" platform`,
    );
  });

  it("AADSTS9002325: a SPA authorization request without PKCE", async () => {
    const r = await new TestBrowser().authorize(
      authorizeUrl({ emulator: emu, clientId: IDS.frontend, redirectUri: SPA_REDIRECT, scopes: SIGN_IN_SCOPES }),
      { username: USERS.adele },
    );
    const diagnosis = d.diagnose(d.fromRedirect(r.params, { flow: "sign-in", redirectUri: SPA_REDIRECT }), facts);
    expect(diagnosis.code).toBe("AADSTS9002325");
    expect(diagnosis.cause).toContain("no code_challenge");
  });

  it("AADSTS50011: an unregistered SPA redirect URI names the platform to add it under", async () => {
    const redirectUri = "https://spa.example.com/spa-redirect"; // not loopback: any port of localhost is registered
    const r = await new TestBrowser().authorize(
      authorizeUrl(
        { emulator: emu, clientId: IDS.frontend, redirectUri, scopes: SIGN_IN_SCOPES },
        { challenge: "x".repeat(43) },
      ),
    );
    expect(r.errorPage?.code).toBe(50011);
    const diagnosis = d.diagnose(
      { flow: "sign-in", aadsts: r.errorPage!.code, redirectUri, clientId: IDS.frontend },
      facts,
    );
    expect(diagnosis.cause).toContain(`'${redirectUri}' is not registered on the frontend registration`);
    expect(diagnosis.fix).toContain('"Single-page application" platform');
  });

  it("AADSTS54005: a code redeemed twice", async () => {
    const { code, verifier } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: WEB_REDIRECT,
      scopes: SIGN_IN_SCOPES,
      username: USERS.adele,
    });
    const redeem = () =>
      redeemCode(emu, {
        clientId: IDS.frontend,
        code,
        redirectUri: WEB_REDIRECT,
        verifier,
        clientSecret: SECRETS.frontend,
      });
    expect((await redeem()).status).toBe(200);
    const diagnosis = fromBody((await redeem()).body, { flow: "code-redemption" });
    expect(diagnosis.code).toBe("AADSTS54005");
    expect(diagnosis.cause).toContain("redeemed both by the server and by the SPA");
  });

  it("AADSTS501481: a PKCE verifier from another attempt", async () => {
    const { code } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: WEB_REDIRECT,
      scopes: SIGN_IN_SCOPES,
      username: USERS.adele,
    });
    const res = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      redirectUri: WEB_REDIRECT,
      verifier: "a".repeat(43),
      clientSecret: SECRETS.frontend,
    });
    const diagnosis = fromBody(res.body, { flow: "code-redemption" });
    expect(diagnosis.code).toBe("AADSTS501481");
    expect(diagnosis.cause).toContain("another sign-in attempt");
  });

  it("AADSTS700084: the SPA refresh token past 24 hours", async () => {
    const { code, verifier } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: SPA_REDIRECT,
      scopes: SIGN_IN_SCOPES,
      username: USERS.adele,
    });
    const tokens = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      redirectUri: SPA_REDIRECT,
      verifier,
      origin: APP,
    });
    expect(tokens.status).toBe(200);
    await admin(emu, "POST", "/clock", { advanceSeconds: 25 * 3600 });
    const res = await postToken(
      emu,
      {
        grant_type: "refresh_token",
        client_id: IDS.frontend,
        refresh_token: tokens.body.refresh_token,
        scope: SIGN_IN_SCOPES.join(" "),
      },
      { origin: APP },
    );
    const diagnosis = fromBody(res.body, { flow: "refresh" });
    expect(diagnosis.code).toBe("AADSTS700084");
    expect(diagnosis.cause).toContain("cannot be extended");
  });

  it("AADSTS700082: a web refresh token idle for 90 days", async () => {
    const { code, verifier } = await authCodeWithPkce({
      emulator: emu,
      clientId: IDS.frontend,
      redirectUri: WEB_REDIRECT,
      scopes: SIGN_IN_SCOPES,
      username: USERS.adele,
    });
    const tokens = await redeemCode(emu, {
      clientId: IDS.frontend,
      code,
      redirectUri: WEB_REDIRECT,
      verifier,
      clientSecret: SECRETS.frontend,
    });
    await admin(emu, "POST", "/clock", { advanceSeconds: 91 * 24 * 3600 });
    const res = await postToken(emu, {
      grant_type: "refresh_token",
      client_id: IDS.frontend,
      client_secret: SECRETS.frontend,
      refresh_token: tokens.body.refresh_token,
      scope: SIGN_IN_SCOPES.join(" "),
    });
    const diagnosis = fromBody(res.body, { flow: "refresh" });
    expect(diagnosis.code).toBe("AADSTS700082");
    expect(diagnosis.fix).toContain("Sign in again");
  });

  it("AADSTS50173 in OBO: Graph's CAE challenge after a revocation, and the retry with its claims", async () => {
    await admin(emu, "POST", "/reset"); // the seeded grants and knownClientApplications
    const assertion = await userToken(emu, "alex");
    const backend = new ConfidentialClientApplication({
      auth: {
        clientId: IDS.backend,
        clientSecret: SECRETS.backend,
        authority: `${emu.url}/${IDS.tenant}`,
        knownAuthorities: [emu.ctx.host],
        clientCapabilities: ["CP1"],
      },
    });
    await backend.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: ["User.Read"] });
    await admin(emu, "POST", "/sessions/revoke", { user: USERS.alex });
    const claims = JSON.stringify({ access_token: { nbf: { essential: true, value: String(emu.ctx.clock.now()) } } });
    const err = await backend
      .acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: ["User.Read"], claims })
      .catch((e: unknown) => e);
    const diagnosis = d.diagnose(
      d.fromMsalError(err as Parameters<typeof d.fromMsalError>[0], { flow: "obo", token: assertion }),
      facts,
    );
    expect(diagnosis.code).toBe("AADSTS50173");
    expect(diagnosis.happened).toContain("continuous access evaluation");
  });

  it("AADSTS50058: silent sign-in without a session", async () => {
    const r = await new TestBrowser().authorize(
      authorizeUrl(
        { emulator: emu, clientId: IDS.frontend, redirectUri: SPA_REDIRECT, scopes: SIGN_IN_SCOPES, prompt: "none" },
        { challenge: "x".repeat(43) },
      ),
    );
    const diagnosis = d.diagnose(d.fromRedirect(r.params, { flow: "silent-sign-in" }), facts);
    expect(diagnosis).toMatchObject({ code: "AADSTS50058", error: "login_required" });
    expect(diagnosis.cause).toContain("The user is not signed in at Entra in this browser");
    expect(diagnosis.fix).toContain("interactive sign-in");
  });

  it("AADSTS16000: silent sign-in with two accounts and no hint", async () => {
    const browser = new TestBrowser();
    const base = { emulator: emu, clientId: IDS.frontend, redirectUri: SPA_REDIRECT, scopes: SIGN_IN_SCOPES, browser };
    await authCodeWithPkce({ ...base, username: USERS.adele });
    await authCodeWithPkce({ ...base, username: USERS.alex, loginHint: USERS.alex });
    const r = await browser.authorize(authorizeUrl({ ...base, prompt: "none" }, { challenge: "x".repeat(43) }));
    const diagnosis = d.diagnose(d.fromRedirect(r.params, { flow: "silent-sign-in" }), facts);
    expect(diagnosis.code).toBe("AADSTS16000");
    expect(diagnosis.cause).toContain("without login_hint or sid while the browser holds several Entra sessions");
    expect(diagnosis.fix).toContain("login_hint");
  });
});

describe("the catalogue", () => {
  it("explains every code the issue lists", () => {
    const listed = [
      50013, 500131, 500133, 65001, 50076, 50079, 9002325, 9002326, 9002327, 50011, 700016, 7000215, 7000218, 700027,
      1002012, 54005, 501481, 700084, 50058, 16000, 90002,
    ];
    for (const code of listed) expect(d.CATALOGUE[code], `AADSTS${code}`).toBeDefined();
  });

  it("an unknown code still gets a diagnosis with the reference", () => {
    const diagnosis = d.diagnose({ flow: "obo", aadsts: 123456, error: "invalid_grant" }, facts);
    expect(diagnosis).toMatchObject({
      code: "AADSTS123456",
      reference: "https://login.microsoftonline.com/error?code=123456",
    });
  });
});
