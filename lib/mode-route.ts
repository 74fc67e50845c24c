// How proxy.ts routes a flagged page: server mode renders app/<page>, SPA mode is rewritten to the
// internal twin app/spa/<page>, which only the rewrite may reach. Pure, for proxy.ts and its tests.
import type { AppConfig } from "./config";
import { pageMode, type PageMode } from "./flags";
import { isPageName } from "./pages";

/** Where SPA-mode pages live inside the app. */
export const SPA_ROUTE_PREFIX = "/spa";

/** The mode of the page a path is under (the same answer the page gets), or undefined for any other path. */
export function routeFor(pathname: string, flags: AppConfig["flags"], modeCookie: string | undefined): PageMode | undefined {
  const page = pathname.split("/")[1];
  if (!page || !isPageName(page)) return undefined;
  return pageMode(page, flags, modeCookie);
}

/** A request from outside for the internal SPA tree (404: the public path is the only way in). */
export function isInternalSpaPath(pathname: string): boolean {
  return pathname === SPA_ROUTE_PREFIX || pathname.startsWith(`${SPA_ROUTE_PREFIX}/`);
}
