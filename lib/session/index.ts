// The public surface of sign-in for pages, server actions and route handlers. Tokens never leave the
// server: the browser's cookie holds a session id and display claims; the store holds the tokens.
import "server-only";
import { decodeJwt } from "jose";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getConfig } from "@/lib/config";
import type { SpaHandoff } from "@/lib/spa/config";
import { HOST_SESSION_COOKIE, readSessionCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE } from "./cookie";
import { getRefresher, getSessions, getSpaCodes } from "./runtime";
import { signInPath } from "@/lib/auth-paths";
import type { SessionUser } from "./types";

export { finishBackendConsent, startBackendConsent, type ConsentOutcome } from "./backend-consent";
export { appOrigin, appUrl } from "@/lib/origin";
export { authjsDebug, authjsLogger } from "./authjs-logger";
export { withValidCallbackUrl } from "./callback-url";
export { secureCookiesFor, sessionCookieOption } from "./cookie";
export { requestSpaCode } from "./hybrid";
export { canOpenDiagnostics, isDirectoryAdmin } from "./permissions";
export { signInScope } from "./runtime";
export { startSession, type SignInAccount } from "./sign-in";
export { IDP_SID, SESSION_TTL_SECONDS } from "./store";
export type { IdTokenClaims, SessionRecord, SessionUser } from "./types";

async function currentSessionId(): Promise<string | undefined> {
  return (await readSessionCookie(await cookies(), getConfig().auth.secret))?.sid;
}

/**
 * The current request's backend-audience access token, refreshed first when it is about to expire;
 * null when there is no session or it ended (e.g. the refresh token was rejected: sign in again).
 * Throws AppError ERR_AUTH_REFRESH_FAILED / ERR_AUTH_REFRESH_TIMEOUT on transient failures.
 */
export async function getUserAccessToken(): Promise<{ accessToken: string; oid: string; tid: string } | null> {
  const sid = await currentSessionId();
  if (!sid) return null;
  const record = await getRefresher().getFreshSession(sid);
  return record ? { accessToken: record.accessToken, oid: record.oid, tid: record.tid } : null;
}

/** Whether the server session `sid` still exists (a cookie whose session ended is signed out). */
export async function sessionExists(sid: string): Promise<boolean> {
  return (await getSessions().load(sid)) !== undefined;
}

/** Ends the server session `sid` (Auth.js's sign-out event). */
export async function deleteSession(sid: string): Promise<void> {
  await getSessions().delete(sid);
}

/** The signed-in user (display claims), or null when signed out or the server session ended. */
export async function getCurrentUser(): Promise<SessionUser | null> {
  const sid = await currentSessionId();
  const record = sid ? await getSessions().load(sid) : undefined;
  return record
    ? {
        name: record.name,
        username: record.username,
        oid: record.oid,
        tid: record.tid,
        roles: rolesOf(record.accessToken),
      }
    : null;
}

/** The app roles of the session's own token (it came from the IdP through the server's code redemption). */
function rolesOf(accessToken: string): string[] {
  try {
    const { roles } = decodeJwt(accessToken);
    return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
  } catch {
    return [];
  }
}

/**
 * For the SPA wrapper: what lets msal-browser join the server's sign-in without any UI. `spaCode` (the
 * hybrid flow's one-time code) is handed out once per sign-in, then only `loginHint` (for ssoSilent).
 * Null when there is no server session. Never log the code.
 */
export async function takeSpaHandoff(): Promise<SpaHandoff | null> {
  const sid = await currentSessionId();
  const record = sid ? await getSessions().load(sid) : undefined;
  if (!record) return null;
  // Entra's opaque login_hint is an optional claim; where the tenant did not configure it, the UPN serves.
  const loginHint = record.loginHint || record.username || undefined;
  return {
    spaCode: await getSpaCodes().take(record.sid),
    loginHint,
    homeAccountId: `${record.oid}.${record.tid}`,
    username: record.username,
  };
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) redirect(signInPath(returnTo));
  return user;
}

/**
 * Front-channel sign-out: Entra names the session the user signed out of (`sid`), and every server
 * session signed in through it ends here (store entries and SPA hand-offs; the cookies then refer to
 * nothing, so the next request signs in again). Returns how many ended.
 */
export async function endIdpSession(idpSid: string): Promise<number> {
  const sids = await getSessions().endIdpSession(idpSid);
  await Promise.all(sids.map((sid) => getSpaCodes().delete(sid)));
  return sids.length;
}

/**
 * Ends the session here (store entry and cookie) and returns the IdP's end-session URL, which ends it
 * at Entra and comes back to `${appOrigin}/signed-out`. Call from a route handler or server action.
 */
export async function endSession(appOrigin: string): Promise<string> {
  const { entra } = getConfig();
  const jar = await cookies();
  const sid = await currentSessionId();
  const record = sid ? await getSessions().load(sid) : undefined;
  if (sid) await Promise.all([getSessions().delete(sid), getSpaCodes().delete(sid)]);
  for (const { name } of jar.getAll()) {
    // A __Secure-/__Host- cookie is only replaced by a Secure Set-Cookie, so delete with matching attributes.
    if ([SESSION_COOKIE, SECURE_SESSION_COOKIE, HOST_SESSION_COOKIE].some((prefix) => name.startsWith(prefix))) {
      jar.set(name, "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure: name.startsWith("__") });
    }
  }
  const params = new URLSearchParams({
    post_logout_redirect_uri: `${appOrigin}/signed-out`,
    client_id: entra.frontend.clientId,
  });
  if (record?.loginHint) params.set("logout_hint", record.loginHint);
  return `${entra.authority}/oauth2/v2.0/logout?${params}`;
}
