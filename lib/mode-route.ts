// How proxy.ts routes a flagged page: server mode renders app/<page>, SPA mode is rewritten to the
// internal twin app/spa/<page>, which only the rewrite may reach. Pure, for proxy.ts and its tests.
import type { AppConfig } from "./config";
import { pageMode, type PageMode } from "./flags";
import { isPageName, type PageName } from "./pages";

/** Where SPA-mode pages live inside the app. */
export const SPA_ROUTE_PREFIX = "/spa";

/** The flagged page a path is under, if any. */
export function pageOfPath(pathname: string): PageName | undefined {
  const page = pathname.split("/")[1];
  return page && isPageName(page) ? page : undefined;
}

/**
 * The mode of the page a path is under (the same answer the page gets), or undefined for any other path;
 * `flagModes` is what each page's flag says for this request's user (lib/rollout).
 */
export function routeFor(
  pathname: string,
  flags: Pick<AppConfig["flags"], "spaPages" | "overrideCookie">,
  modeCookie: string | undefined,
  flagModes?: Partial<Record<PageName, PageMode>>,
): PageMode | undefined {
  const page = pageOfPath(pathname);
  return page ? pageMode(page, flags, modeCookie, flagModes?.[page]) : undefined;
}

/** A request from outside for the internal SPA tree (404: the public path is the only way in). */
export function isInternalSpaPath(pathname: string): boolean {
  return pathname === SPA_ROUTE_PREFIX || pathname.startsWith(`${SPA_ROUTE_PREFIX}/`);
}
