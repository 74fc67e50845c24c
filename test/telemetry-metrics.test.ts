// One OpenTelemetry setup for traces and metrics (lib/telemetry/setup.ts, as instrumentation.ts calls it):
// with OTEL_EXPORTER_OTLP_ENDPOINT set, a page load recorded by the beacon route reaches the collector as a
// metric under the same resource as the spans, and health's own reader still fills the store /migration reads.
import { trace } from "@opentelemetry/api";
import { afterAll, beforeAll, expect, it } from "vitest";
import { OtlpCollector } from "../e2e/support/otlp-collector.ts";
import { storeMetricReader } from "../lib/health/otel.ts";
import { METRICS } from "../lib/health/names.ts";
import { readHealthTotals } from "../lib/health/totals.ts";
import { MemoryStore } from "../lib/store/memory.ts";
import type { Telemetry } from "@/lib/telemetry/setup";

const collector = new OtlpCollector();
const store = new MemoryStore();
let telemetry: Telemetry;
const saved = { ...process.env };

beforeAll(async () => {
  await collector.start();
  // The OTLP exporters read the standard variables from the process environment themselves.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
  const env = {
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_SERVICE_NAME: "rollout-test",
    OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=ci",
  };
  const { startTelemetry } = await import("@/lib/telemetry/setup");
  telemetry = await startTelemetry({ env, metricReaders: [storeMetricReader(store, 60_000)] });
});
afterAll(async () => {
  process.env = saved;
  await collector.close();
});

it("sends metrics and spans to OTLP under one resource, and keeps health in the store", async () => {
  expect(telemetry.exporters).toEqual(["otlp"]);
  expect(telemetry.metricExporters).toEqual(["otlp"]);
  const { POST } = await import("@/app/api/health/page-load/route");
  const load = { page: "tasks", mode: "spa", outcome: "ok", ms: 240 };
  const res = await POST(
    new Request("http://localhost:3000/api/health/page-load", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(load),
    }),
  );
  expect(res.status).toBe(204);
  trace.getTracer("test").startSpan("one span").end();

  await telemetry.shutdown(); // exports what is buffered, in both signals

  const names = collector.metrics.map((m) => m.name);
  expect(names).toEqual(expect.arrayContaining([METRICS.pageLoads, METRICS.timeToData]));
  const resources = [...collector.metrics.map((m) => m.resource), ...collector.traceResources];
  expect(collector.traceResources.length).toBeGreaterThan(0);
  for (const r of resources)
    expect(r).toMatchObject({ "service.name": "rollout-test", "deployment.environment": "ci" });
  expect((await readHealthTotals(store)).tasks?.spa).toMatchObject({ loads: 1, ok: 1 });
});
