// The paths of the app's own sign-in routes (app/auth/*), and the rule for the return URLs they carry:
// those arrive from query strings, so only same-origin paths may pass, or sign-in becomes an open
// redirect. Pure and dependency-free: proxy.ts, the API's error answers and the session side all use it
// without loading each other.

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

/** Where the sign-in side re-runs sign-in with a claims challenge or a forced prompt (GET /auth/reauth). */
export function reauthUrl(opts: { returnTo: string; claims?: string; prompt?: "login" }): string {
  const params = new URLSearchParams({ returnTo: safeReturnTo(opts.returnTo) });
  if (opts.prompt) params.set("prompt", opts.prompt);
  if (opts.claims) params.set("claims", Buffer.from(opts.claims, "utf8").toString("base64"));
  return `/auth/reauth?${params.toString()}`;
}
