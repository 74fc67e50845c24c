// The tenant's discovery document or signing keys cannot be read (non-200, unreachable): the API answers
// 503 with Retry-After, never 401 "signature invalid" (the caller's token is not at fault), and recovers
// by itself. Each case runs on fresh modules, so discovery and the JWKS are fetched anew.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startAppEmulator();
});
afterAll(() => emu?.close());
beforeEach(async () => {
  vi.resetModules();
  (await import("@/lib/bearer")).clearValidationCache();
  await fetch(`${emu.url}/_admin/faults`, { method: "DELETE", headers: { "content-type": "application/json" } });
});

const fault = (body: Record<string, unknown>) =>
  fetch(`${emu.url}/_admin/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function getMe(token: string) {
  const { GET } = await import("@/app/api/me/route");
  const res = await GET(apiRequest("/api/me", token));
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    retryAfter: res.headers.get("retry-after"),
    wwwAuthenticate: res.headers.get("www-authenticate"),
  };
}

describe("bearer validation while the IdP's documents cannot be read", () => {
  it.each([503, 500, 404])("JWKS answering %i → 503 idp_unavailable with Retry-After, then 200", async (status) => {
    expect((await fault({ target: "jwks", status })).status).toBe(201);
    const token = await userToken(emu, "adele");
    const failed = await getMe(token);
    expect(failed.status).toBe(503);
    expect(failed.body.error).toBe("idp_unavailable");
    expect(Number(failed.retryAfter)).toBeGreaterThan(0);
    expect(failed.wwwAuthenticate).toBeNull(); // not an invalid_token challenge
    expect((await getMe(token)).status).toBe(200);
  });

  it("discovery answering 503 → 503 idp_unavailable with Retry-After, then 200", async () => {
    await fault({ target: "discovery", status: 503 });
    const token = await userToken(emu, "alex");
    const failed = await getMe(token);
    expect(failed.status).toBe(503);
    expect(failed.body.error).toBe("idp_unavailable");
    expect(Number(failed.retryAfter)).toBeGreaterThan(0);
    expect((await getMe(token)).status).toBe(200);
  });

  it("a token whose signature is wrong is still a 401 when the JWKS is fine", async () => {
    const token = await userToken(emu, "adele");
    const [h, p, s] = token.split(".");
    const tampered = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const res = await getMe(tampered);
    expect(res.status).toBe(401);
    expect(res.wwwAuthenticate).toContain("signature");
  });
});
