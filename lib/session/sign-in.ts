import "server-only";
import { cookies } from "next/headers";
import { decodeJwt } from "jose";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { readSessionCookie, type SessionCookieClaims } from "./cookie";
import { AppError } from "@/lib/errors";
import { getSessions, getSpaCodes } from "./runtime";
import { newSessionId } from "./store";
import type { IdTokenClaims, SessionRecord } from "./types";

/** The token response fields NextAuth hands the jwt callback on sign-in. */
export interface SignInAccount {
  access_token?: string;
  expires_at?: number;
  expires_in?: number;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  /** The hybrid flow's second code, for msal-browser (asked for with return_spa_code=1). */
  spa_code?: string;
}

/**
 * Moves the tokens of a fresh sign-in into the server store and returns the claims the cookie may hold.
 * A session this browser already had (re-authentication) is deleted, so its tokens do not linger.
 */
export async function startSession(
  account: SignInAccount,
  profile: IdTokenClaims | undefined,
): Promise<SessionCookieClaims> {
  const claims: IdTokenClaims = { ...(account.id_token ? decodeJwt(account.id_token) : {}), ...profile };
  if (!claims.oid || !claims.tid || !account.access_token) throw new AppError("ERR_AUTH_SIGN_IN_INCOMPLETE");
  await endPreviousSession();
  const now = Math.floor(Date.now() / 1000);
  const record: SessionRecord = {
    sid: newSessionId(),
    oid: claims.oid,
    tid: claims.tid,
    name: claims.name ?? claims.preferred_username ?? "",
    username: claims.preferred_username ?? claims.email ?? "",
    loginHint: claims.login_hint,
    ...(claims.sid ? { idpSid: claims.sid } : {}),
    accessToken: account.access_token,
    accessTokenExpiresAt: account.expires_at ?? now + (account.expires_in ?? 3600),
    refreshToken: account.refresh_token,
    scope: account.scope,
    createdAt: now,
    updatedAt: now,
  };
  await getSessions().save(record);
  if (account.spa_code) await getSpaCodes().put(record.sid, account.spa_code);
  log.info({ oid: record.oid, tid: record.tid }, "signed in");
  return { sid: record.sid, name: record.name, preferred_username: record.username, oid: record.oid, tid: record.tid };
}

async function endPreviousSession(): Promise<void> {
  try {
    const previous = await readSessionCookie(await cookies(), getConfig().auth.secret);
    if (previous) await Promise.all([getSessions().delete(previous.sid), getSpaCodes().delete(previous.sid)]);
  } catch {
    // outside a request (tests) there are no cookies to read
  }
}
