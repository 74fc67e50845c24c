// An OpenTelemetry metric exporter that adds each interval's deltas to counter maps in the app's store,
// one map per hour: with Redis, every instance adds to the same maps, so a reader sees the totals across
// instances; without it, the in-memory store keeps this process's own.
import {
  AggregationTemporality,
  DataPointType,
  type PushMetricExporter,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import type { CounterStore } from "@/lib/store/types";
import { METER_NAME, METRICS, OTHER } from "./names";

/** Hours of health kept; /migration shows the last 24. */
export const HOURS_KEPT = 25;

export const hourKey = (at: number) => `health:${new Date(at).toISOString().slice(0, 13)}`;

/** A counter map field: metric|page|mode|detail (outcome, error code, or count/sum/b<bucket index>). */
export const fieldOf = (metric: string, page: unknown, mode: unknown, detail: string) =>
  `${metric}|${String(page ?? OTHER)}|${String(mode ?? OTHER)}|${detail}`;

type ExportCallback = Parameters<PushMetricExporter["export"]>[1];

export class StoreMetricExporter implements PushMetricExporter {
  constructor(
    private readonly store: CounterStore,
    private readonly now: () => number = Date.now,
  ) {}

  export(batch: ResourceMetrics, done: ExportCallback): void {
    const amounts = deltasOf(batch);
    if (Object.keys(amounts).length === 0) return done({ code: 0 });
    this.store.incrementFields(hourKey(this.now()), amounts, HOURS_KEPT * 3600).then(
      () => done({ code: 0 }),
      (error: Error) => done({ code: 1, error }),
    );
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

function deltasOf(batch: ResourceMetrics): Record<string, number> {
  const amounts: Record<string, number> = {};
  const add = (field: string, amount: number) => {
    if (amount) amounts[field] = (amounts[field] ?? 0) + amount;
  };
  for (const scope of batch.scopeMetrics) {
    if (scope.scope.name !== METER_NAME) continue; // other instrumentation exports through OTLP only
    for (const metric of scope.metrics) {
      const name = metric.descriptor.name;
      if (metric.dataPointType === DataPointType.SUM) {
        for (const p of metric.dataPoints)
          add(
            fieldOf(
              name,
              p.attributes.page,
              p.attributes.mode,
              String(name === METRICS.pageLoads ? p.attributes.outcome : p.attributes.code),
            ),
            p.value,
          );
      } else if (metric.dataPointType === DataPointType.HISTOGRAM) {
        for (const p of metric.dataPoints) {
          const { page, mode } = p.attributes;
          add(fieldOf(name, page, mode, "count"), p.value.count);
          add(fieldOf(name, page, mode, "sum"), p.value.sum ?? 0);
          p.value.buckets.counts.forEach((count, i) => add(fieldOf(name, page, mode, `b${i}`), count));
        }
      }
    }
  }
  return amounts;
}
