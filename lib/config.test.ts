import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureClientCertificate } from "../emulator/pki";
import { ConfigError, EMULATOR_DEFAULTS, parseConfig } from "./config";

const TENANT = {
  ENTRA_TENANT_ID: "11111111-2222-3333-4444-555555555555",
  ENTRA_FRONTEND_CLIENT_ID: "22222222-2222-3333-4444-555555555555",
  ENTRA_FRONTEND_CLIENT_SECRET: "frontend-secret",
  ENTRA_BACKEND_CLIENT_ID: "33333333-2222-3333-4444-555555555555",
  ENTRA_BACKEND_CLIENT_SECRET: "backend-secret",
  AUTH_SECRET: "x".repeat(40),
};

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration", () => {
  it("points at the local emulator when nothing is set", () => {
    const config = parseConfig({});
    expect(config.provider).toBe("emulator");
    expect(config.entra.authority).toBe(`https://localhost:8443/${EMULATOR_DEFAULTS.tenantId}`);
    expect(config.entra.knownAuthorities).toEqual(["localhost:8443"]);
    expect(config.entra.backend.appIdUri).toBe(`api://${EMULATOR_DEFAULTS.backendClientId}`);
    expect(config.downstream.graph.baseUrl).toBe("https://localhost:8443/graph/v1.0");
    expect(config.entra.backend.credentials).toEqual([
      { type: "secret", secret: EMULATOR_DEFAULTS.backendClientSecret },
    ]);
  });

  it("follows EMULATOR_PORT", () => {
    expect(parseConfig({ EMULATOR_PORT: "8444" }).entra.instance).toBe("https://localhost:8444");
  });

  it("configures a real tenant on Microsoft's cloud without knownAuthorities", () => {
    const config = parseConfig(TENANT);
    expect(config.provider).toBe("entra");
    expect(config.entra.authority).toBe(`https://login.microsoftonline.com/${TENANT.ENTRA_TENANT_ID}`);
    expect(config.entra.issuer).toBe(`https://login.microsoftonline.com/${TENANT.ENTRA_TENANT_ID}/v2.0`);
    expect(config.entra.knownAuthorities).toEqual([]);
    expect(config.downstream.graph.baseUrl).toBe("https://graph.microsoft.com/v1.0");
    expect(config.flags.overrideCookie).toBe(true);
    expect(
      parseConfig({ ...TENANT, NODE_ENV: "production", AUTH_URL: "https://app.example.com" }).flags.overrideCookie,
    ).toBe(false);
  });

  describe("the app's URL (AUTH_URL), never taken from a request", () => {
    it("with the emulator or outside production: the loopback URL of the port the app listens on", () => {
      expect(parseConfig({}).auth).toMatchObject({ url: "http://localhost:3000", trustProxyHeaders: false });
      expect(parseConfig({ PORT: "3201", NODE_ENV: "production" }).auth.url).toBe("http://localhost:3201");
      expect(parseConfig({ ...TENANT, PORT: "3001", NODE_ENV: "development" }).auth.url).toBe("http://localhost:3001");
    });

    it("AUTH_URL wins, as an origin", () => {
      expect(parseConfig({ ...TENANT, NODE_ENV: "production", AUTH_URL: "https://app.example.com/" }).auth.url).toBe(
        "https://app.example.com",
      );
      expect(parseConfig({ AUTH_URL: "http://localhost:3200", PORT: "9999" }).auth.url).toBe("http://localhost:3200");
    });

    it("a real tenant in production without AUTH_URL stops at start with one sentence naming AUTH_URL", () => {
      expect(problems({ ...TENANT, NODE_ENV: "production" })).toEqual([
        "AUTH_URL is required with a real tenant in production: set it to the app's public URL, the origin its redirect URIs are registered for (e.g. AUTH_URL=https://app.example.com).",
      ]);
    });

    it("TRUST_PROXY_HEADERS=on leaves the origin to the proxy's X-Forwarded-* headers (unless AUTH_URL is set)", () => {
      expect(parseConfig({ ...TENANT, NODE_ENV: "production", TRUST_PROXY_HEADERS: "on" }).auth).toMatchObject({
        url: undefined,
        trustProxyHeaders: true,
      });
      expect(
        parseConfig({
          ...TENANT,
          NODE_ENV: "production",
          TRUST_PROXY_HEADERS: "on",
          AUTH_URL: "https://app.example.com",
        }).auth.url,
      ).toBe("https://app.example.com");
    });

    it.each([
      ["https://app.example.com/app", /AUTH_URL must be the app's origin over http\(s\), with no path/],
      ["ftp://app.example.com", /AUTH_URL must be the app's origin over http\(s\)/],
      ["app.example.com", /AUTH_URL must be this app's public URL/],
    ])("refuses AUTH_URL=%s", (value, message) => {
      expect(problems({ ...TENANT, AUTH_URL: value })).toEqual([expect.stringMatching(message)]);
    });
  });

  it("names every missing variable of a real tenant with what it should look like", () => {
    const found = problems({ ENTRA_TENANT_ID: TENANT.ENTRA_TENANT_ID });
    expect(found).toEqual([
      expect.stringMatching(/^ENTRA_FRONTEND_CLIENT_ID is required: .*GUID/),
      expect.stringMatching(/^ENTRA_FRONTEND_CLIENT_SECRET is required/),
      expect.stringMatching(/^ENTRA_BACKEND_CLIENT_ID is required/),
      expect.stringMatching(/^AUTH_SECRET is required .*openssl rand/),
    ]);
  });

  it.each([
    ["ENTRA_TENANT_ID", "contoso", /ENTRA_TENANT_ID must be the directory \(tenant\) ID GUID/],
    ["ENTRA_INSTANCE", "http://login.microsoftonline.com", /ENTRA_INSTANCE must use https:\/\//],
    [
      "ENTRA_BACKEND_APP_ID_URI",
      "api://backend/",
      /ENTRA_BACKEND_APP_ID_URI must be the backend.s Application ID URI.*\(no trailing slash\)/,
    ],
    ["REDIS_URL", "localhost:6379", /REDIS_URL must look like redis:\/\//],
    ["SPA_PAGES", "Profile;groups", /SPA_PAGES must be '\*' or a comma-separated list/],
    ["AUTH_SECRET", "short", /AUTH_SECRET must be at least 32 characters/],
    ["TRUST_PROXY_HEADERS", "yes", /TRUST_PROXY_HEADERS must be 'on' or 'off'/],
    ["ENTRA_ALLOWED_TENANTS", "not-a-guid", /ENTRA_ALLOWED_TENANTS must be comma-separated tenant GUIDs; 'not-a-guid'/],
  ])("rejects a malformed %s", (name, value, message) => {
    expect(problems({ ...TENANT, [name]: value })).toEqual([expect.stringMatching(message)]);
  });

  it("bounds the OBO cache's L1 by OBO_CACHE_MAX_USERS and OBO_CACHE_MAX_MB (defaults: 100000 users, 256 MB)", () => {
    expect(parseConfig({}).oboCache).toEqual({ maxUsers: 100_000, maxBytes: 256 * 1024 * 1024 });
    expect(parseConfig({ ...TENANT, OBO_CACHE_MAX_USERS: "", OBO_CACHE_MAX_MB: "" }).oboCache).toEqual({
      maxUsers: 100_000,
      maxBytes: 256 * 1024 * 1024,
    });
    expect(parseConfig({ ...TENANT, OBO_CACHE_MAX_USERS: " 5000 ", OBO_CACHE_MAX_MB: "0.5" }).oboCache).toEqual({
      maxUsers: 5000,
      maxBytes: 512 * 1024,
    });
  });

  it.each([
    ["OBO_CACHE_MAX_USERS", "0", /OBO_CACHE_MAX_USERS must be a whole number of users from 1/],
    ["OBO_CACHE_MAX_USERS", "-5", /OBO_CACHE_MAX_USERS must be a whole number/],
    ["OBO_CACHE_MAX_USERS", "10k", /OBO_CACHE_MAX_USERS must be a whole number.*e\.g\. 100000/],
    ["OBO_CACHE_MAX_USERS", "1.5", /OBO_CACHE_MAX_USERS must be a whole number/],
    ["OBO_CACHE_MAX_MB", "256MB", /OBO_CACHE_MAX_MB must be a number of megabytes such as 256/],
    ["OBO_CACHE_MAX_MB", "-1", /OBO_CACHE_MAX_MB must be a number of megabytes/],
    ["OBO_CACHE_MAX_MB", "0", /OBO_CACHE_MAX_MB must be at least 0\.004/],
  ])("rejects %s=%s with a message naming it", (name, value, message) => {
    expect(problems({ ...TENANT, [name]: value })).toEqual([expect.stringMatching(message)]);
    expect(problems({ [name]: value })).toEqual([expect.stringMatching(message)]); // emulator mode too
  });

  it("requires a backend credential", () => {
    const { ENTRA_BACKEND_CLIENT_SECRET: _, ...withoutSecret } = TENANT;
    expect(problems(withoutSecret)).toEqual([expect.stringMatching(/backend needs a credential/)]);
  });

  it("reads a backend certificate from a PEM file, or from base64, before the secret", () => {
    const cert = ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, "backend");
    const bundle = join(mkdtempSync(join(tmpdir(), "cfg-")), "backend.pem");
    writeFileSync(bundle, cert.certPem + cert.keyPem);
    const fromFile = parseConfig({ ...TENANT, ENTRA_BACKEND_CERTIFICATE_PATH: bundle });
    expect(fromFile.entra.backend.credentials.map((c) => c.type)).toEqual(["certificate", "secret"]);
    const fromBase64 = parseConfig({
      ...TENANT,
      ENTRA_BACKEND_CLIENT_SECRET: "",
      ENTRA_BACKEND_CERTIFICATE_BASE64: Buffer.from(readFileSync(bundle)).toString("base64"),
    });
    expect(fromBase64.entra.backend.credentials).toEqual([
      { type: "certificate", certificatePem: cert.certPem.trim(), privateKeyPem: cert.keyPem.trim() },
    ]);
  });

  it("puts a federated token file (workload identity) first, and names an unreadable one", () => {
    const file = join(mkdtempSync(join(tmpdir(), "cfg-")), "token");
    writeFileSync(file, "eyJ.workload.token\n");
    expect(parseConfig({ ...TENANT, ENTRA_BACKEND_FEDERATED_TOKEN_FILE: file }).entra.backend.credentials).toEqual([
      { type: "federated", tokenFile: file },
      { type: "secret", secret: TENANT.ENTRA_BACKEND_CLIENT_SECRET },
    ]);
    expect(problems({ ...TENANT, ENTRA_BACKEND_FEDERATED_TOKEN_FILE: "/nonexistent/token" })).toEqual([
      expect.stringMatching(
        /ENTRA_BACKEND_FEDERATED_TOKEN_FILE points at '\/nonexistent\/token', which cannot be read/,
      ),
    ]);
  });

  it("takes a user-assigned managed identity of the host as a credential, by its client id", () => {
    const user = "4e2b9c71-5a3d-4f6e-8b1c-2d7e9f0a6c55";
    expect(
      parseConfig({ ...TENANT, ENTRA_BACKEND_MANAGED_IDENTITY: user.toUpperCase() }).entra.backend.credentials[0],
    ).toEqual({ type: "managed-identity", clientId: user });
  });

  it("refuses a system-assigned identity (Entra does not take one as an app's federated credential)", () => {
    expect(problems({ ...TENANT, ENTRA_BACKEND_MANAGED_IDENTITY: "system" })).toEqual([
      expect.stringMatching(/cannot be 'system': Entra accepts only a user-assigned managed identity/),
    ]);
    expect(problems({ ...TENANT, ENTRA_BACKEND_MANAGED_IDENTITY: "my-identity" })).toEqual([
      expect.stringMatching(/must be the client id GUID of a user-assigned managed identity/),
    ]);
  });

  it("explains an unreadable or incomplete certificate", () => {
    expect(problems({ ...TENANT, ENTRA_BACKEND_CERTIFICATE_PATH: "/nonexistent.pem" })).toEqual([
      expect.stringMatching(/cannot be read: give the path of a PEM file/),
    ]);
    const cert = ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, "backend");
    expect(
      problems({ ...TENANT, ENTRA_BACKEND_CERTIFICATE_BASE64: Buffer.from(cert.certPem).toString("base64") }),
    ).toEqual([expect.stringMatching(/lacks '-----BEGIN PRIVATE KEY-----'/)]);
  });
});
