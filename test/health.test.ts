// Health per page mode through the real OpenTelemetry metrics SDK: what the beacon route and the API
// record, exported to the store, and read back as /migration does. With Redis (REDIS_TEST_URL), two
// "instances" (two MeterProviders, each with its own exporter) add to the same hourly maps, and the
// reader sees their totals.
import { randomUUID } from "node:crypto";
import { metrics } from "@opentelemetry/api";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { MemoryStore } from "../lib/store/memory.ts";
import { RedisStore } from "../lib/store/redis.ts";
import type { CounterStore } from "../lib/store/types.ts";
import { StoreMetricExporter } from "../lib/health/store-exporter.ts";
import { readHealthTotals } from "../lib/health/totals.ts";
import { apiRequest, startAppEmulator } from "./support/app.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startAppEmulator();
});
afterAll(() => emu?.close());

/** One app instance's metrics pipeline: the global provider while it records, flushed into `store`. */
async function asInstance(store: CounterStore, record: () => Promise<void>): Promise<void> {
  const provider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({ exporter: new StoreMetricExporter(store), exportIntervalMillis: 60_000 }),
    ],
  });
  metrics.disable();
  metrics.setGlobalMeterProvider(provider);
  try {
    await record();
    await provider.forceFlush();
  } finally {
    await provider.shutdown();
    metrics.disable();
  }
}

const beacon = async (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) => {
  const { POST } = await import("@/app/api/health/page-load/route");
  return POST(
    new Request("http://localhost:3000/api/health/page-load", {
      method: "POST",
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
};

async function loads(store: CounterStore) {
  await asInstance(store, async () => {
    for (const ms of [120, 180, 240, 900])
      expect((await beacon({ page: "profile", mode: "spa", outcome: "ok", ms })).status).toBe(204);
    expect((await beacon({ page: "profile", mode: "spa", outcome: "consent", ms: 300 })).status).toBe(204);
    expect((await beacon({ page: "profile", mode: "server", outcome: "error", ms: 2000 })).status).toBe(204);
    const { GET } = await import("@/app/api/me/route");
    const res = await GET(apiRequest("/api/me", "not-a-jwt", { headers: { "x-calling-page": "profile=spa" } }));
    expect(res.status).toBe(401);
  });
}

describe("health per mode", () => {
  it("records page loads, time to data and API errors by the calling page's mode", async () => {
    const store = new MemoryStore();
    await loads(store);
    const totals = await readHealthTotals(store);
    expect(totals.profile?.spa).toMatchObject({
      loads: 5,
      ok: 4,
      consentPrompts: 1,
      errors: 0,
      errorRate: 0,
      apiErrors: { ERR_INVALID_TOKEN: 1 },
    });
    expect(totals.profile?.spa?.p50Ms).toBeGreaterThanOrEqual(150);
    expect(totals.profile?.spa?.p50Ms).toBeLessThanOrEqual(250);
    expect(totals.profile?.spa?.p95Ms).toBeGreaterThan(650);
    expect(totals.profile?.server).toMatchObject({ loads: 1, errors: 1, errorRate: 1 });
  });

  it("counts an API call that names no page (a daemon) under 'other'", async () => {
    const store = new MemoryStore();
    await asInstance(store, async () => {
      const { GET } = await import("@/app/api/me/route");
      await GET(apiRequest("/api/me", "not-a-jwt", { headers: { "x-calling-page": "*=spa,bogus" } }));
    });
    expect((await readHealthTotals(store)).other?.other?.apiErrors).toEqual({ ERR_INVALID_TOKEN: 1 });
  });

  it.skipIf(!process.env.REDIS_TEST_URL)("adds up what several instances recorded, through Redis", async () => {
    const prefix = `test-${randomUUID()}:`;
    const a = new RedisStore(process.env.REDIS_TEST_URL!, { keyPrefix: prefix });
    const b = new RedisStore(process.env.REDIS_TEST_URL!, { keyPrefix: prefix });
    try {
      await loads(a);
      await loads(b);
      const totals = await readHealthTotals(a);
      expect(totals.profile?.spa).toMatchObject({
        loads: 10,
        ok: 8,
        consentPrompts: 2,
        apiErrors: { ERR_INVALID_TOKEN: 2 },
      });
      expect(totals.profile?.server).toMatchObject({ loads: 2, errors: 2 });
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
