// Reads the NextAuth session cookie. Shared with proxy.ts, so it stays free of the store, pino and
// "server-only" (which the proxy bundle does not resolve the way server components do).
import { decode } from "next-auth/jwt";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";
/** Over https: Secure, Path=/ and no Domain, enforced by the browser, so no subdomain can set or shadow it. */
export const HOST_SESSION_COOKIE = "__Host-authjs.session-token";

/** What the encrypted cookie holds: the server session id and display claims, nothing else. */
export interface SessionCookieClaims {
  sid: string;
  name: string;
  preferred_username: string;
  oid: string;
  tid: string;
}

type CookieGetter = { get(name: string): { value: string } | undefined };

/** The decrypted cookie claims, or undefined when there is no valid session cookie. */
export async function readSessionCookie(
  cookies: CookieGetter,
  secret: string,
): Promise<SessionCookieClaims | undefined> {
  for (const name of [HOST_SESSION_COOKIE, SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const value = cookies.get(name)?.value;
    if (!value) continue;
    try {
      const token = await decode({ token: value, secret, salt: name });
      if (token && typeof token.sid === "string" && typeof token.oid === "string" && typeof token.tid === "string") {
        return token as unknown as SessionCookieClaims;
      }
    } catch {
      // a cookie from an old secret or a tampered one: treat as signed out
    }
  }
  return undefined;
}

/** Auth.js's `cookies` option: with Secure cookies, the session cookie takes the __Host- prefix. */
export function sessionCookieOption(secure: boolean | undefined) {
  if (!secure) return undefined;
  return {
    sessionToken: {
      name: HOST_SESSION_COOKIE,
      options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure: true },
    },
  };
}

/** Whether cookies must be Secure: everywhere except a plain-http localhost. */
export function secureCookiesFor(appUrl: string | undefined): boolean | undefined {
  if (!appUrl) return undefined; // let NextAuth decide from the request's protocol
  const { protocol, hostname } = new URL(appUrl);
  return protocol === "https:" || !["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}
