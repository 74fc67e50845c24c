// Recording health per mode through the OpenTelemetry metrics API. Until lib/health/otel.ts installs the
// SDK (instrumentation.ts does, at server start) the global provider is a no-op and nothing is kept.
import { metrics, type Counter, type Histogram, type MeterProvider } from "@opentelemetry/api";
import { parseModeCookie } from "@/lib/flags";
import { CALLING_PAGE_HEADER, type PageLoad } from "./beacon";
import { METER_NAME, METRICS, OTHER, TIME_TO_DATA_BUCKETS } from "./names";

interface Instruments {
  provider: MeterProvider;
  loads: Counter;
  timeToData: Histogram;
  apiErrors: Counter;
}

let instruments: Instruments | undefined;

function current(): Instruments {
  const provider = metrics.getMeterProvider();
  if (instruments?.provider !== provider) {
    const meter = provider.getMeter(METER_NAME);
    instruments = {
      provider,
      loads: meter.createCounter(METRICS.pageLoads, {
        description: "Page loads by page, mode and outcome (ok, consent, error)",
        unit: "{load}",
      }),
      timeToData: meter.createHistogram(METRICS.timeToData, {
        description: "Browser-measured time from navigation to the page's data (or problem) on screen",
        unit: "ms",
        advice: { explicitBucketBoundaries: TIME_TO_DATA_BUCKETS },
      }),
      apiErrors: meter.createCounter(METRICS.apiErrors, {
        description: "API errors by code and by the mode of the page that called",
        unit: "{error}",
      }),
    };
  }
  return instruments;
}

export function recordPageLoad(load: PageLoad): void {
  const { loads, timeToData } = current();
  loads.add(1, { page: load.page, mode: load.mode, outcome: load.outcome });
  timeToData.record(load.ms, { page: load.page, mode: load.mode });
}

export interface CallingPage {
  page: string;
  mode: string;
}

export function recordApiError(code: string, from: CallingPage): void {
  current().apiErrors.add(1, { code, page: from.page, mode: from.mode });
}

/** The page an SPA page's API call names in its header (validated: flagged pages and modes only). */
export function callingPageOf(request: Request | undefined): CallingPage {
  const [named] = parseModeCookie(request?.headers.get(CALLING_PAGE_HEADER) ?? undefined);
  return named && named[0] !== "*" ? { page: named[0], mode: named[1] } : { page: OTHER, mode: OTHER };
}
