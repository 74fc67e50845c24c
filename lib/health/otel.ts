// Health's own OpenTelemetry metric reader: every 5 s it hands this process's deltas to the app's store
// (totals across instances with Redis; read by /migration). lib/telemetry/setup.ts registers it on the
// process's one meter provider, beside the OTLP or Azure Monitor reader when those are configured.
import { PeriodicExportingMetricReader, type MetricReader } from "@opentelemetry/sdk-metrics";
import type { CounterStore } from "@/lib/store/types";
import { StoreMetricExporter } from "./store-exporter";

// On globalThis: Next may load this module once per route bundle, and /migration must flush the reader
// that instrumentation.ts registered.
const READER = Symbol.for("entra-dual-mode.health-metric-reader");
type WithReader = typeof globalThis & { [READER]?: MetricReader };

export const STORE_EXPORT_INTERVAL_MS = 5_000;

/** The process's store reader, made once; hand it to startTelemetry (instrumentation.ts). */
export function storeMetricReader(store: CounterStore, exportIntervalMs = STORE_EXPORT_INTERVAL_MS): MetricReader {
  const g = globalThis as WithReader;
  g[READER] ??= new PeriodicExportingMetricReader({
    exporter: new StoreMetricExporter(store),
    exportIntervalMillis: exportIntervalMs,
  });
  return g[READER];
}

/** Pushes what this process recorded so far to the store (so a reader right after sees it). */
export async function flushMetrics(): Promise<void> {
  await (globalThis as WithReader)[READER]?.forceFlush().catch(() => {}); // not registered (yet): nothing recorded
}
