// The IdP session cookie (ESTSAUTH: the browser's session ids) and the browser-binding cookie that ties
// a pending sign-in to the browser that started it.
import { randomUUID } from "node:crypto";
import { parseCookies, serializeCookie, type Request } from "../http.ts";
import type { IdentityState, Session } from "./state.ts";

export const SESSION_COOKIE = "ESTSAUTH";
export const BROWSER_COOKIE = "ESTSBROWSER";

export function cookieSessions(state: IdentityState, req: Request): Session[] {
  const ids = (parseCookies(req)[SESSION_COOKIE] ?? "").split(" ").filter(Boolean);
  return ids.map((id) => state.sessions.get(id)).filter((s): s is Session => !!s && s.active);
}

export function sessionCookie(sessions: Session[]): string {
  return serializeCookie(SESSION_COOKIE, sessions.map((s) => s.id).join(" "));
}

/** Returns the browser id and, when the browser had none, the cookie that sets it. */
export function browserBinding(req: Request): { id: string; cookie?: string } {
  const existing = parseCookies(req)[BROWSER_COOKIE];
  if (existing) return { id: existing };
  const id = randomUUID();
  return { id, cookie: serializeCookie(BROWSER_COOKIE, id) };
}
