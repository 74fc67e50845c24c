// What a page load reports, from the browser, the same way in both modes (app/components/PageLoadBeacon):
// the page, the mode that rendered it, how it ended, and the time from navigation to data (or problem)
// on screen. Constants and types only: the client imports this file.
import type { PageMode, PageName } from "@/lib/flags";

/** `ok`: the data shows; `consent`: the page asks the user to grant access; `error`: any other problem. */
export const OUTCOMES = ["ok", "consent", "error"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface PageLoad {
  page: PageName;
  mode: PageMode;
  outcome: Outcome;
  ms: number;
}

export const BEACON_PATH = "/api/health/page-load";
/** Longer than this is not a page load any more (a tab left open on the loading card). */
export const MAX_TIME_TO_DATA_MS = 120_000;

/** Request header naming the page (and its mode) an SPA page's API call comes from: `profile=spa`. */
export const CALLING_PAGE_HEADER = "x-calling-page";

/** How a page load ended, from the problem it shows (if any). */
export function outcomeOf(problem: { code: string } | undefined): Outcome {
  if (!problem) return "ok";
  return problem.code === "ERR_OBO_CONSENT_REQUIRED" ? "consent" : "error";
}
