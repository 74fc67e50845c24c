// The app's own origin, for every redirect it answers and every redirect URI it sends: the configured one
// (AUTH_URL, or the loopback URL of its port in dev and with the emulator), never the request's Host or
// X-Forwarded-* headers, which anyone can forge, unless the operator said a proxy in front of the app sets
// them (TRUST_PROXY_HEADERS=on without AUTH_URL). Free of "server-only": proxy.ts and instrumentation use it.
import { getConfig } from "@/lib/config";

type HeaderGetter = { get(name: string): string | null };

const HOST = /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

/** e.g. "https://app.example.com" (no trailing slash). */
export function appOrigin(headers?: HeaderGetter): string {
  return getConfig().auth.url ?? proxiedOrigin(headers);
}

/** `path` on the app's origin: what redirects are built from. */
export function appUrl(path: string, headers?: HeaderGetter): URL {
  return new URL(path, appOrigin(headers));
}

/** What the trusted proxy says the browser asked for: the first X-Forwarded-Proto / X-Forwarded-Host, else Host. */
function proxiedOrigin(headers: HeaderGetter | undefined): string {
  const first = (name: string) => headers?.get(name)?.split(",")[0]?.trim() || undefined;
  const proto = first("x-forwarded-proto") ?? "http";
  const host = [first("x-forwarded-host"), first("host")].find((h) => h && HOST.test(h));
  // Only a request with no usable host at all lands here; it gets an answer that leads nowhere else.
  if (!host || (proto !== "http" && proto !== "https")) return "http://localhost";
  return new URL(`${proto}://${host}`).origin;
}

/**
 * Auth.js builds its own URLs from process.env.AUTH_URL, or else from the request's X-Forwarded-Host: it is
 * given the configured origin, so that it never does (left unset only for TRUST_PROXY_HEADERS=on).
 */
export function pinAuthUrl(): void {
  const { url } = getConfig().auth;
  if (url && !process.env.AUTH_URL) process.env.AUTH_URL = url;
}
