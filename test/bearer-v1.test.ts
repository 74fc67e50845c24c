// A backend registration left at Entra's default (api.requestedAccessTokenVersion null) gets v1 access
// tokens: issuer https://sts.windows.net/{tid}/, appid/appidacr, aud as the client asked. The API accepts
// them like v2 ones (Microsoft.Identity.Web's rule), with real msal-node clients against the emulator.
import { createHash } from "node:crypto";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientCertificate } from "../emulator/pki.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import { TestBrowser, USERS } from "../emulator/test/browser.ts";
import { APP, SECRETS } from "../emulator/test/harness.ts";
import { toMsalCertificate } from "../lib/certificate.ts";
import { apiRequest, IDS, startAppEmulator } from "./support/app.ts";

let emu: RunningEmulator;
type Handler = (request: Request) => Promise<Response>;
let me: Handler, status: Handler;

beforeAll(async () => {
  emu = await startAppEmulator((f) => {
    const backend = f.applications.find((a) => a.appId === IDS.backend)!;
    backend.api = { ...backend.api!, requestedAccessTokenVersion: null };
  });
  me = (await import("@/app/api/me/route")).GET;
  status = (await import("@/app/api/service/status/route")).GET;
});
afterAll(() => emu?.close());

const client = (clientId: string, credential: { clientSecret: string } | { certificate: string }) => {
  const auth =
    "clientSecret" in credential
      ? credential
      : (() => {
          const files = ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, credential.certificate);
          return {
            clientCertificate: toMsalCertificate({ certificatePem: files.certPem, privateKeyPem: files.keyPem }),
          };
        })();
  return new ConfidentialClientApplication({
    auth: { clientId, authority: `${emu.url}/${IDS.tenant}`, knownAuthorities: [emu.ctx.host], ...auth },
  });
};

/** The frontend's sign-in as Auth.js does it (auth code + PKCE), through msal-node and the emulator's pages. */
async function userToken(): Promise<string> {
  const frontend = client(IDS.frontend, { clientSecret: SECRETS.frontend });
  const scopes = [`api://${IDS.backend}/.default`];
  const verifier = "v".repeat(43);
  const codeChallenge = createHash("sha256").update(verifier).digest("base64url");
  const url = await frontend.getAuthCodeUrl({
    scopes,
    redirectUri: APP.web,
    codeChallenge,
    codeChallengeMethod: "S256",
  });
  const { code } = await new TestBrowser().authorize(new URL(url), { username: USERS.adele });
  const result = await frontend.acquireTokenByCode({
    code: code!,
    scopes,
    redirectUri: APP.web,
    codeVerifier: verifier,
  });
  return result.accessToken;
}

describe("v1 access tokens for the backend", () => {
  it("a user's v1 token calls the API, and the OBO exchange with it reaches Graph", async () => {
    const token = await userToken();
    expect(decodeJwt(token)).toMatchObject({
      ver: "1.0",
      iss: `https://sts.windows.net/${IDS.tenant}/`,
      aud: `api://${IDS.backend}`,
      appid: IDS.frontend,
      appidacr: "1",
      upn: USERS.adele,
    });
    expect(decodeJwt(token).azp).toBeUndefined();
    const res = await me(apiRequest("/api/me", token));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ userPrincipalName: USERS.adele });
  });

  it("a daemon's v1 token (certificate: appidacr 2) passes the service policy; aud is the GUID it asked with", async () => {
    const result = await client(IDS.service, { certificate: "service" }).acquireTokenByClientCredential({
      scopes: [`${IDS.backend}/.default`],
    });
    expect(decodeJwt(result!.accessToken)).toMatchObject({
      ver: "1.0",
      aud: IDS.backend,
      appid: IDS.service,
      appidacr: "2",
      roles: ["service-api"],
    });
    expect((await status(apiRequest("/api/service/status", result!.accessToken))).status).toBe(200);
  });

  it("the certificate rule reads appidacr: a secret daemon (appidacr 1) is refused", async () => {
    const result = await client(IDS.serviceSecret, {
      clientSecret: SECRETS.serviceSecret,
    }).acquireTokenByClientCredential({ scopes: [`api://${IDS.backend}/.default`] });
    expect(decodeJwt(result!.accessToken)).toMatchObject({ ver: "1.0", appidacr: "1" });
    const res = await status(apiRequest("/api/service/status", result!.accessToken));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ rule: "certificate_credential" });
  });
});
