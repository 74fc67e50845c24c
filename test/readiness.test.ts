// /readyz against the emulator: each check by name, the result reused within READINESS_CACHE_SECONDS,
// 503 naming the failed check (and nothing else) when the identity provider is gone, and while shutting down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { startAppEmulator } from "./support/app.ts";

let emu: RunningEmulator;
let GET: () => Promise<Response>;
let health: typeof import("@/lib/readiness");

beforeAll(async () => {
  emu = await startAppEmulator();
  if (process.env.REDIS_TEST_URL) process.env.REDIS_URL = process.env.REDIS_TEST_URL;
  ({ GET } = await import("@/app/readyz/route"));
  health = await import("@/lib/readiness");
});
afterAll(async () => {
  await (await import("@/lib/store")).closeStore();
  await emu?.close();
});

describe("GET /readyz", () => {
  it("ready: configuration, signing keys, Redis (when configured) and the OBO credential, by name", async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({
      status: "ready",
      checks: {
        config: "ok",
        signing_keys: "ok",
        redis: process.env.REDIS_TEST_URL ? "ok" : "not_configured",
        obo_credential: "ok",
      },
    });
  });

  it("reuses the result within the cache window (probes do not reach the IdP each time)", async () => {
    health.clearReadinessCache();
    const now = Date.now();
    const first = health.readiness(now);
    expect(health.readiness(now + 4_000)).toBe(first);
    expect(health.readiness(now + 5_001)).not.toBe(first);
  });

  it("the identity provider gone: 503 naming signing_keys, with no cause or address in the body", async () => {
    await emu.close();
    health.clearReadinessCache();
    const res = await GET();
    expect(res.status).toBe(503);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body.status).toBe("not_ready");
    expect(body.checks.signing_keys).toBe("failed");
    expect(body.checks.config).toBe("ok");
    expect(JSON.stringify(body)).not.toMatch(/localhost|ECONN|fetch|Error/i);
  });

  it("shutting down: 503 at once, whatever the checks say", async () => {
    const { installGracefulShutdown, uninstallGracefulShutdown } = await import("@/lib/lifecycle/shutdown");
    installGracefulShutdown({ graceMs: 1_000, closers: [], log: { info: () => {}, warn: () => {} }, exit: () => {} });
    process.emit("SIGTERM", "SIGTERM");
    try {
      const res = await GET();
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: "shutting_down", checks: {} });
    } finally {
      uninstallGracefulShutdown();
    }
  });
});
