// The request gate: security headers with a per-request CSP nonce on every response, and sign-in for
// server-mode pages. Light on purpose (it runs on every request): no store, no MSAL, no logger here.
// API routes pass through; their handlers answer 401 themselves.
import { NextResponse, type NextRequest } from "next/server";
import { readSessionCookie } from "@/lib/auth/cookie";
import { signInPath } from "@/lib/auth/return-to";
import { getConfig } from "@/lib/config";

const SERVER_MODE_PAGES = ["profile", "directory", "groups"];

export async function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce);

  const { pathname, search } = request.nextUrl;
  if (needsServerSession(pathname) && !(await readSessionCookie(request.cookies, getConfig().auth.secret))) {
    return withSecurityHeaders(NextResponse.redirect(new URL(signInPath(`${pathname}${search}`), request.url)), csp);
  }

  // Next reads the nonce from the request's CSP header and puts it on its own inline scripts.
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
}

function needsServerSession(pathname: string): boolean {
  const page = pathname.split("/")[1] ?? "";
  if (!SERVER_MODE_PAGES.includes(page)) return false;
  const { spaPages } = getConfig().flags;
  return !(spaPages === "*" || spaPages.includes(page)); // SPA-mode pages sign in in the browser
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
    `frame-src ${idp}`,
    `form-action 'self' ${idp}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("X-Frame-Options", "DENY");
  return response;
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
