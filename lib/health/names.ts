// The health metrics' names, attributes and histogram buckets, shared by the recorder and the readers.
export const METER_NAME = "entra-dual-mode";

export const METRICS = {
  pageLoads: "app.page.loads", // counter {page, mode, outcome}
  timeToData: "app.page.time_to_data", // histogram, ms {page, mode}
  apiErrors: "app.api.errors", // counter {page, mode, code}
} as const;

/** Time-to-data buckets (ms): fine where pages live (0.1–3 s), coarse beyond. p50/p95 are read from them. */
export const TIME_TO_DATA_BUCKETS = [
  50, 100, 150, 200, 250, 300, 400, 500, 650, 800, 1000, 1250, 1500, 2000, 2500, 3000, 4000, 5000, 7500, 10000, 15000,
  20000, 30000, 60000,
];

/** A page other than a flagged one (an admin page), or a caller that named none (a daemon). */
export const OTHER = "other";
