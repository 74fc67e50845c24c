// `npm run doctor` against the emulator: a healthy configuration passes; a tenant with the wiring broken
// (knownClientApplications removed, SPA redirect missing, wrong App ID URI) fails naming each.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { IDS, startTestEmulator } from "../emulator/test/harness.ts";
import { parseConfig } from "@/lib/config";
import { CHECKS, exitCodeOf, runDoctor, type Finding } from "@/lib/diagnose/doctor";
import { PASSING_AS_SHIPPED } from "./support/passing-checks.ts";
import { TENANT_ENV } from "./support/tenant-env.ts";

const envFor = (emu: RunningEmulator, extra: Record<string, string> = {}) => ({
  EMULATOR_PORT: new URL(emu.url).port,
  ...extra,
});
const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);
/** The CLI as `npm run doctor` runs it; async, so this process's in-process emulator keeps answering. */
function runCli(emu: RunningEmulator): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/run-ts.mjs", "doctor/main.ts"], {
      env: { ...process.env, ...envFor(emu), NODE_EXTRA_CA_CERTS: "" },
    });
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.on("error", reject);
    child.on("exit", (status) => resolve({ status, stdout }));
  });
}
const errors = (findings: Finding[]) => findings.filter((f) => f.status === "error").map((f) => f.id);

describe("doctor against the emulator as shipped", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu?.close());

  it("every check passes, including the registrations read through Graph", async () => {
    const findings = await runDoctor(parseConfig(envFor(emu)));
    expect(errors(findings)).toEqual([]);
    expect(findings.filter((f) => f.status === "warning")).toEqual([]);
    for (const id of [...PASSING_AS_SHIPPED, "frontchannel-logout"]) expect(byId(findings, id)?.status, id).toBe("ok");
  });

  it("runs its named checks in the order a sign-in and an OBO depend on them, each finding from its check", async () => {
    expect(CHECKS.map((c) => c.name)).toEqual([
      "app-url",
      "discovery",
      "jwks",
      "credential-files",
      "backend-credentials",
      "frontend-scope",
      "registrations",
    ]);
    const findings = await runDoctor(parseConfig(envFor(emu)));
    const order = [
      "app-url",
      "discovery",
      "issuer",
      "jwks",
      "backend-credential-1",
      "app-id-uri",
      "backend-app-id-uri",
      "known-client",
      "token-version",
    ];
    const positions = order.map((id) => findings.findIndex((f) => f.id === id));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(positions),
    ).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("stops after discovery when the authority does not answer: nothing after it can be checked", async () => {
    const findings = await runDoctor(parseConfig(envFor(emu, { EMULATOR_PORT: "1" })));
    expect(findings.map((f) => f.id)).toEqual(["app-url", "discovery"]);
    expect(byId(findings, "discovery")).toMatchObject({ status: "error", detail: expect.stringContaining("failed") });
  });

  it("checks the certificate: thumbprint and expiry", async () => {
    const state = process.env.EMULATOR_STATE_DIR!;
    const findings = await runDoctor(
      parseConfig(
        envFor(emu, {
          ENTRA_BACKEND_CERTIFICATE_PATH: `${state}/certs/backend.crt`,
          ENTRA_BACKEND_PRIVATE_KEY_PATH: `${state}/certs/backend.key`,
        }),
      ),
    );
    expect(byId(findings, "certificate-1")).toMatchObject({
      status: "ok",
      detail: expect.stringMatching(/SHA-1 thumbprint [0-9A-F]{40}.*valid until \d{4}-/),
    });
    expect(byId(findings, "backend-credential-1")?.status).toBe("ok");
  });

  it("a wrong backend secret fails naming ENTRA_BACKEND_CLIENT_SECRET", async () => {
    const findings = await runDoctor(parseConfig(envFor(emu, { ENTRA_BACKEND_CLIENT_SECRET: "wrong-secret-value" })));
    expect(byId(findings, "backend-credential-1")).toMatchObject({
      status: "error",
      detail: expect.stringContaining("AADSTS7000215: ENTRA_BACKEND_CLIENT_SECRET"),
    });
    expect(exitCodeOf(findings)).toBe(1);
  });

  it("a wrong frontend secret fails naming ENTRA_FRONTEND_CLIENT_SECRET", async () => {
    const findings = await runDoctor(parseConfig(envFor(emu, { ENTRA_FRONTEND_CLIENT_SECRET: "wrong-secret-value" })));
    expect(byId(findings, "frontend-credential")).toMatchObject({
      status: "error",
      detail: expect.stringContaining("ENTRA_FRONTEND_CLIENT_SECRET"),
    });
  });

  it("`npm run doctor` exits 0 (scripts/run-ts.mjs trusts the emulator CA)", async () => {
    const run = await runCli(emu);
    expect(run.stdout).toContain("0 error(s)");
    expect(run.status).toBe(0);
  });
});

describe("doctor against a tenant with the wiring broken", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator((f) => {
      for (const a of f.applications) {
        if (a.appId === IDS.backend) {
          a.api = { ...a.api!, knownClientApplications: [] };
          a.identifierUris = ["api://dual-mode-backend"];
        }
        if (a.appId === IDS.frontend) {
          a.spa = { redirectUris: [] };
          a.web = { ...a.web!, logoutUrl: undefined };
        }
      }
    });
  });
  afterAll(() => emu?.close());

  it("fails naming knownClientApplications, the SPA redirect URI and the App ID URI", async () => {
    const findings = await runDoctor(parseConfig(envFor(emu)));
    expect(errors(findings)).toEqual(
      expect.arrayContaining(["app-id-uri", "backend-app-id-uri", "known-client", "spa-redirect"]),
    );
    expect(byId(findings, "known-client")?.fix).toContain(`"knownClientApplications": ["${IDS.frontend}"]`);
    expect(byId(findings, "spa-redirect")?.fix).toContain(
      "http://localhost:3000/spa-redirect under the frontend's Authentication → Single-page application platform",
    );
    expect(byId(findings, "backend-app-id-uri")?.detail).toContain("[api://dual-mode-backend]");
    expect(byId(findings, "backend-app-id-uri")?.fix).toContain("ENTRA_BACKEND_APP_ID_URI to api://dual-mode-backend");
    expect(byId(findings, "app-id-uri")?.detail).toContain("AADSTS500011");
    expect(byId(findings, "app-id-uri")?.fix).toContain("Set ENTRA_BACKEND_APP_ID_URI to api://dual-mode-backend");
    expect(byId(findings, "spa-redirect")?.detail).toContain("AADSTS50011");
    expect(byId(findings, "web-redirect")?.status).toBe("ok");
    expect(byId(findings, "frontchannel-logout")).toMatchObject({
      status: "warning",
      detail: expect.stringContaining("not set"),
      fix: expect.stringContaining("http://localhost:3000/auth/frontchannel-logout"),
    });
  });

  it("`npm run doctor` exits 1 and prints each failure", async () => {
    const run = await runCli(emu);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("[FAIL] knownClientApplications");
    expect(run.stdout).toContain("[FAIL] Frontend SPA redirect URI");
    expect(run.stdout).toContain("[FAIL] Backend App ID URI");
  });
});

describe("doctor: the app's URL and redirect URIs by Entra's rule", () => {
  const registrations = (web: string[], spa: string[], consent: string[]) => {
    const backend = {
      appId: IDS.backend,
      displayName: "api",
      identifierUris: [`api://${IDS.backend}`],
      api: { knownClientApplications: [IDS.frontend], oauth2PermissionScopes: [{ value: "access_as_user" }] },
      web: { redirectUris: consent },
    };
    const frontend = {
      appId: IDS.frontend,
      displayName: "web",
      identifierUris: [],
      web: { redirectUris: web },
      spa: { redirectUris: spa },
    };
    return { backend, frontend };
  };

  it("a loopback registration without a port covers the app on any local port; scheme, host and path stay exact", async () => {
    const { checkWiring } = await import("@/lib/diagnose/doctor");
    const config = parseConfig({});
    const { backend, frontend } = registrations(
      ["http://localhost/api/auth/callback/microsoft-entra-id"],
      ["http://localhost/spa-redirect"],
      ["http://localhost/auth/consent/callback"],
    );
    const on3201 = checkWiring(config, backend, frontend, "http://localhost:3201");
    for (const id of ["web-redirect", "spa-redirect", "consent-redirect"])
      expect(byId(on3201, id)?.status, id).toBe("ok");
    const onOtherHost = checkWiring(config, backend, frontend, "http://127.0.0.1:3201");
    expect(byId(onOtherHost, "web-redirect")?.status).toBe("error");
    expect(byId(onOtherHost, "spa-redirect")?.status).toBe("error");
  });

  it("a non-loopback registration matches its exact port only", async () => {
    const { checkWiring } = await import("@/lib/diagnose/doctor");
    const { backend, frontend } = registrations(
      ["https://app.example.com/api/auth/callback/microsoft-entra-id"],
      ["https://app.example.com/spa-redirect"],
      [],
    );
    expect(
      byId(checkWiring(parseConfig({}), backend, frontend, "https://app.example.com"), "web-redirect")?.status,
    ).toBe("ok");
    expect(
      byId(checkWiring(parseConfig({}), backend, frontend, "https://app.example.com:8443"), "web-redirect")?.status,
    ).toBe("error");
  });

  it("names a missing AUTH_URL with a real tenant as the cause of sign-in's 'Configuration' error", async () => {
    const { appUrlFinding } = await import("@/lib/diagnose/app-url");
    expect(appUrlFinding(parseConfig(TENANT_ENV))).toMatchObject({
      status: "warning",
      detail: expect.stringMatching(/AUTH_URL is not set.*error=Configuration \(UntrustedHost\)/),
      fix: expect.stringContaining("Set AUTH_URL"),
    });
    expect(appUrlFinding(parseConfig({ ...TENANT_ENV, AUTH_URL: "https://app.example.com" }))).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("AUTH_URL=https://app.example.com"),
    });
    expect(appUrlFinding(parseConfig({ PORT: "3201" }))).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("http://localhost:3201"),
    });
  });
});
