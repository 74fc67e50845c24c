import { describe, expect, it } from "vitest";
import { claimsFromChallenge, readApiError } from "./api";

const CLAIMS = '{"access_token":{"capolids":{"essential":true,"values":["p1"]}}}';
const B64 = Buffer.from(CLAIMS).toString("base64");

describe("reading the API's errors in the SPA", () => {
  it("decodes a claims challenge from WWW-Authenticate", () => {
    expect(claimsFromChallenge(`Bearer error="insufficient_claims", claims="${B64}"`)).toBe(CLAIMS);
    expect(claimsFromChallenge(`Bearer error="invalid_token"`)).toBeUndefined();
    expect(claimsFromChallenge(`Bearer error="insufficient_claims", claims="bm90IGpzb24="`)).toBeUndefined();
  });

  it("401 insufficient_claims → a token with those claims", () => {
    expect(readApiError(401, `Bearer error="insufficient_claims", claims="${B64}"`, { error: "insufficient_claims", claims: CLAIMS })).toEqual({ kind: "claims", claims: CLAIMS });
    expect(readApiError(401, null, { error: "insufficient_claims", claims: CLAIMS })).toEqual({ kind: "claims", claims: CLAIMS });
  });

  it("403 consent_required → the consent link the API gave, same-origin only", () => {
    const consent = readApiError(403, null, { error: "consent_required", message: "m", reauthUrl: "/auth/consent?returnTo=%2Fprofile" });
    expect(consent).toEqual({ kind: "problem", problem: { code: "ERR_OBO_CONSENT_REQUIRED", message: "m", actionUrl: "/auth/consent?returnTo=%2Fprofile" } });
    const offsite = readApiError(403, null, { error: "consent_required", message: "m", reauthUrl: "//evil.example/x" });
    expect(offsite.kind === "problem" && offsite.problem.actionUrl).toBeUndefined();
  });

  it("401 invalid token → a fresh token; anything else → a problem with the API's message", () => {
    expect(readApiError(401, `Bearer error="invalid_token"`, { error: "invalid_token" })).toEqual({ kind: "token" });
    expect(readApiError(503, null, { error: "graph_throttled", message: "busy" })).toEqual({ kind: "problem", problem: { code: "ERR_GRAPH_THROTTLED", message: "busy" } });
    expect(readApiError(500, null, undefined)).toMatchObject({ kind: "problem", problem: { code: "ERR_UNEXPECTED" } });
  });
});
