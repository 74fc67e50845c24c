// Reads the health counters back (the last 24 hours, summed over the hourly maps every instance adds to)
// and shapes them per page and mode: loads, outcomes, time-to-data p50/p95 and API errors by code.
import type { CounterStore } from "@/lib/store/types";
import { METRICS, TIME_TO_DATA_BUCKETS } from "./names";
import { hourKey } from "./store-exporter";

export interface ModeHealth {
  loads: number;
  ok: number;
  errors: number;
  consentPrompts: number;
  /** Share of loads that ended in a problem other than a consent prompt; undefined with no loads. */
  errorRate: number | undefined;
  /** Estimated from the histogram buckets (linear within a bucket); undefined with no loads. */
  p50Ms: number | undefined;
  p95Ms: number | undefined;
  apiErrors: Record<string, number>;
}

/** page → mode → health */
export type HealthTotals = Record<string, Record<string, ModeHealth>>;

const HOURS_SHOWN = 24;

export async function readHealthTotals(store: CounterStore, now = Date.now()): Promise<HealthTotals> {
  const hours = Array.from({ length: HOURS_SHOWN }, (_, i) => hourKey(now - i * 3600_000));
  const maps = await Promise.all(hours.map((k) => store.readFields(k)));
  const sums: Record<string, number> = {};
  for (const map of maps) for (const [field, n] of Object.entries(map)) sums[field] = (sums[field] ?? 0) + n;
  return shape(sums);
}

function shape(sums: Record<string, number>): HealthTotals {
  const totals: HealthTotals = {};
  const buckets: Record<string, number[]> = {};
  for (const [field, n] of Object.entries(sums)) {
    const [metric, page, mode, detail] = field.split("|");
    if (!metric || !page || !mode || !detail) continue;
    const h = ((totals[page] ??= {})[mode] ??= empty());
    if (metric === METRICS.pageLoads) {
      h.loads += n;
      if (detail === "ok") h.ok += n;
      else if (detail === "consent") h.consentPrompts += n;
      else h.errors += n;
    } else if (metric === METRICS.apiErrors) {
      h.apiErrors[detail] = (h.apiErrors[detail] ?? 0) + n;
    } else if (metric === METRICS.timeToData && detail.startsWith("b")) {
      (buckets[`${page}|${mode}`] ??= new Array(TIME_TO_DATA_BUCKETS.length + 1).fill(0))[Number(detail.slice(1))] += n;
    }
  }
  for (const [key, counts] of Object.entries(buckets)) {
    const [page, mode] = key.split("|") as [string, string];
    const h = totals[page]![mode]!;
    h.p50Ms = quantile(counts, 0.5);
    h.p95Ms = quantile(counts, 0.95);
  }
  for (const modes of Object.values(totals))
    for (const h of Object.values(modes)) h.errorRate = h.loads ? h.errors / h.loads : undefined;
  return totals;
}

const empty = (): ModeHealth => ({
  loads: 0,
  ok: 0,
  errors: 0,
  consentPrompts: 0,
  errorRate: undefined,
  p50Ms: undefined,
  p95Ms: undefined,
  apiErrors: {},
});

/** The q-quantile of bucketed values: bucket i holds (bounds[i-1], bounds[i]]; interpolated within it. */
export function quantile(counts: number[], q: number, bounds = TIME_TO_DATA_BUCKETS): number | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const upper = bounds[i] ?? lower; // the open last bucket: its lower bound is all that is known
      return Math.round(lower + ((rank - seen) / n) * (upper - lower));
    }
    seen += n;
  }
  return bounds[bounds.length - 1];
}
