"use client";
import { useEffect } from "react";
import type { PageMode, PageName } from "@/lib/flags";
import { BEACON_PATH, MAX_TIME_TO_DATA_MS, outcomeOf } from "@/lib/health/beacon";
import { navigationStart } from "@/lib/health/navigation-clock";

// Rendered beside a page's data (or its problem) in both modes: reports the load once per navigation,
// with the time from the navigation's start to now (the data on screen, the page interactive).
const reported = new Set<string>();

export function PageLoadBeacon({
  page,
  mode,
  problem,
}: {
  page: PageName;
  mode: PageMode;
  problem?: { code: string };
}) {
  const outcome = outcomeOf(problem);
  useEffect(() => {
    const start = navigationStart();
    const once = `${start}|${window.location.pathname}${window.location.search}|${mode}`;
    if (reported.has(once)) return; // React's development double effects, a re-render with new data
    reported.add(once);
    const ms = Math.min(Math.max(0, performance.now() - start), MAX_TIME_TO_DATA_MS);
    const body = JSON.stringify({ page, mode, outcome, ms: Math.round(ms) });
    void fetch(BEACON_PATH, {
      method: "POST",
      keepalive: true,
      headers: { "content-type": "application/json" },
      body,
    }).catch(() => {});
  }, [page, mode, outcome]);
  return null;
}
