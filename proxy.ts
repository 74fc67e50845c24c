// The request gate: security headers with a per-request CSP nonce on every response, sign-in for
// server-mode pages, and mode routing: an SPA-mode page is rewritten to its twin under app/spa/, so a
// server-mode page's bundle never references MSAL. Light on purpose (it runs on every request): no MSAL
// here, and the page-mode flags cost a memo lookup per request (lib/rollout keeps answers per user and
// reads the user's groups through an in-process memo). API routes pass through; they answer 401 themselves.
import { NextResponse, type NextRequest } from "next/server";
import { appOrigin, appUrl } from "@/lib/origin";
import { signInPath } from "@/lib/auth-paths";
import { getConfig } from "@/lib/config";
import { isCrossSiteWrite } from "@/lib/csrf";
import { MODE_COOKIE } from "@/lib/flags";
import { isInternalSpaPath, routeFor, SPA_ROUTE_PREFIX } from "@/lib/mode-route";
import { PAGE_MODES_HEADER, resolvePageModes, serializeModes } from "@/lib/rollout";
import { securityHeaders } from "@/lib/security-headers";
import { SPA_REDIRECT_PATH } from "@/lib/spa/paths";

const FRONT_CHANNEL_LOGOUT_PATH = "/auth/frontchannel-logout";

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const withSecurityHeaders = (response: NextResponse) =>
    withHeaders(response, csp, securityHeaders(appOrigin(request.headers)));

  const { pathname, search } = request.nextUrl;
  // A page's form post (a Server Action) from another site: refused here with a 403, not Next's 500.
  if (!pathname.startsWith("/api/") && isCrossSiteWrite(request.method, request.headers)) {
    return withSecurityHeaders(
      new NextResponse("Cross-site form posts are refused.", {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8" },
      }),
    );
  }
  if (isInternalSpaPath(pathname)) {
    return withSecurityHeaders(
      new NextResponse("Not Found", { status: 404, headers: { "content-type": "text/plain" } }),
    );
  }
  // Page modes are decided here once per page request, and the page reads this answer (PAGE_MODES_HEADER).
  const decided = isPageRequest(pathname) ? await resolvePageModes(request.cookies) : undefined;
  const route = routeFor(pathname, getConfig().flags, request.cookies.get(MODE_COOKIE)?.value, decided?.flagModes);
  if (route === "server" && !decided?.signedIn) {
    if (isFetch(request)) {
      // A client-side navigation (next/link) fetches the page's RSC payload, and fetch cannot follow a
      // redirect to the IdP (CORS error in the console): answer 401 so the router loads the page for
      // real, which the redirect below then sends to sign-in. (Next strips the `rsc` header here.)
      return withSecurityHeaders(new NextResponse(null, { status: 401, headers: { "cache-control": "no-store" } }));
    }
    return withSecurityHeaders(NextResponse.redirect(appUrl(signInPath(`${pathname}${search}`), request.headers)));
  }

  // Next reads the nonce from the request's CSP header and puts it on its own inline scripts.
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  headers.delete(PAGE_MODES_HEADER); // only this proxy may say
  if (decided) headers.set(PAGE_MODES_HEADER, serializeModes(decided.modes));
  if (route === "spa") {
    // SPA-mode pages sign in in the browser (msal-browser), so no server redirect here.
    const target = request.nextUrl.clone();
    target.pathname = `${SPA_ROUTE_PREFIX}${pathname}`;
    return withSecurityHeaders(NextResponse.rewrite(target, { request: { headers } }));
  }
  const response = withSecurityHeaders(NextResponse.next({ request: { headers } }));
  // msal-browser's silent SSO loads the redirect page in a hidden iframe of our own pages.
  if (pathname === SPA_REDIRECT_PATH) allowFraming(response, csp, "'self'", "SAMEORIGIN");
  // Entra's signed-out page loads it in a hidden iframe (front-channel sign-out); only the IdP may frame it.
  if (pathname === FRONT_CHANNEL_LOGOUT_PATH) allowFraming(response, csp, getConfig().entra.instance);
  return response;
}

/** The one page a given ancestor may frame; X-Frame-Options can only say "same origin", so it goes otherwise. */
function allowFraming(response: NextResponse, csp: string, ancestor: string, xFrameOptions?: "SAMEORIGIN"): void {
  response.headers.set("Content-Security-Policy", csp.replace("frame-ancestors 'none'", `frame-ancestors ${ancestor}`));
  if (xFrameOptions) response.headers.set("X-Frame-Options", xFrameOptions);
  else response.headers.delete("X-Frame-Options");
}

/** Requests that render a page (API routes and the sign-in routes do not, and skip flag evaluation). */
function isPageRequest(pathname: string): boolean {
  return !pathname.startsWith("/api/") && !pathname.startsWith("/auth/");
}

/** A fetch()/XHR rather than a navigation, by the browser's own Sec-Fetch-Mode (absent: treat as navigation). */
function isFetch(request: NextRequest): boolean {
  const mode = request.headers.get("sec-fetch-mode");
  return mode !== null && mode !== "navigate";
}

function contentSecurityPolicy(nonce: string): string {
  const idp = getConfig().entra.instance; // msal-browser talks to it; sign-in and sign-out forms redirect to it
  const dev = process.env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${idp}`,
    `frame-src 'self' ${idp}`, // msal-browser's silent SSO iframe starts at the IdP and lands on /spa-redirect
    `form-action 'self' ${idp}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

function withHeaders(response: NextResponse, csp: string, headers: Record<string, string>): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Probes skip the gate: no headers to set, no session to read.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|healthz$|readyz$).*)"],
};
