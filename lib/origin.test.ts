import { afterEach, describe, expect, it, vi } from "vitest";

// Each case loads lib/config afresh from the environment it sets.
const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  vi.resetModules();
});

async function originWith(env: Record<string, string>) {
  for (const k of ["AUTH_URL", "TRUST_PROXY_HEADERS", "PORT", "ENTRA_TENANT_ID", "ENTRA_INSTANCE"])
    delete process.env[k];
  Object.assign(process.env, env);
  return import("./origin");
}

const FORGED = new Headers({ host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });

describe("appOrigin", () => {
  it("is AUTH_URL whatever Host and X-Forwarded-* say", async () => {
    const { appOrigin, appUrl } = await originWith({ AUTH_URL: "https://app.example.com" });
    expect(appOrigin(FORGED)).toBe("https://app.example.com");
    expect(appUrl("/profile?x=1", FORGED).href).toBe("https://app.example.com/profile?x=1");
  });

  it("without AUTH_URL, is the loopback URL of the app's port, not the request's host", async () => {
    const { appOrigin } = await originWith({ PORT: "3201" });
    expect(appOrigin(FORGED)).toBe("http://localhost:3201");
  });

  it("with TRUST_PROXY_HEADERS=on (no AUTH_URL), is what the proxy forwarded", async () => {
    const { appOrigin } = await originWith({ TRUST_PROXY_HEADERS: "on" });
    expect(
      appOrigin(
        new Headers({ host: "10.0.0.5:3000", "x-forwarded-host": "app.example.com", "x-forwarded-proto": "https" }),
      ),
    ).toBe("https://app.example.com");
    expect(appOrigin(new Headers({ host: "app.example.com:8080", "x-forwarded-proto": "http" }))).toBe(
      "http://app.example.com:8080",
    );
    expect(
      appOrigin(new Headers({ "x-forwarded-host": "a.example.com, b.example.com", "x-forwarded-proto": "https,http" })),
    ).toBe("https://a.example.com");
    // A malformed forwarded host is not used; nor a scheme other than http(s).
    expect(
      appOrigin(
        new Headers({ host: "app.example.com", "x-forwarded-host": "evil.example/@x", "x-forwarded-proto": "https" }),
      ),
    ).toBe("https://app.example.com");
    expect(appOrigin(new Headers({ host: "app.example.com", "x-forwarded-proto": "javascript" }))).toBe(
      "http://localhost",
    );
  });

  it("pinAuthUrl hands Auth.js the configured URL, and leaves it unset for a trusted proxy", async () => {
    let origin = await originWith({ PORT: "3202" });
    origin.pinAuthUrl();
    expect(process.env.AUTH_URL).toBe("http://localhost:3202");
    vi.resetModules();
    origin = await originWith({ TRUST_PROXY_HEADERS: "on" });
    origin.pinAuthUrl();
    expect(process.env.AUTH_URL).toBeUndefined();
  });
});
