import { BrowserAuthError, ServerError } from "@azure/msal-browser";
import { describe, expect, it } from "vitest";
import { APP_ERROR_CODES, statusOf, wireNameOf } from "@/lib/errors";
import { claimsFromChallenge, diagnosisOf, explainMsalError, readApiError } from "./api";

const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["p1"]}}}';
const B64 = Buffer.from(CLAIMS).toString("base64");

describe("reading the API's errors in the SPA", () => {
  it("decodes a claims challenge from WWW-Authenticate", () => {
    expect(claimsFromChallenge(`Bearer error="insufficient_claims", claims="${B64}"`)).toBe(CLAIMS);
    expect(claimsFromChallenge(`Bearer error="invalid_token"`)).toBeUndefined();
    expect(claimsFromChallenge(`Bearer error="insufficient_claims", claims="bm90IGpzb24="`)).toBeUndefined();
  });

  it("401 insufficient_claims → a token with those claims", () => {
    expect(
      readApiError(401, `Bearer error="insufficient_claims", claims="${B64}"`, {
        error: "insufficient_claims",
        claims: CLAIMS,
      }),
    ).toEqual({ kind: "claims", claims: CLAIMS });
    expect(readApiError(401, null, { error: "insufficient_claims", claims: CLAIMS })).toEqual({
      kind: "claims",
      claims: CLAIMS,
    });
  });

  it("403 consent_required → the consent link the API gave, same-origin only", () => {
    const consent = readApiError(403, null, {
      error: "consent_required",
      message: "m",
      reauthUrl: "/auth/consent?returnTo=%2Fprofile",
    });
    expect(consent).toEqual({
      kind: "problem",
      problem: { code: "ERR_OBO_CONSENT_REQUIRED", message: "m", actionUrl: "/auth/consent?returnTo=%2Fprofile" },
    });
    const offsite = readApiError(403, null, { error: "consent_required", message: "m", reauthUrl: "//evil.example/x" });
    expect(offsite.kind === "problem" && offsite.problem.actionUrl).toBeUndefined();
  });

  it("reads every error the server can send back into the server's own code (lib/errors, not a second table)", () => {
    const renewedByToken = ["ERR_UNAUTHENTICATED", "ERR_INVALID_TOKEN", "ERR_INTERACTION_REQUIRED"];
    for (const code of APP_ERROR_CODES) {
      const outcome = readApiError(statusOf(code), null, { error: wireNameOf(code), message: "m" });
      if (outcome.kind === "problem") expect(outcome.problem.code, code).toBe(code);
      else expect(renewedByToken, code).toContain(code);
    }
  });

  it("401 invalid token → a fresh token; anything else → a problem with the API's message", () => {
    expect(readApiError(401, `Bearer error="invalid_token"`, { error: "invalid_token" })).toEqual({ kind: "token" });
    expect(
      readApiError(401, `Bearer error="invalid_token", error_description="interaction_required"`, {
        error: "interaction_required",
      }),
    ).toEqual({ kind: "token" });
    expect(readApiError(503, null, { error: "graph_throttled", message: "busy" })).toEqual({
      kind: "problem",
      problem: { code: "ERR_GRAPH_THROTTLED", message: "busy" },
    });
    expect(readApiError(500, null, undefined)).toMatchObject({ kind: "problem", problem: { code: "ERR_UNEXPECTED" } });
  });
});

describe("explaining failures in the SPA (lib/diagnose)", () => {
  const facts = {
    instance: "https://localhost:8443",
    tenantId: "0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23",
    frontendClientId: "3f6d2a4b-8c1e-4f7a-a5d9-0b2c4e6f8a11",
    backendClientId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
    backendAppIdUri: "api://9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
    backendScope: "access_as_user",
  };
  const diagnosis = {
    code: "AADSTS65001",
    aadsts: 65001,
    flow: "obo",
    title: "The backend has no consent to call Microsoft Graph for this user",
    happened: "h",
    cause: "… api.knownClientApplications …",
    fix: "f",
    suberror: "consent_required",
    evidence: { aud: facts.backendAppIdUri, scp: "access_as_user", roles: ["r", 1], exp: 1, name: "Adele Vance" },
    reference: "https://login.microsoftonline.com/error?code=65001",
  };

  it("an API error body's diagnosis reaches the problem the shared ProblemNotice shows", () => {
    const outcome = readApiError(403, null, {
      error: "consent_required",
      message: "m",
      reauthUrl: "/auth/consent",
      diagnosis,
    });
    expect(outcome.kind === "problem" && outcome.problem.diagnosis).toMatchObject({
      code: "AADSTS65001",
      cause: diagnosis.cause,
      evidence: { aud: facts.backendAppIdUri, roles: ["r"], exp: 1 },
    });
  });

  it("keeps only the known fields: no other claims, no foreign reference link, nothing without the text fields", () => {
    const d = diagnosisOf({ ...diagnosis, reference: "https://evil.example/x", extra: "x" })!;
    expect(d.evidence).not.toHaveProperty("name");
    expect(d).not.toHaveProperty("reference");
    expect(d).not.toHaveProperty("extra");
    expect(diagnosisOf({ code: "AADSTS1" })).toBeUndefined();
    expect(diagnosisOf("AADSTS65001")).toBeUndefined();
  });

  it("an msal-browser ServerError with an AADSTS code is explained for its flow", () => {
    const err = new ServerError(
      "login_required",
      "correlation-id",
      "AADSTS50058: A silent sign-in request was sent but no user is signed in.",
    );
    expect(explainMsalError(err, "silent-sign-in", facts)).toMatchObject({
      code: "AADSTS50058",
      flow: "silent-sign-in",
      title: "Silent sign-in found no signed-in user",
    });
    const declined = new ServerError(
      "access_denied",
      "correlation-id",
      "User declined to consent to access the app.",
      "",
      "65004",
    );
    expect(explainMsalError(declined, "sign-in", facts)).toMatchObject({
      code: "AADSTS65004",
      title: "The user declined consent",
    });
  });

  it("MSAL's own browser errors are not Entra's and get no diagnosis", () => {
    expect(
      explainMsalError(new BrowserAuthError("interaction_in_progress", "correlation-id"), "sign-in", facts),
    ).toBeUndefined();
    expect(explainMsalError(new Error("x"), "sign-in", facts)).toBeUndefined();
    expect(
      explainMsalError(new ServerError("login_required", "correlation-id", "AADSTS50058: x"), "sign-in", undefined),
    ).toBeUndefined();
  });
});
