// Which mode each page renders in: from configuration (SPA_PAGES), with an override cookie for canaries
// and tests that counts only where configuration allows it (on in dev and test, off in production).
// Pure so that pages and proxy.ts answer the same way for the same request.
import type { AppConfig } from "./config";
import { isPageName, type PageName } from "./pages";

export type { PageName } from "./pages";
export type PageMode = "server" | "spa";

/** Cookie `page-mode`: comma-separated `page=mode` pairs, e.g. `profile=spa,directory=server`, or `*=spa`. */
export const MODE_COOKIE = "page-mode";

export function parseModeCookie(value: string | undefined): Map<string, PageMode> {
  const modes = new Map<string, PageMode>();
  for (const pair of (value ?? "").split(",")) {
    const [page, mode] = pair.split("=").map((s) => s.trim());
    if (page && (mode === "spa" || mode === "server") && (page === "*" || isPageName(page))) modes.set(page, mode);
  }
  return modes;
}

export function serializeModeCookie(modes: Map<string, PageMode>): string {
  return [...modes].map(([page, mode]) => `${page}=${mode}`).join(",");
}

export function pageMode(page: PageName, flags: AppConfig["flags"], cookie: string | undefined): PageMode {
  if (flags.overrideCookie) {
    const overrides = parseModeCookie(cookie);
    const forced = overrides.get(page) ?? overrides.get("*");
    if (forced) return forced;
  }
  return flags.spaPages === "*" || flags.spaPages.includes(page) ? "spa" : "server";
}
