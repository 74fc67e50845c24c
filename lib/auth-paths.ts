// Return URLs arrive from query strings: only same-origin paths may pass, or sign-in becomes an open redirect.
// Pure and dependency-free so proxy.ts can use it too.

const BASE = "http://return-to.invalid";

/** A path a browser would read as another host: "//host" or "/\\host". */
const otherHost = (path: string) => path.startsWith("//") || path.startsWith("/\\");

/**
 * `value` when it is a path on this origin ("/profile?x=1#y"), else `fallback`. The normalized path is
 * what gets sent, so it is checked too: "/.//evil.com", "/%2e//x" and "/a/..//x" all normalize to "//…".
 */
export function safeReturnTo(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || otherHost(value)) return fallback;
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE || otherHost(url.pathname)) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}

/** The app's own route that starts sign-in and comes back to `returnTo`. */
export function signInPath(returnTo: string): string {
  return `/auth/signin?${new URLSearchParams({ returnTo: safeReturnTo(returnTo) })}`;
}

/**
 * The app's own route that asks the user to consent to the BACKEND's Graph permissions (GET /auth/consent):
 * all it registers, or only `scopes` (incremental consent for a permission a page added later).
 */
export function backendConsentPath(returnTo: string, scopes: readonly string[] = []): string {
  const params = new URLSearchParams({ returnTo: safeReturnTo(returnTo) });
  if (scopes.length) params.set("scope", scopes.join(" "));
  return `/auth/consent?${params}`;
}
