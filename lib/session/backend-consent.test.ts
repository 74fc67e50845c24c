import { beforeEach, describe, expect, it, vi } from "vitest";

// A cookie jar standing in for next/headers' cookies() of one request.
const jar = new Map<string, string>();
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    set: (name: string, value: string, opts?: { maxAge?: number }) =>
      opts?.maxAge === 0 ? jar.delete(name) : jar.set(name, value),
  }),
}));

const { finishBackendConsent, startBackendConsent } = await import("./backend-consent");
const { EMULATOR_DEFAULTS } = await import("@/lib/config");
const { PROTOCOL_RELATIVE_AFTER_NORMALIZING } = await import("@/test/support/return-paths");

async function start(returnTo: string | null = "/profile") {
  const url = new URL(await startBackendConsent("http://localhost:3000", returnTo));
  return { url, state: url.searchParams.get("state")! };
}

beforeEach(() => jar.clear());

describe("startBackendConsent", () => {
  it("asks the authorize endpoint for the backend's own Graph consent", async () => {
    const { url, state } = await start();
    expect(url.pathname).toBe(`/${EMULATOR_DEFAULTS.tenantId}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: EMULATOR_DEFAULTS.backendClientId,
      response_type: "code",
      redirect_uri: "http://localhost:3000/auth/consent/callback",
      scope: "https://graph.microsoft.com/.default openid",
      prompt: "consent",
      state,
    });
    expect(state).toMatch(/^[\w-]{43}$/);
    expect(jar.has("backend-consent")).toBe(true);
  });
});

describe("startBackendConsent for a permission added later (incremental consent)", () => {
  it("asks for exactly the named scope, without prompt=consent (Entra prompts for what is not granted yet)", async () => {
    const url = new URL(
      await startBackendConsent("http://localhost:3000", "/tasks", "https://graph.microsoft.com/Tasks.ReadWrite"),
    );
    expect(url.searchParams.get("client_id")).toBe(EMULATOR_DEFAULTS.backendClientId);
    expect(url.searchParams.get("scope")).toBe("https://graph.microsoft.com/Tasks.ReadWrite openid");
    expect(url.searchParams.has("prompt")).toBe(false);
  });

  it.each([
    "https://graph.microsoft.com/Mail.Read",
    "https://graph.microsoft.com/Tasks.ReadWrite https://graph.microsoft.com/Mail.Read",
    "Tasks.ReadWrite",
    "",
  ])(
    "never asks for a scope the app does not add incrementally (%j): the backend's registered consent instead",
    async (scope) => {
      const url = new URL(await startBackendConsent("http://localhost:3000", "/tasks", scope));
      expect(url.searchParams.get("scope")).toBe("https://graph.microsoft.com/.default openid");
      expect(url.searchParams.get("prompt")).toBe("consent");
    },
  );
});

describe("finishBackendConsent", () => {
  it("returns to the page once consent was given, and forgets the request", async () => {
    const { state } = await start("/directory?q=ad");
    expect(await finishBackendConsent(new URLSearchParams({ code: "c", state }))).toEqual({
      ok: true,
      location: "/directory?q=ad",
    });
    expect(jar.has("backend-consent")).toBe(false);
    expect((await finishBackendConsent(new URLSearchParams({ code: "c", state }))).ok).toBe(false); // not replayable
  });

  it("access_denied → back with consent=declined", async () => {
    const { state } = await start("/directory?q=ad");
    expect(
      await finishBackendConsent(
        new URLSearchParams({ error: "access_denied", error_description: "AADSTS65004: declined", state }),
      ),
    ).toEqual({ ok: true, location: "/directory?q=ad&consent=declined" });
  });

  it("another error → back with consent=failed", async () => {
    const { state } = await start();
    expect(await finishBackendConsent(new URLSearchParams({ error: "invalid_request", state }))).toEqual({
      ok: true,
      location: "/profile?consent=failed",
    });
  });

  it("no pending request → refused", async () => {
    expect((await finishBackendConsent(new URLSearchParams({ code: "c", state: "s" }))).ok).toBe(false);
  });

  it("a different state → refused", async () => {
    const { state } = await start();
    expect((await finishBackendConsent(new URLSearchParams({ code: "c", state: `${state}x` }))).ok).toBe(false);
  });

  it.each(PROTOCOL_RELATIVE_AFTER_NORMALIZING)(
    "a returnTo that normalizes to another host (%s) → back to /",
    async (returnTo) => {
      const { state } = await start(returnTo);
      expect(await finishBackendConsent(new URLSearchParams({ code: "c", state }))).toEqual({
        ok: true,
        location: "/",
      });
      expect(
        await finishBackendConsent(
          new URLSearchParams({ error: "access_denied", state: (await start(returnTo)).state }),
        ),
      ).toEqual({ ok: true, location: "/?consent=declined" });
    },
  );

  it("a forged cookie holding such a path → back to /", async () => {
    jar.set(
      "backend-consent",
      Buffer.from(JSON.stringify({ state: "s", returnTo: "/.//evil.example" })).toString("base64url"),
    );
    expect(await finishBackendConsent(new URLSearchParams({ code: "c", state: "s" }))).toEqual({
      ok: true,
      location: "/",
    });
  });

  it("an off-site returnTo → back to /", async () => {
    const { state } = await start("https://evil.example/");
    expect(await finishBackendConsent(new URLSearchParams({ code: "c", state }))).toEqual({ ok: true, location: "/" });
  });
});
