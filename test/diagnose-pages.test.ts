// The pieces around the explainer: the callback redirect that keeps Entra's code for the error page,
// who may see /diagnostics, secrets masked, the live OBO probe, and the registrations endpoint's role.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { SECRETS } from "../emulator/test/harness.ts";
import { IDS, startAppEmulator, userToken } from "./support/app.ts";
import { clientCredentials } from "./support/client-credentials.ts";
import { TENANT_ENV } from "./support/tenant-env.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startAppEmulator();
});
afterAll(() => emu?.close());

describe("NextAuth callback errors", () => {
  it("an Entra error at the callback goes to /auth/error with its code, not its description", async () => {
    const { withEntraErrorPage } = await import("@/lib/diagnose/auth-error");
    const passthrough = async () => new Response("nextauth");
    const GET = withEntraErrorPage(passthrough);
    const description =
      "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 1b0f\r\nCorrelation ID: 2c1e";
    const res = await GET(
      new Request(
        `http://localhost:3000/api/auth/callback/microsoft-entra-id?error=access_denied&error_description=${encodeURIComponent(description)}&state=x`,
      ),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      "http://localhost:3000/auth/error?error=OAuthCallbackError&entra_error=access_denied&aadsts=65004",
    );
    expect(
      await (await GET(new Request("http://localhost:3000/api/auth/callback/microsoft-entra-id?code=abc"))).text(),
    ).toBe("nextauth");
  });
});

describe("/auth/error names what a 'Configuration' error was, in its own words only", () => {
  const configurationRedirect = () => Response.redirect("http://localhost:3000/auth/error?error=Configuration", 302);

  it("the Auth.js error logged during the request becomes the page's cause (UntrustedHost → AUTH_URL)", async () => {
    const { withEntraErrorPage } = await import("@/lib/diagnose/auth-error");
    const { authjsLogger } = await import("@/lib/session");
    const { UntrustedHost, InvalidCheck, UnknownAction, CallbackRouteError } = await import("@auth/core/errors");
    const cases: Array<[Error, string | null]> = [
      [new UntrustedHost("Host must be trusted."), "url"],
      [new InvalidCheck("pkceCodeVerifier value could not be parsed"), "check"],
      [new UnknownAction("Unsupported action"), "action"],
      // As Auth.js raises it around whatever failed in the callback: cause = { err, ...details }.
      [
        new CallbackRouteError("callback failed", {
          cause: {
            err: Object.assign(new Error('unexpected JWT "iss" (issuer) claim value'), {
              code: "OAUTH_JWT_CLAIM_COMPARISON_FAILED",
            }),
          },
        }),
        "id_token",
      ],
      [
        new CallbackRouteError("callback failed", {
          cause: { err: new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } }) },
        }),
        "idp",
      ],
      [new CallbackRouteError("callback failed", { cause: { err: new Error("something else") } }), null],
    ];
    for (const [error, cause] of cases) {
      const GET = withEntraErrorPage(async () => {
        authjsLogger.error(error); // what Auth.js does before it answers the redirect
        return configurationRedirect();
      });
      const location = new URL(
        (
          await GET(new Request("http://localhost:3000/api/auth/callback/microsoft-entra-id?code=c&state=s"))
        ).headers.get("location")!,
      );
      expect(location.searchParams.get("cause"), error.name).toBe(cause);
      expect(location.searchParams.get("error")).toBe("Configuration");
    }
  });

  it("starting a sign-in (/auth/signin, /auth/reauth) that Auth.js turns into 'Configuration' carries the cause too", async () => {
    const { signInTarget } = await import("@/lib/diagnose/auth-error");
    const { authjsLogger } = await import("@/lib/session");
    const unreachable = await signInTarget(async () => {
      authjsLogger.error(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })); // discovery at a closed port
      return "http://localhost:3000/auth/error?error=Configuration";
    });
    expect(unreachable).toBe("http://localhost:3000/auth/error?error=Configuration&cause=idp");
    const authorize = "https://login.example/authorize?client_id=x";
    expect(await signInTarget(async () => authorize)).toBe(authorize);
  });

  it("every cause and Auth.js type has its own text; the page copes with each", async () => {
    const { authErrorView, CAUSES } = await import("@/lib/diagnose/auth-error-view");
    const { appFacts } = await import("@/lib/diagnose");
    const { getConfig } = await import("@/lib/config");
    const facts = appFacts(getConfig());
    expect(authErrorView({ error: "Configuration", cause: "url" }, facts)).toMatchObject({
      kind: "explained",
      explanation: { cause: expect.stringContaining("UntrustedHost"), fix: expect.stringContaining("AUTH_URL") },
    });
    for (const cause of Object.keys(CAUSES))
      expect(authErrorView({ error: "Configuration", cause }, facts)).toEqual({
        kind: "explained",
        explanation: CAUSES[cause],
      });
    // The generic Configuration text no longer guesses at secrets.
    expect(JSON.stringify(authErrorView({ error: "Configuration" }, facts))).not.toMatch(/SECRET|redirect URI/);
  });

  it("attacker-chosen values in error, cause, entra_error or suberror never reach the page", async () => {
    const { authErrorView } = await import("@/lib/diagnose/auth-error-view");
    const { appFacts } = await import("@/lib/diagnose");
    const { getConfig } = await import("@/lib/config");
    const facts = appFacts(getConfig());
    const TEXT = "Your account is locked, call +1 555 0100";
    const queries = [
      { error: TEXT },
      { error: "Configuration", cause: TEXT },
      { error: "toString" },
      { error: "Configuration", cause: "__proto__" },
      { entra_error: TEXT },
      { entra_error: "access_denied", suberror: TEXT },
      { aadsts: TEXT },
      { aadsts: "65004", suberror: TEXT, entra_error: TEXT },
    ];
    for (const q of queries) {
      const view = authErrorView(q, facts);
      expect(JSON.stringify(view), JSON.stringify(q)).not.toContain("555 0100");
    }
    expect(authErrorView({ error: TEXT }, facts)).toMatchObject({
      kind: "explained",
      explanation: { title: "The sign-in could not be completed" },
    });
    expect(authErrorView({}, facts)).toEqual({ kind: "none", title: "Sign in to continue." });
  });
});

describe("/diagnostics helpers", () => {
  it("admits everyone under npm run dev, else (the emulator included) only the admin role", async () => {
    const { mayDiagnose } = await import("@/lib/diagnose/access");
    const { parseConfig } = await import("@/lib/config");
    const emulator = parseConfig({ EMULATOR_PORT: "8443" });
    const tenant = parseConfig({
      ...process.env,
      ENTRA_INSTANCE: "https://login.microsoftonline.com",
      ...TENANT_ENV,
    });
    for (const config of [emulator, tenant]) {
      expect(mayDiagnose(config, [], "development")).toBe(true);
      expect(mayDiagnose(config, [], "production")).toBe(false);
      expect(mayDiagnose(config, undefined, "test")).toBe(false);
      expect(mayDiagnose(config, ["service-api"], "production")).toBe(false);
      expect(mayDiagnose(config, ["Directory.Admin"], "production")).toBe(true);
    }
  });

  it("shows each secret as set / not set with the credential type, never a prefix or a length", async () => {
    const { maskedConfig } = await import("@/lib/diagnostics");
    const { getConfig, parseConfig } = await import("@/lib/config");
    const config = maskedConfig(getConfig()) as {
      frontend: { clientSecret: string };
      backend: { credentials: unknown[] };
      authSecret: string;
    };
    const shown = JSON.stringify(config);
    for (const secret of [SECRETS.frontend, SECRETS.backend, getConfig().auth.secret])
      expect(shown).not.toContain(secret);
    expect(shown).not.toMatch(/chars|…|\*{3}/);
    expect(config.frontend.clientSecret).toBe("set");
    expect(config.authSecret).toBe("set");
    expect(config.backend.credentials).toEqual([{ type: "secret", secret: "set" }]);
    const state = process.env.EMULATOR_STATE_DIR!;
    const withCertificate = maskedConfig(
      parseConfig({
        ENTRA_BACKEND_CERTIFICATE_PATH: `${state}/certs/backend.crt`,
        ENTRA_BACKEND_PRIVATE_KEY_PATH: `${state}/certs/backend.key`,
      }),
    ) as { backend: { credentials: unknown[] } };
    expect(withCertificate.backend.credentials).toEqual([{ type: "certificate", privateKey: "set" }]);
  });

  it("the live OBO probe times a real exchange and explains a failure", async () => {
    const { probeObo } = await import("@/lib/diagnostics");
    const { getConfig } = await import("@/lib/config");
    const ok = await probeObo(getConfig(), await userToken(emu, "adele"));
    expect(ok).toMatchObject({
      ok: true,
      claims: { aud: "https://graph.microsoft.com", appid: IDS.backend, xms_cc: ["cp1"] },
    }); // as lib/obo asks: CP1
    expect(ok.ms).toBeGreaterThanOrEqual(0);
    const failed = await probeObo(getConfig(), await userToken(emu, "miriam"));
    expect(failed).toMatchObject({ ok: false, diagnosis: { code: "AADSTS50076" } });
  });
});

describe("emulator: GET /applications (Graph)", () => {
  /** GET /applications?$filter=appId eq '…' with a Graph token of `client` (client credentials). */
  async function readApplication(client: { id: string; secret: string }, appId: string): Promise<Response> {
    const token = await clientCredentials(emu, client);
    return fetch(`${emu.url}/graph/v1.0/applications?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`, {
      headers: { authorization: `Bearer ${token.body.access_token}` },
    });
  }

  it("needs Application.Read.All: an app without it gets 403", async () => {
    const res = await readApplication({ id: IDS.serviceSecret, secret: SECRETS.serviceSecret }, IDS.backend);
    expect(res.status).toBe(403);
  });

  it("returns the registration, with no secret", async () => {
    const res = await readApplication({ id: IDS.backend, secret: SECRETS.backend }, IDS.frontend);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(SECRETS.frontend);
    const body = JSON.parse(text) as { value: Array<{ appId: string; spa: { redirectUris: string[] } }> };
    expect(body.value).toHaveLength(1);
    expect(body.value[0]).toMatchObject({
      appId: IDS.frontend,
      spa: { redirectUris: expect.arrayContaining(["http://localhost/spa-redirect"]) },
    });
  });
});
