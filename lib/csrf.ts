// Cross-site request refusal for writes that ride on the session cookie: the page's form posts (Server
// Actions, refused in proxy.ts before Next's own origin check would answer 500) and cookie-authenticated
// API writes. By the browser's own headers: an Origin that is not this host, or Sec-Fetch-Site
// cross-site/same-site. Requests without either (curl, server-to-server) carry no browser's cookies.
// Pure: proxy.ts and route handlers both call it.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host the browser addressed, as Next's Server Action check reads it (a proxy's forwarded host first). */
function requestHost(headers: Headers): string | undefined {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host") || undefined;
}

export function isCrossSite(headers: Headers): boolean {
  const site = headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  if (origin === "null") return true; // sandboxed frames, data: URLs, privacy redirects
  try {
    return new URL(origin).host !== requestHost(headers);
  } catch {
    return true;
  }
}

/** A state-changing request (not GET/HEAD/OPTIONS) sent from another site. */
export function isCrossSiteWrite(method: string, headers: Headers): boolean {
  return !SAFE_METHODS.has(method.toUpperCase()) && isCrossSite(headers);
}
