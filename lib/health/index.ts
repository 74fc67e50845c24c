import "server-only";
// Health per page mode: what the browser and the API record (OpenTelemetry metrics), and the totals
// /migration shows (summed across instances through the store).
import { getStore } from "@/lib/store";
import type { MetricReader } from "@opentelemetry/sdk-metrics";
import { flushMetrics, storeMetricReader } from "./otel";
import { readHealthTotals, type HealthTotals } from "./totals";

export { callingPageOf, recordApiError, recordPageLoad, type CallingPage } from "./record";
export { type Outcome, type PageLoad } from "./beacon";
export { pageLoadSchema } from "./page-load";
export { OTHER } from "./names";
export type { HealthTotals, ModeHealth } from "./totals";

/** For instrumentation.ts: the metric reader that keeps health in this app's store (lib/telemetry registers it). */
export function healthMetricReader(): MetricReader {
  return storeMetricReader(getStore());
}

/** The last 24 hours per page and mode, this instance's latest counts included. */
export async function healthTotals(): Promise<HealthTotals> {
  await flushMetrics();
  return readHealthTotals(getStore());
}
