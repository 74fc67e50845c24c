// The device code flow end to end: msal-node's acquireTokenByDeviceCode, @azure/identity's
// DeviceCodeCredential and Python MSAL poll while the user enters the code on /devicelogin and signs in
// through the emulator's own pages; the protocol errors (authorization_pending, slow_down,
// authorization_declined, expired_token, bad_verification_code) as Entra sends them.
import { DeviceCodeCredential } from "@azure/identity";
import { PublicClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { envelope, postToken, TestBrowser, USERS, type AuthorizeOptions, type AuthorizeResult } from "./browser.ts";
import { IDS } from "./harness.ts";
import { hasPythonMsal, PYTHON_MSAL, pythonAuthority, runPythonMsal } from "./python-msal.ts";
import { useTestEmulator } from "./use-emulator.ts";

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

const CLI = "8e7f6a5b-4c3d-4e2f-9a1b-0c9d8e7f6a66";
const BACKEND_SCOPE = `api://${IDS.backend}/access_as_user`;
const GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** The person at the browser: opens the verification page, types the code, signs in. */
function userAtBrowser(userCode: string, opts: AuthorizeOptions = {}): Promise<AuthorizeResult> {
  return new TestBrowser().authorize(`${emu.url}/devicelogin`, { userCode, username: USERS.adele, ...opts });
}

async function deviceCode(clientId = CLI, scope = "openid profile offline_access User.Read") {
  const res = await fetch(`${emu.url}/${IDS.tenant}/oauth2/v2.0/devicecode`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ client_id: clientId, scope }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const poll = (device_code: string, clientId = CLI) =>
  postToken(emu, { grant_type: GRANT, client_id: clientId, device_code });

describe("msal-node: acquireTokenByDeviceCode", () => {
  const pca = () =>
    new PublicClientApplication({
      auth: { clientId: CLI, authority: `${emu.url}/${IDS.tenant}`, knownAuthorities: [emu.ctx.host] },
    });

  it("the user signs in on the verification page; the device gets the user's tokens", async () => {
    let shown: { userCode: string; message: string } | undefined;
    let browser: Promise<AuthorizeResult> | undefined;
    const result = await pca().acquireTokenByDeviceCode({
      scopes: ["User.Read"],
      deviceCodeCallback: (info) => {
        shown = info;
        browser = userAtBrowser(info.userCode);
      },
    });
    expect(shown).toMatchObject({ verificationUri: `${emu.url}/devicelogin`, expiresIn: 900, interval: 5 });
    expect(shown!.message).toContain(shown!.userCode);
    const page = await browser!;
    expect(page).toMatchObject({ deviceOutcome: "approved", signInPagesSeen: 1, consentPagesSeen: 1 });
    expect(result!.account?.username).toBe(USERS.adele);
    expect(decodeJwt(result!.accessToken)).toMatchObject({
      aud: "https://graph.microsoft.com",
      appid: CLI,
      appidacr: "0",
      upn: USERS.adele,
    });
    expect(result!.scopes).toEqual(expect.arrayContaining(["User.Read"]));
  }, 30_000);

  it("the user cancels at 'Are you trying to sign in?' → authorization_declined", async () => {
    let browser: Promise<AuthorizeResult> | undefined;
    const err = await pca()
      .acquireTokenByDeviceCode({
        scopes: ["User.Read"],
        deviceCodeCallback: (info) => (browser = userAtBrowser(info.userCode, { device: "cancel" })),
      })
      .then(
        () => undefined,
        (e: { errorMessage?: string; message?: string }) => e,
      );
    expect((await browser!).deviceOutcome).toBe("declined");
    expect(`${err?.errorMessage} ${err?.message}`).toContain("authorization_declined");
  }, 30_000);

  it("a code that outlived its 15 minutes → expired_token", async () => {
    const err = await pca()
      .acquireTokenByDeviceCode({ scopes: ["User.Read"], deviceCodeCallback: () => emu.ctx.clock.advance(901) })
      .then(
        () => undefined,
        (e: { errorMessage?: string; message?: string }) => e,
      );
    expect(`${err?.errorMessage} ${err?.message}`).toContain("expired_token");
  });
});

describe("@azure/identity: DeviceCodeCredential", () => {
  it("gets a backend token after the user signs in at the emulator", async () => {
    let browser: Promise<AuthorizeResult> | undefined;
    const credential = new DeviceCodeCredential({
      tenantId: IDS.tenant,
      clientId: CLI,
      authorityHost: emu.url,
      disableInstanceDiscovery: true,
      userPromptCallback: (info) => void (browser = userAtBrowser(info.userCode, { username: USERS.alex })),
    });
    const token = await credential.getToken(BACKEND_SCOPE);
    expect((await browser!).deviceOutcome).toBe("approved");
    expect(decodeJwt(token.token)).toMatchObject({
      aud: IDS.backend,
      azp: CLI,
      scp: "access_as_user",
      preferred_username: USERS.alex,
    });
  }, 30_000);
});

describe("the protocol, poll by poll", () => {
  it("pending, slow_down while polled faster than the interval, then the tokens once the user approved", async () => {
    const { body: codes } = await deviceCode();
    const first = await poll(codes.device_code);
    expect(envelope(first.body)).toEqual({ error: "authorization_pending", code: 70016, hasEnvelope: true });
    expect(envelope((await poll(codes.device_code)).body)).toMatchObject({ error: "slow_down", code: 70016 });
    expect(envelope((await poll(codes.device_code)).body).error).toBe("slow_down");
    expect((await userAtBrowser(codes.user_code)).deviceOutcome).toBe("approved");
    const done = await poll(codes.device_code);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.scope.split(" ")).toEqual(
      expect.arrayContaining(["User.Read", "openid", "profile", "offline_access"]),
    );
    expect(envelope((await poll(codes.device_code)).body)).toMatchObject({ error: "invalid_grant", code: 70000 });
  }, 30_000);

  it("a wrong code on the verification page is refused there (AADSTS70018)", async () => {
    await deviceCode();
    const page = await userAtBrowser("NOTACODE1");
    expect(page.pageError).toMatch(/^AADSTS70018:/);
  });

  it("an unknown device code → bad_verification_code; a code past its lifetime → expired_token", async () => {
    expect(envelope((await poll("DAQABIQEAAABnot-a-code")).body)).toEqual({
      error: "bad_verification_code",
      code: 70018,
      hasEnvelope: true,
    });
    const { body: codes } = await deviceCode();
    emu.ctx.clock.advance(901);
    expect(envelope((await poll(codes.device_code)).body)).toEqual({
      error: "expired_token",
      code: 70019,
      hasEnvelope: true,
    });
  });

  it("declining consent → authorization_declined", async () => {
    const { body: codes } = await deviceCode();
    expect((await userAtBrowser(codes.user_code, { consent: "decline" })).deviceOutcome).toBe("declined");
    expect(envelope((await poll(codes.device_code)).body)).toMatchObject({
      error: "authorization_declined",
      code: 65004,
    });
  });

  it("a confidential client must authenticate its polls (AADSTS7000218); /devicecode checks client and scope", async () => {
    const { body: codes } = await deviceCode(IDS.frontend, "openid User.Read");
    expect(envelope((await poll(codes.device_code, IDS.frontend)).body)).toMatchObject({
      error: "invalid_client",
      code: 7000218,
    });
    expect(envelope((await deviceCode("00000000-0000-4000-8000-000000000000")).body)).toMatchObject({
      error: "unauthorized_client",
      code: 700016,
    });
    expect(envelope((await deviceCode(CLI, "User.Readd")).body)).toMatchObject({ error: "invalid_scope", code: 70011 });
  });

  it("discovery advertises the endpoint it serves", async () => {
    const config = (await (await fetch(`${emu.url}/${IDS.tenant}/v2.0/.well-known/openid-configuration`)).json()) as {
      device_authorization_endpoint: string;
    };
    const res = await fetch(config.device_authorization_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `client_id=${CLI}&scope=User.Read`,
    });
    expect(res.status).toBe(200);
  });
});

describe.skipIf(!hasPythonMsal)(`${PYTHON_MSAL}: device flow`, () => {
  it("initiate_device_flow, the user signs in, acquire_token_by_device_flow", async () => {
    let browser: Promise<AuthorizeResult> | undefined;
    const lines = await runPythonMsal(
      { command: "device_flow", ...pythonAuthority(emu), client_id: CLI, scopes: ["User.Read"] },
      (line) => {
        if (line.flow?.user_code) browser = userAtBrowser(line.flow.user_code);
      },
    );
    expect((await browser!).deviceOutcome).toBe("approved");
    const result = lines[1];
    expect(result.error_description).toBeUndefined();
    expect(result.id_token_claims.preferred_username).toBe(USERS.adele);
    const scopes = String(result.scope).split(" ");
    expect(scopes.length).toBe(new Set(scopes).size);
  }, 30_000);
});
