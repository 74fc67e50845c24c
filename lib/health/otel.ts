// The OpenTelemetry metrics SDK for this process, started by instrumentation.ts: health counters go to
// the app's store every 5 s (totals across instances with Redis; read by /migration), and to an OTLP
// collector as well when OTEL_EXPORTER_OTLP_ENDPOINT (or _METRICS_ENDPOINT) is set.
import { metrics } from "@opentelemetry/api";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader, type IMetricReader } from "@opentelemetry/sdk-metrics";
import type { CounterStore } from "@/lib/store/types";
import { StoreMetricExporter } from "./store-exporter";

const PROVIDER = Symbol.for("entra-dual-mode.meter-provider");
type WithProvider = typeof globalThis & { [PROVIDER]?: MeterProvider };

export const STORE_EXPORT_INTERVAL_MS = 5_000;

export interface MetricsOptions {
  store: CounterStore;
  env?: Record<string, string | undefined>;
  exportIntervalMs?: number;
}

/** Installs the global MeterProvider once per process and returns it. */
export async function startMetrics({ store, env = process.env, exportIntervalMs = STORE_EXPORT_INTERVAL_MS }: MetricsOptions): Promise<MeterProvider> {
  const g = globalThis as WithProvider;
  if (g[PROVIDER]) return g[PROVIDER];
  const readers: IMetricReader[] = [new PeriodicExportingMetricReader({ exporter: new StoreMetricExporter(store), exportIntervalMillis: exportIntervalMs })];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) {
    // Loaded only when configured; it reads the standard OTEL_EXPORTER_OTLP_* variables itself.
    const { OTLPMetricExporter } = await import("@opentelemetry/exporter-metrics-otlp-http");
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() }));
  }
  const resource = defaultResource().merge(resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? "entra-dual-mode" }));
  const provider = new MeterProvider({ resource, readers });
  metrics.setGlobalMeterProvider(provider);
  g[PROVIDER] = provider;
  return provider;
}

/** Pushes what this process recorded so far to the store (so a reader right after sees it). */
export async function flushMetrics(): Promise<void> {
  await (globalThis as WithProvider)[PROVIDER]?.forceFlush();
}
