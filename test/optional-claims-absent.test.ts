// A tenant whose registrations ask for no optional claims (no login_hint in ID tokens, no idtyp in access
// tokens): the app keeps working, with real tokens from the emulator configured that way.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureClientCertificate } from "../emulator/pki.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import { toMsalCertificate } from "../lib/certificate.ts";
import { signInForTokens } from "./sign-in-tokens.ts";
import { apiRequest, IDS, startAppEmulator } from "./support/app.ts";

// One request's cookie jar standing in for next/headers' cookies().
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar.keys()].map((name) => ({ name, value: jar.get(name)! })),
    set: (name: string, value: string, opts?: { maxAge?: number }) =>
      opts?.maxAge === 0 ? jar.delete(name) : jar.set(name, value),
  }),
}));

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startAppEmulator((f) => {
    for (const a of f.applications) a.optionalClaims = { idToken: [], accessToken: [], saml2Token: [] };
  });
});
afterAll(() => emu?.close());

describe("sign-in without the login_hint optional claim", () => {
  it("SPA pages get the username as their SSO hint, and sign-out sends no logout_hint", async () => {
    const { getConfig } = await import("@/lib/config");
    const { signInScope, takeSpaHandoff, endSession } = await import("@/lib/session");
    const { startSession } = await import("@/lib/session");
    const { entra, auth } = getConfig();
    const tokens = await signInForTokens({
      emulatorUrl: emu.url,
      tenantId: IDS.tenant,
      clientId: IDS.frontend,
      clientSecret: entra.frontend.clientSecret,
      scope: signInScope(),
      username: "adele@contoso.onmicrosoft.com",
    });
    expect(decodeJwt(tokens.id_token!).login_hint).toBeUndefined();

    const cookie = await startSession(tokens, undefined);
    jar.set(
      "authjs.session-token",
      await encode({ token: { ...cookie }, secret: auth.secret, salt: "authjs.session-token" }),
    );
    expect(await takeSpaHandoff()).toMatchObject({
      loginHint: "adele@contoso.onmicrosoft.com",
      username: "adele@contoso.onmicrosoft.com",
    });

    const logout = new URL(await endSession("http://localhost:3000"));
    expect(logout.searchParams.get("post_logout_redirect_uri")).toBe("http://localhost:3000/signed-out");
    expect(logout.searchParams.has("logout_hint")).toBe(false);
  });
});

describe("app-only tokens without idtyp", () => {
  const daemon = (name: string, clientId: string) => {
    const files = ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, name);
    const client = new ConfidentialClientApplication({
      auth: {
        clientId,
        authority: `${emu.url}/${IDS.tenant}`,
        knownAuthorities: [emu.ctx.host],
        clientCertificate: toMsalCertificate({ certificatePem: files.certPem, privateKeyPem: files.keyPem }),
      },
    });
    return client
      .acquireTokenByClientCredential({ scopes: [`api://${IDS.backend}/.default`] })
      .then((r) => r!.accessToken);
  };

  it("a daemon with the role passes the service policy; one without a role gets 403 (rule role), not 401", async () => {
    const { GET } = await import("@/app/api/service/status/route");
    const withRole = await daemon("service", IDS.service);
    expect(decodeJwt(withRole).idtyp).toBeUndefined();
    expect((await GET(apiRequest("/api/service/status", withRole))).status).toBe(200);

    const noRole = await daemon("service-norole", IDS.serviceNoRole);
    expect(decodeJwt(noRole)).not.toHaveProperty("roles");
    const res = await GET(apiRequest("/api/service/status", noRole));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "forbidden", rule: "role" });
  });
});
