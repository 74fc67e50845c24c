// The doctor reads the registrations and says which access token version the backend issues, and warns
// (without failing) when the optional claims the app uses are not configured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorFile } from "../emulator/config.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import { IDS, startTestEmulator } from "../emulator/test/harness.ts";
import { parseConfig } from "@/lib/config";
import { runDoctor, type Finding } from "@/lib/diagnose/doctor";

function doctorAgainst(edit?: (f: EmulatorFile) => void): () => Promise<Finding[]> {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator(edit);
  });
  afterAll(() => emu?.close());
  return () => runDoctor(parseConfig({ EMULATOR_PORT: new URL(emu.url).port }));
}
const byId = (findings: Finding[], id: string) => findings.find((f) => f.id === id);

describe("the tenant file as shipped", () => {
  const run = doctorAgainst();

  it("v2 tokens, login_hint and idtyp configured", async () => {
    const findings = await run();
    expect(byId(findings, "token-version")).toMatchObject({
      status: "ok",
      detail: expect.stringContaining("v2 (api.requestedAccessTokenVersion 2)"),
    });
    expect(byId(findings, "optional-claim-login-hint")?.status).toBe("ok");
    expect(byId(findings, "optional-claim-idtyp")?.status).toBe("ok");
  });
});

describe("a backend left at v1 and registrations without optional claims", () => {
  const run = doctorAgainst((f) => {
    for (const a of f.applications) {
      a.optionalClaims = {
        idToken: [],
        accessToken:
          a.appId === IDS.graph ? [{ name: "xms_cc", source: null, essential: false, additionalProperties: [] }] : [],
        saml2Token: [],
      };
      if (a.appId === IDS.backend) a.api = { ...a.api!, requestedAccessTokenVersion: null };
    }
  });

  it("says the backend issues v1 tokens (accepted), and warns about each missing optional claim", async () => {
    const findings = await run();
    expect(byId(findings, "token-version")).toMatchObject({
      status: "ok",
      detail: expect.stringContaining(
        "v1 (api.requestedAccessTokenVersion null, Entra's default): issuer https://sts.windows.net/<tenant>/",
      ),
    });
    expect(byId(findings, "token-version")?.fix).toContain('"api": { "requestedAccessTokenVersion": 2 }');
    expect(byId(findings, "optional-claim-login-hint")).toMatchObject({
      status: "warning",
      fix: expect.stringContaining("Token configuration → Add optional claim → ID → login_hint"),
    });
    expect(byId(findings, "optional-claim-idtyp")).toMatchObject({
      status: "warning",
      fix: expect.stringContaining("Add optional claim → Access → idtyp"),
    });
    // Warnings only: the backend credential and scope checks still pass, nothing here is an error.
    expect(
      findings
        .filter((f) => f.id.startsWith("optional-claim") || f.id === "token-version")
        .every((f) => f.status !== "error"),
    ).toBe(true);
    expect(byId(findings, "backend-credential-1")?.status).toBe("ok");
  });
});
