// Microsoft Graph's published permission list (emulator/graph-permissions.json): a real permission the
// user has not consented to is consent_required (AADSTS65001), a made-up one an invalid scope (AADSTS70011),
// through msal-node's and Python MSAL's on-behalf-of with the backend's certificate.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfidentialClientApplication, InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { graphPermissions } from "../graph-catalogue.ts";
import { ensureClientCertificate, thumbprints } from "../pki.ts";
import type { RunningEmulator } from "../server.ts";
import { authCodeWithPkce, redeemCode, USERS } from "./browser.ts";
import { APP, IDS, readTenantFile, SECRETS } from "./harness.ts";
import { hasPythonMsal, PYTHON_MSAL, pythonAuthority, runPythonMsal } from "./python-msal.ts";
import { useTestEmulator } from "./use-emulator.ts";

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

const backendCert = () => ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, "backend");

async function userAssertion(): Promise<string> {
  const { code, verifier } = await authCodeWithPkce({
    emulator: emu,
    clientId: IDS.frontend,
    redirectUri: APP.web,
    scopes: [...APP.scopes],
    username: USERS.adele,
  });
  const { body } = await redeemCode(emu, {
    clientId: IDS.frontend,
    code,
    verifier,
    redirectUri: APP.web,
    scopes: [...APP.scopes],
    clientSecret: SECRETS.frontend,
  });
  return body.access_token as string;
}

function backend() {
  const { certPem, keyPem } = backendCert();
  const thumbprintSha256 = createHash("sha256").update(thumbprints(certPem).der).digest("hex");
  return new ConfidentialClientApplication({
    auth: {
      clientId: IDS.backend,
      authority: `${emu.url}/${IDS.tenant}`,
      knownAuthorities: [emu.ctx.host],
      clientCertificate: { thumbprintSha256, privateKey: keyPem },
    },
  });
}

async function rejection(p: Promise<unknown>): Promise<any> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (err: unknown) => err,
  );
}

describe("the permission list", () => {
  it("names, ids, kinds, admin-consent flags and display text, with its source; the tenant file's Graph ids agree", () => {
    const file = JSON.parse(readFileSync("emulator/graph-permissions.json", "utf8")) as {
      source: string;
      commit: string;
    };
    expect(file.source).toMatch(/oauth2PermissionScopes.*appRoles/);
    const all = graphPermissions();
    expect(all.length).toBeGreaterThan(1000);
    expect(new Set(all.map((p) => `${p.type}:${p.name.toLowerCase()}`)).size).toBe(all.length);
    const byKey = new Map(all.map((p) => [`${p.type}:${p.name}`, p]));
    expect(byKey.get("Scope:Mail.Read")).toEqual({
      name: "Mail.Read",
      id: "570282fd-fa5c-430d-a7fd-fc8dc98a9dca",
      type: "Scope",
      adminConsentRequired: false,
      displayText: "Read user mail",
    });
    const graph = readTenantFile().applications.find((a) => a.appId === IDS.graph)!;
    for (const s of graph.api!.oauth2PermissionScopes!) expect(byKey.get(`Scope:${s.value}`)?.id, s.value).toBe(s.id);
    for (const r of graph.appRoles!) expect(byKey.get(`Role:${r.value}`)?.id, r.value).toBe(r.id);
  });
});

describe("msal-node on-behalf-of for Graph permissions beyond the tenant file's", () => {
  it("Mail.Read (real, not consented) → InteractionRequiredAuthError consent_required AADSTS65001", async () => {
    const err = await rejection(
      backend().acquireTokenOnBehalfOf({
        oboAssertion: await userAssertion(),
        scopes: ["https://graph.microsoft.com/Mail.Read"],
      }),
    );
    expect(err).toBeInstanceOf(InteractionRequiredAuthError);
    expect(err.subError).toBe("consent_required");
    expect(Number(err.errorNo)).toBe(65001);
  });

  it("Mail.Readd (made up) → invalid_scope AADSTS70011", async () => {
    const err = await rejection(
      backend().acquireTokenOnBehalfOf({
        oboAssertion: await userAssertion(),
        scopes: ["https://graph.microsoft.com/Mail.Readd"],
      }),
    );
    expect(err).toBeInstanceOf(ServerError);
    expect(err.errorCode).toBe("invalid_scope");
    expect(Number(err.errorNo)).toBe(70011);
  });

  it("an admin's tenant-wide consent to Mail.Read makes the same call succeed", async () => {
    await fetch(`${emu.url}/_admin/grants`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        clientAppId: IDS.backend,
        resourceAppId: IDS.graph,
        consentType: "AllPrincipals",
        scope: "Mail.Read",
      }),
    });
    const result = await backend().acquireTokenOnBehalfOf({
      oboAssertion: await userAssertion(),
      scopes: ["https://graph.microsoft.com/Mail.Read"],
    });
    expect(String(decodeJwt(result!.accessToken).scp).split(" ")).toContain("Mail.Read");
  });
});

describe.skipIf(!hasPythonMsal)(`${PYTHON_MSAL}: on-behalf-of with the backend's certificate`, () => {
  const request = async (scopes: string[]) => {
    const { certPem, keyPem } = backendCert();
    const [result] = await runPythonMsal({
      command: "on_behalf_of",
      ...pythonAuthority(emu),
      client_id: IDS.backend,
      private_key: keyPem,
      thumbprint: createHash("sha1").update(thumbprints(certPem).der).digest("hex"),
      assertion: await userAssertion(),
      scopes,
    });
    return result;
  };

  it("User.Read: a Graph token for the user, the backend authenticated by certificate", async () => {
    const result = await request(["https://graph.microsoft.com/User.Read"]);
    expect(result.error_description).toBeUndefined();
    expect(decodeJwt(result.access_token)).toMatchObject({
      aud: "https://graph.microsoft.com",
      appid: IDS.backend,
      appidacr: "2",
      upn: USERS.adele,
    });
  });

  it("Mail.Read without consent → consent_required AADSTS65001", async () => {
    const result = await request(["https://graph.microsoft.com/Mail.Read"]);
    expect(result).toMatchObject({ error: "invalid_grant", suberror: "consent_required", error_codes: [65001] });
  });
});
