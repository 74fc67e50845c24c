// Certificate client assertions as other clients write them: thumbprint encodings (Python MSAL pads its
// base64url x5t; Microsoft's examples use padded base64), audiences (openid-client), and Python MSAL's
// instance discovery, which drops the authority's port.
import { createHash, createPrivateKey, randomUUID } from "node:crypto";
import { decodeJwt, SignJWT } from "jose";
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import { ensureClientCertificate, thumbprints } from "../pki.ts";
import type { RunningEmulator } from "../server.ts";
import { envelope, postToken } from "./browser.ts";
import { IDS } from "./harness.ts";
import { hasPythonMsal, PYTHON_MSAL, pythonAuthority, runPythonMsal } from "./python-msal.ts";
import { useTestEmulator } from "./use-emulator.ts";

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

const SCOPE = `api://${IDS.backend}/.default`;
const service = () => ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, "service");
const tokenEndpoint = () => `${emu.url}/${IDS.tenant}/oauth2/v2.0/token`;

/** The thumbprint of the service certificate, in each encoding a client may use. */
function encodings(kind: "sha1" | "sha256"): Record<string, string> {
  const der = thumbprints(service().certPem).der;
  const digest = createHash(kind).update(der).digest();
  const b64 = digest.toString("base64");
  return {
    base64url: digest.toString("base64url"),
    "base64url, padded": b64.replace(/\+/g, "-").replace(/\//g, "_"),
    "base64, padded": b64,
    base64: b64.replace(/=+$/, ""),
  };
}

async function assertion(header: Record<string, string>, aud: string | string[] = tokenEndpoint()): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ aud, iss: IDS.service, sub: IDS.service, jti: randomUUID(), nbf: now, exp: now + 600 })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", ...header })
    .sign(createPrivateKey(service().keyPem));
}

const clientCredentials = (jwt: string) =>
  postToken(emu, {
    grant_type: "client_credentials",
    client_id: IDS.service,
    scope: SCOPE,
    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    client_assertion: jwt,
  });

describe("certificate thumbprints in the assertion header", () => {
  for (const [kind, name] of [
    ["sha1", "x5t"],
    ["sha256", "x5t#S256"],
  ] as const) {
    for (const [encoding, value] of Object.entries(encodings(kind))) {
      it(`${name} as ${encoding} is the certificate's`, async () => {
        const { status, body } = await clientCredentials(await assertion({ [name]: value }));
        expect(status, JSON.stringify(body)).toBe(200);
        expect(decodeJwt(body.access_token)).toMatchObject({ azp: IDS.service, azpacr: "2", roles: ["service-api"] });
      });
    }
  }

  it("a thumbprint of another certificate → invalid_client AADSTS700027", async () => {
    const other = thumbprints(ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, "backend").certPem);
    const { body } = await clientCredentials(
      await assertion({ x5t: `${Buffer.from(other.x5t, "base64url").toString("base64")}` }),
    );
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 700027, hasEnvelope: true });
  });
});

describe("assertion audience", () => {
  const x5t = () => encodings("sha1").base64url;

  it("one audience in an array is the token endpoint", async () => {
    const { status } = await clientCredentials(await assertion({ x5t: x5t() }, [tokenEndpoint()]));
    expect(status).toBe(200);
  });

  it("two audiences → invalid_client AADSTS5002741", async () => {
    const { status, body } = await clientCredentials(
      await assertion({ x5t: x5t() }, [tokenEndpoint(), `${emu.url}/${IDS.tenant}/v2.0`]),
    );
    expect(status).toBe(401);
    expect(envelope(body)).toEqual({ error: "invalid_client", code: 5002741, hasEnvelope: true });
  });

  it("openid-client (private_key_jwt) with two audiences is refused, with the token endpoint alone accepted", async () => {
    const key = createPrivateKey(service().keyPem);
    const cryptoKey = await crypto.subtle.importKey(
      "pkcs8",
      key.export({ format: "der", type: "pkcs8" }),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const grant = async (aud: string | string[]) => {
      const auth = oidc.PrivateKeyJwt(cryptoKey, {
        [oidc.modifyAssertion]: (header: Record<string, unknown>, payload: Record<string, unknown>) => {
          header.x5t = x5t();
          payload.aud = aud;
        },
      });
      const config = await oidc.discovery(new URL(`${emu.url}/${IDS.tenant}/v2.0`), IDS.service, undefined, auth);
      return oidc.clientCredentialsGrant(config, { scope: SCOPE });
    };
    expect(decodeJwt((await grant(tokenEndpoint())).access_token).azpacr).toBe("2");
    const err = await grant([tokenEndpoint(), `${emu.url}/${IDS.tenant}/v2.0`]).then(
      () => undefined,
      (e: unknown) => e as { error?: string; error_description?: string },
    );
    expect(err?.error).toBe("invalid_client");
    expect(err?.error_description).toMatch(/^AADSTS5002741:/);
  });
});

describe("instance discovery", () => {
  it("answers for the emulator's host when the client drops the port", async () => {
    const endpoint = encodeURIComponent(`https://localhost/${IDS.tenant}/oauth2/v2.0/authorize`);
    const res = await fetch(`${emu.url}/common/discovery/instance?api-version=1.0&authorization_endpoint=${endpoint}`);
    const body = (await res.json()) as Record<string, any>;
    expect(res.status).toBe(200);
    expect(body.tenant_discovery_endpoint).toBe(`${emu.url}/${IDS.tenant}/v2.0/.well-known/openid-configuration`);
    expect(body.metadata[0].aliases).toContain(emu.ctx.host);
  });

  it("another host is still unknown whatever the port", async () => {
    const endpoint = encodeURIComponent(
      `https://login.example.com:${new URL(emu.url).port}/${IDS.tenant}/oauth2/v2.0/authorize`,
    );
    const res = await fetch(`${emu.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=${endpoint}`);
    expect(envelope((await res.json()) as Record<string, any>)).toMatchObject({
      error: "invalid_instance",
      code: 50049,
    });
  });
});

describe.skipIf(!hasPythonMsal)(`${PYTHON_MSAL}: certificate credentials`, () => {
  const credential = () => ({
    private_key: service().keyPem,
    thumbprint: createHash("sha1").update(thumbprints(service().certPem).der).digest("hex"),
  });

  it("client credentials with a certificate (padded x5t) and the custom authority's instance discovery", async () => {
    const [result] = await runPythonMsal({
      command: "client_credentials",
      ...pythonAuthority(emu),
      client_id: IDS.service,
      ...credential(),
      scopes: [SCOPE],
    });
    expect(result.error_description).toBeUndefined();
    expect(decodeJwt(result.access_token)).toMatchObject({
      aud: IDS.backend,
      azp: IDS.service,
      azpacr: "2",
      roles: ["service-api"],
    });
  });
});
