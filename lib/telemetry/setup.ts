// Which tracer provider the process registers, from the environment (read once, at start, by
// instrumentation.ts):
//   APPLICATIONINSIGHTS_CONNECTION_STRING  Azure Monitor (@azure/monitor-opentelemetry), plus OTLP if also set
//   OTEL_EXPORTER_OTLP_ENDPOINT            OTLP over HTTP (JSON) to a collector; OTEL_EXPORTER_OTLP_HEADERS etc. apply
//   neither                                nothing is registered: every span call in lib/ stays a no-op
// A meter provider joins here too: give it the same resource, and Azure Monitor its metricReaders.
import type { SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace-base";
import { RedactingSpanProcessor } from "./redact";
import { setTracingOn } from "./trace";

export interface TelemetryOptions {
  env?: Record<string, string | undefined>;
  /** Tests: also export every span to these, synchronously (e.g. an InMemorySpanExporter). */
  testExporters?: SpanExporter[];
}

export interface Telemetry {
  /** Where spans go: "azure-monitor", "otlp", "test"; empty when tracing is off. */
  readonly exporters: string[];
  /** Exports what is buffered, then stops (graceful shutdown). */
  shutdown(): Promise<void>;
}

export const SERVICE_NAME = "entra-dual-mode";

const OFF: Telemetry = { exporters: [], shutdown: async () => {} };

export async function startTelemetry({ env = process.env, testExporters = [] }: TelemetryOptions = {}): Promise<Telemetry> {
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
  const resource = await serviceResource(env);

  if (env.APPLICATIONINSIGHTS_CONNECTION_STRING) {
    const { useAzureMonitor, shutdownAzureMonitor } = await import("@azure/monitor-opentelemetry");
    useAzureMonitor({ azureMonitorExporterOptions: { connectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING }, resource, spanProcessors: processors });
    setTracingOn(true);
    return {
      exporters: ["azure-monitor", ...exporters],
      shutdown: async () => {
        setTracingOn(false);
        await shutdownAzureMonitor();
      },
    };
  }
  if (exporters.length === 0) return OFF;
  const { NodeTracerProvider } = await import("@opentelemetry/sdk-trace-node");
  const provider = new NodeTracerProvider({ resource, spanProcessors: processors });
  provider.register();
  setTracingOn(true);
  return {
    exporters,
    shutdown: async () => {
      setTracingOn(false);
      await provider.shutdown();
    },
  };
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
  return defaultResource().merge(resourceFromAttributes({ ...extra, "service.name": env.OTEL_SERVICE_NAME ?? extra["service.name"] ?? SERVICE_NAME }));
}
