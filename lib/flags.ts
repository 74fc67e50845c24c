// Which mode each page renders in: the page's feature flag (lib/rollout), overridden by configuration
// (SPA_PAGES) and by a cookie for canaries and tests that counts only where configuration allows it (on
// in dev and test, off in production). Pure: lib/rollout/resolve.ts applies it for proxy.ts and the pages.
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

/**
 * A page's mode after the simple overrides: the cookie (where configuration honours it), then SPA_PAGES,
 * then `flagged`, what the page's feature flag says for this user (lib/rollout).
 */
export function pageMode(
  page: PageName,
  flags: Pick<AppConfig["flags"], "spaPages" | "overrideCookie">,
  cookie: string | undefined,
  flagged: PageMode = "server",
): PageMode {
  if (flags.overrideCookie) {
    const overrides = parseModeCookie(cookie);
    const forced = overrides.get(page) ?? overrides.get("*");
    if (forced) return forced;
  }
  return flags.spaPages === "*" || flags.spaPages.includes(page) ? "spa" : flagged;
}
