// The resource picks the access token version (spec §5.1): a registration left at null (Entra's default for
// a new one) gets v1 tokens; the v1 metadata document names their issuer.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { IDS, SECRETS, startTestEmulator } from "./harness.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator((f) => {
    const backend = f.applications.find((a) => a.appId === IDS.backend)!;
    backend.api = { ...backend.api!, requestedAccessTokenVersion: null };
    backend.optionalClaims = {
      idToken: [],
      accessToken: [{ name: "aud", source: null, essential: false, additionalProperties: ["use_guid"] }],
      saml2Token: [],
    };
  });
});
afterAll(() => emu?.close());

const daemonToken = async (scope: string) => {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: IDS.serviceSecret,
      clientSecret: SECRETS.serviceSecret,
      authority: `${emu.url}/${IDS.tenant}`,
      knownAuthorities: [emu.ctx.host],
    },
  });
  return decodeJwt((await client.acquireTokenByClientCredential({ scopes: [scope] }))!.accessToken);
};

describe("v1 access tokens", () => {
  it("the v1 metadata document names the v1 issuer (templated for common) and the tenant's keys", async () => {
    const tenant = (await (await fetch(`${emu.url}/${IDS.tenant}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(tenant).toMatchObject({
      issuer: `https://sts.windows.net/${IDS.tenant}/`,
      jwks_uri: `${emu.url}/${IDS.tenant}/discovery/keys`,
    });
    const common = (await (await fetch(`${emu.url}/common/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(common.issuer).toBe("https://sts.windows.net/{tenantid}/");
    expect((await fetch(`${emu.url}/not-a-tenant/.well-known/openid-configuration`)).status).toBe(400);
  });

  it("a null version gives v1 claims: sts.windows.net issuer, appid/appidacr, no azp; aud use_guid makes aud the GUID", async () => {
    const claims = await daemonToken(`api://${IDS.backend}/.default`);
    expect(claims).toMatchObject({
      ver: "1.0",
      iss: `https://sts.windows.net/${IDS.tenant}/`,
      aud: IDS.backend,
      appid: IDS.serviceSecret,
      appidacr: "1",
    });
    expect(claims.azp).toBeUndefined();
    expect(claims.azpacr).toBeUndefined();
  });
});
