import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDS, startTestEmulator } from "./harness.ts";
import { envelope } from "./browser.ts";
import type { RunningEmulator } from "../server.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());

const get = async (path: string) => {
  const res = await fetch(`${emu.url}${path}`);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
};

describe("OIDC discovery", () => {
  it("tenant GUID: concrete issuer and endpoints, CORS *", async () => {
    const { status, body, headers } = await get(`/${IDS.tenant}/v2.0/.well-known/openid-configuration?appid=x`);
    expect(status).toBe(200);
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(body.issuer).toBe(`https://${emu.ctx.host}/${IDS.tenant}/v2.0`);
    expect(body.authorization_endpoint).toBe(`https://${emu.ctx.host}/${IDS.tenant}/oauth2/v2.0/authorize`);
    expect(body.token_endpoint).toBe(`https://${emu.ctx.host}/${IDS.tenant}/oauth2/v2.0/token`);
    expect(body.end_session_endpoint).toBe(`https://${emu.ctx.host}/${IDS.tenant}/oauth2/v2.0/logout`);
    expect(body.jwks_uri).toBe(`https://${emu.ctx.host}/${IDS.tenant}/discovery/v2.0/keys`);
    expect(body.userinfo_endpoint).toBe(`${emu.ctx.graphBaseUrl}/oidc/userinfo`);
    expect(body.token_endpoint_auth_methods_supported).toEqual([
      "client_secret_post",
      "private_key_jwt",
      "client_secret_basic",
    ]);
    expect(body.subject_types_supported).toEqual(["pairwise"]);
    expect(body.request_uri_parameter_supported).toBe(false);
  });

  it("verified domain resolves to the tenant GUID", async () => {
    const { body } = await get(`/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    expect(body.issuer).toBe(`https://${emu.ctx.host}/${IDS.tenant}/v2.0`);
  });

  it("common and organizations: templated issuer, segment kept in endpoints", async () => {
    for (const t of ["common", "organizations"]) {
      const { body } = await get(`/${t}/v2.0/.well-known/openid-configuration`);
      expect(body.issuer).toBe(`https://${emu.ctx.host}/{tenantid}/v2.0`);
      expect(body.token_endpoint).toBe(`https://${emu.ctx.host}/${t}/oauth2/v2.0/token`);
      expect(body.tenant_region_scope).toBeNull();
    }
  });

  it("unknown tenant → AADSTS90002 envelope", async () => {
    const { status, body } = await get(`/nope.example/v2.0/.well-known/openid-configuration`);
    expect(status).toBe(400);
    expect(envelope(body)).toEqual({ error: "invalid_request", code: 90002, hasEnvelope: true });
  });
});

describe("instance discovery", () => {
  it("lists the emulator host as an alias", async () => {
    const endpoint = encodeURIComponent(`https://${emu.ctx.host}/${IDS.tenant}/oauth2/v2.0/authorize`);
    const { status, body } = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${endpoint}`);
    expect(status).toBe(200);
    expect(body.tenant_discovery_endpoint).toBe(
      `https://${emu.ctx.host}/${IDS.tenant}/v2.0/.well-known/openid-configuration`,
    );
    expect(body.metadata[0].aliases).toContain(emu.ctx.host);
  });

  it("unknown host → invalid_instance AADSTS50049", async () => {
    const endpoint = encodeURIComponent(`https://login.example.com/${IDS.tenant}/oauth2/v2.0/authorize`);
    const { status, body } = await get(`/common/discovery/instance?api-version=1.1&authorization_endpoint=${endpoint}`);
    expect(status).toBe(400);
    expect(envelope(body)).toEqual({ error: "invalid_instance", code: 50049, hasEnvelope: true });
  });
});

describe("JWKS", () => {
  it("publishes at least two RSA keys with kid == x5t and the issuer", async () => {
    const { body, headers } = await get(`/${IDS.tenant}/discovery/v2.0/keys`);
    expect(headers.get("access-control-allow-origin")).toBe("*");
    expect(body.keys.length).toBeGreaterThanOrEqual(2);
    for (const k of body.keys) {
      expect(k).toMatchObject({
        kty: "RSA",
        use: "sig",
        e: "AQAB",
        issuer: `https://${emu.ctx.host}/${IDS.tenant}/v2.0`,
      });
      expect(k.kid).toBe(k.x5t);
    }
    const common = await get(`/common/discovery/keys`);
    expect(common.body.keys[0].issuer).toBe(`https://${emu.ctx.host}/{tenantid}/v2.0`);
  });
});

describe("pages", () => {
  it("GET / describes the emulator and /error explains a code", async () => {
    const home = await (await fetch(`${emu.url}/`)).text();
    expect(home).toContain(IDS.tenant);
    expect(home).toContain("adele@contoso.onmicrosoft.com");
    const err = await (await fetch(`${emu.url}/error?code=65001`)).text();
    expect(err).toContain("AADSTS65001");
  });
});

describe("forced failures of discovery and JWKS (/_admin/faults)", () => {
  const fault = (body: Record<string, unknown>) =>
    fetch(`${emu.url}/_admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const discovery = `/${IDS.tenant}/v2.0/.well-known/openid-configuration`;
  const keys = `/${IDS.tenant}/discovery/v2.0/keys`;

  it("discovery: the next call answers the forced status, the one after it the document", async () => {
    expect((await fault({ target: "discovery", status: 503, retryAfterSeconds: 7 })).status).toBe(201);
    const failed = await get(discovery);
    expect(failed.status).toBe(503);
    expect(failed.headers.get("retry-after")).toBe("7");
    expect(envelope(failed.body).hasEnvelope).toBe(true);
    expect((await get(discovery)).status).toBe(200);
  });

  it("jwks: a fault without a status answers 503; count applies", async () => {
    await fault({ target: "jwks", count: 2 });
    expect((await get(keys)).status).toBe(503);
    expect((await get(keys)).status).toBe(503);
    const ok = await get(keys);
    expect(ok.status).toBe(200);
    expect(ok.body.keys.length).toBeGreaterThan(0);
  });

  it("a JWKS fault does not touch discovery, nor the other way round", async () => {
    await fault({ target: "jwks", status: 500 });
    expect((await get(discovery)).status).toBe(200);
    expect((await get(keys)).status).toBe(500);
  });
});
