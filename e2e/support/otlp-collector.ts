// A stand-in OpenTelemetry collector: receives OTLP/HTTP JSON trace and metric exports on 127.0.0.1 and keeps
// the spans, the metrics' names and each export's resource.
import { createServer, type Server } from "node:http";

export interface CollectedSpan {
  traceId: string;
  name: string;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; attributes: Record<string, unknown> }>;
}

interface OtlpValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  name: string;
  attributes?: OtlpAttribute[];
  events?: Array<{ name: string; attributes?: OtlpAttribute[] }>;
}

const valueOf = (v: OtlpValue): unknown =>
  v.stringValue ?? v.boolValue ?? v.intValue ?? v.doubleValue ?? v.arrayValue?.values?.map(valueOf);
const attrs = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

export interface CollectedMetric {
  name: string;
  /** The exporting resource's attributes (service.name, ...). */
  resource: Record<string, unknown>;
}

type Resource = { attributes?: OtlpAttribute[] };

export class OtlpCollector {
  readonly spans: CollectedSpan[] = [];
  readonly metrics: CollectedMetric[] = [];
  /** The resource of every trace export. */
  readonly traceResources: Array<Record<string, unknown>> = [];
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/v1/traces") {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
            resourceSpans?: Array<{ resource?: Resource; scopeSpans?: Array<{ spans?: OtlpSpan[] }> }>;
          };
          for (const rs of body.resourceSpans ?? []) this.traceResources.push(attrs(rs.resource?.attributes));
          for (const rs of body.resourceSpans ?? [])
            for (const ss of rs.scopeSpans ?? [])
              for (const s of ss.spans ?? [])
                this.spans.push({
                  traceId: s.traceId,
                  name: s.name,
                  attributes: attrs(s.attributes),
                  events: (s.events ?? []).map((e) => ({ name: e.name, attributes: attrs(e.attributes) })),
                });
        }
        if (req.method === "POST" && req.url === "/v1/metrics") {
          const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
            resourceMetrics?: Array<{
              resource?: Resource;
              scopeMetrics?: Array<{ metrics?: Array<{ name: string }> }>;
            }>;
          };
          for (const rm of body.resourceMetrics ?? [])
            for (const sm of rm.scopeMetrics ?? [])
              for (const m of sm.metrics ?? [])
                this.metrics.push({ name: m.name, resource: attrs(rm.resource?.attributes) });
        }
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, "127.0.0.1", ok));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    return this;
  }

  async waitFor(predicate: (spans: CollectedSpan[]) => boolean, ms = 15_000): Promise<void> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200)))
      if (predicate(this.spans)) return;
    throw new Error(
      `the collector did not receive the expected spans in ${ms} ms (got: ${[...new Set(this.spans.map((s) => s.name))].join(", ")})`,
    );
  }

  close(): Promise<void> {
    return new Promise((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }
}
