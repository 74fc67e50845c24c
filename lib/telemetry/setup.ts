// The process's one OpenTelemetry setup, from the environment (read once, at start, by instrumentation.ts):
// tracing and metrics share one resource and one choice of destination.
//   APPLICATIONINSIGHTS_CONNECTION_STRING  Azure Monitor (@azure/monitor-opentelemetry), plus OTLP if also set
//   OTEL_EXPORTER_OTLP_ENDPOINT            OTLP over HTTP (JSON) to a collector; OTEL_EXPORTER_OTLP_HEADERS etc. apply
//                                          (_TRACES_ENDPOINT / _METRICS_ENDPOINT: one signal only)
//   neither                                no tracer provider: every span call in lib/ stays a no-op
// Metrics always have the app's own readers (lib/health's, into the store /migration reads), so a meter
// provider is registered whenever there is one.
import { metrics } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { MetricReader } from "@opentelemetry/sdk-metrics";
import type { SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { RedactingSpanProcessor } from "./redact";
import { setTracingOn } from "./trace";

export interface TelemetryOptions {
  env?: Record<string, string | undefined>;
  /** Tests: also export every span to these, synchronously (e.g. an InMemorySpanExporter). */
  testExporters?: SpanExporter[];
  /** The app's own metric readers (lib/health's store reader); the OTLP one is added here when configured. */
  metricReaders?: MetricReader[];
}

export interface Telemetry {
  /** Where spans go: "azure-monitor", "otlp", "test"; empty when tracing is off. */
  readonly exporters: string[];
  /** Where metrics go besides the app's own readers: "azure-monitor", "otlp". */
  readonly metricExporters: string[];
  /** Exports what is buffered, then stops (graceful shutdown). */
  shutdown(): Promise<void>;
}

export const SERVICE_NAME = "entra-dual-mode";

export async function startTelemetry({
  env = process.env,
  testExporters = [],
  metricReaders = [],
}: TelemetryOptions = {}): Promise<Telemetry> {
  const { processors, exporters } = await spanProcessors(env, testExporters);
  const resource = await serviceResource(env);
  const readers = [...metricReaders, ...(await otlpMetricReaders(env))];
  const metricExporters = readers.length > metricReaders.length ? ["otlp"] : [];

  if (env.APPLICATIONINSIGHTS_CONNECTION_STRING) {
    const setup = { resource, processors, readers, exporters, metricExporters };
    return startAzureMonitor(env.APPLICATIONINSIGHTS_CONNECTION_STRING, setup);
  }
  const providers: Array<{ shutdown(): Promise<void> }> = [];
  if (readers.length) {
    const { MeterProvider } = await import("@opentelemetry/sdk-metrics");
    const meterProvider = new MeterProvider({ resource, readers });
    metrics.setGlobalMeterProvider(meterProvider);
    providers.push(meterProvider);
  }
  if (exporters.length) {
    const { NodeTracerProvider } = await import("@opentelemetry/sdk-trace-node");
    const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: processors });
    tracerProvider.register();
    setTracingOn(true);
    providers.push(tracerProvider);
  }
  return {
    exporters,
    metricExporters,
    shutdown: async () => {
      setTracingOn(false);
      await Promise.all(providers.map((p) => p.shutdown()));
    },
  };
}

/** The span processors, the redacting one first, and the names of the exporters they feed. */
async function spanProcessors(
  env: Record<string, string | undefined>,
  testExporters: SpanExporter[],
): Promise<{ processors: SpanProcessor[]; exporters: string[] }> {
  const { BatchSpanProcessor, SimpleSpanProcessor } = await import("@opentelemetry/sdk-trace-base");
  const exporters: string[] = [];
  // First, so every exporter after it sees the scrubbed span.
  const processors: SpanProcessor[] = [new RedactingSpanProcessor()];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
    exporters.push("otlp");
  }
  for (const exporter of testExporters) processors.push(new SimpleSpanProcessor(exporter));
  if (testExporters.length) exporters.push("test");
  return { processors, exporters };
}

interface ProviderSetup {
  resource: Resource;
  processors: SpanProcessor[];
  readers: MetricReader[];
  exporters: string[];
  metricExporters: string[];
}

/** Azure Monitor registers the tracer and meter providers itself, with our processors and readers. */
async function startAzureMonitor(connectionString: string, setup: ProviderSetup): Promise<Telemetry> {
  const { useAzureMonitor, shutdownAzureMonitor } = await import("@azure/monitor-opentelemetry");
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Azure Monitor's setup function, not a React hook
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    resource: setup.resource,
    spanProcessors: setup.processors,
    metricReaders: setup.readers,
  });
  setTracingOn(true);
  return {
    exporters: ["azure-monitor", ...setup.exporters],
    metricExporters: ["azure-monitor", ...setup.metricExporters],
    shutdown: async () => {
      setTracingOn(false);
      await shutdownAzureMonitor();
    },
  };
}

/** OTLP/HTTP for metrics when configured; the exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself. */
async function otlpMetricReaders(env: Record<string, string | undefined>): Promise<MetricReader[]> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT) return [];
  const [{ OTLPMetricExporter }, { PeriodicExportingMetricReader }] = await Promise.all([
    import("@opentelemetry/exporter-metrics-otlp-http"),
    import("@opentelemetry/sdk-metrics"),
  ]);
  return [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })];
}

/** service.name (OTEL_SERVICE_NAME, default entra-dual-mode) and OTEL_RESOURCE_ATTRIBUTES. */
async function serviceResource(env: Record<string, string | undefined>) {
  const { defaultResource, resourceFromAttributes } = await import("@opentelemetry/resources");
  const extra = Object.fromEntries(
    (env.OTEL_RESOURCE_ATTRIBUTES ?? "")
      .split(",")
      .map((pair) => pair.split("=").map((s) => decodeURIComponent(s.trim())))
      .filter(([k, v]) => k && v !== undefined),
  );
  return defaultResource().merge(
    resourceFromAttributes({
      ...extra,
      "service.name": env.OTEL_SERVICE_NAME ?? extra["service.name"] ?? SERVICE_NAME,
    }),
  );
}
