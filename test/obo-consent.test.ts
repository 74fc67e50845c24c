// Without knownClientApplications the user's consent covers frontend → backend only, so the backend's
// OBO to Graph fails with AADSTS65001; the API must hand the challenge back to the client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, IDS, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startAppEmulator((f) => {
    for (const a of f.applications) if (a.appId === IDS.backend && a.api) a.api.knownClientApplications = [];
  });
});
afterAll(() => emu?.close());

describe("consent required", () => {
  it("getAuthorizationHeader fails with ERR_OBO_CONSENT_REQUIRED naming the scopes", async () => {
    const { getAuthorizationHeader } = await import("@/lib/obo");
    const { resolveCaller } = await import("@/lib/bearer");
    const caller = await resolveCaller(apiRequest("/api/me", await userToken(emu, "adele")));
    await expect(
      getAuthorizationHeader({ scopes: ["https://graph.microsoft.com/User.Read"], caller }),
    ).rejects.toMatchObject({
      code: "ERR_OBO_CONSENT_REQUIRED",
      details: { scopes: ["https://graph.microsoft.com/User.Read"] },
    });
  });

  it("GET /api/me answers 403 consent_required pointing at the backend consent route", async () => {
    const { GET } = await import("@/app/api/me/route");
    const req = apiRequest("/api/me", await userToken(emu, "alex"), {
      headers: { referer: "http://localhost:3000/profile" },
    });
    const res = await GET(req);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer error="insufficient_scope", scope="https://graph.microsoft.com/User.Read", error_description="consent_required"',
    );
    expect(await res.json()).toEqual({
      error: "consent_required",
      message: expect.any(String),
      scopes: ["https://graph.microsoft.com/User.Read"],
      reauthUrl: "/auth/consent?returnTo=%2Fprofile",
      diagnosis: expect.objectContaining({ code: "AADSTS65001", flow: "obo" }),
      correlationId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    });
  });
});
