import "server-only";
import { decodeJwt } from "jose";
import { AppError } from "@/lib/errors";
import { claimsOf, usernameOf, type TokenClaims } from "./claims";
import { tokenDigest, validateBearerToken, type BearerRequirement } from "./validate";

// Every route handler starts here: the caller is either the NextAuth session (server mode) or a bearer
// token (SPA mode, other services). Either way it ends as the assertion the OBO exchange needs.

export interface UserCaller {
  kind: "user";
  via: "session" | "bearer";
  /** The backend-audience access token, used as the OBO assertion. Never log it. */
  assertion: string;
  /** SHA-256 of `assertion` when already computed (bearer validation), so the OBO cache need not hash it again. */
  assertionDigest?: Buffer;
  oid: string;
  tid: string;
  name: string;
  username: string;
  claims: TokenClaims;
}

export interface AppCaller {
  kind: "app";
  via: "bearer";
  appId: string;
  /** The client's service principal object id (the token's oid). */
  servicePrincipalId: string;
  tid: string;
  claims: TokenClaims;
}

export type Caller = UserCaller | AppCaller;

export interface CallerOptions extends BearerRequirement {
  /** Admit app-only tokens (client credentials) carrying one of `roles`; default: users only. */
  allowApp?: boolean;
}

export async function resolveCaller(request: Request, options: CallerOptions = {}): Promise<Caller> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) return bearerCaller(authorization, options);
  return sessionCaller();
}

/** For server components: the signed-in user's session as a Caller, or ERR_UNAUTHENTICATED. */
export async function resolveSessionCaller(): Promise<UserCaller> {
  return sessionCaller();
}

async function bearerCaller(authorization: string, options: CallerOptions): Promise<Caller> {
  const match = /^Bearer +([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(authorization);
  if (!match)
    throw new AppError(
      "ERR_INVALID_TOKEN",
      { check: "format" },
      { message: "The Authorization header must be 'Bearer <access token>'." },
    );
  const token = match[1];
  const digest = tokenDigest(token);
  const v = await validateBearerToken(token, options, undefined, digest);
  if (v.appOnly) {
    if (!options.allowApp)
      throw new AppError(
        "ERR_INSUFFICIENT_SCOPE",
        { scopes: [] },
        { message: "This operation needs a signed-in user; app-only tokens are not accepted." },
      );
    return {
      kind: "app",
      via: "bearer",
      appId: v.claims.azp ?? "",
      servicePrincipalId: v.oid ?? "",
      tid: v.claims.tid,
      claims: v.claims,
    };
  }
  if (!v.oid) throw new AppError("ERR_INVALID_TOKEN", { check: "token_type" });
  return {
    kind: "user",
    via: "bearer",
    assertion: token,
    assertionDigest: digest,
    oid: v.oid,
    tid: v.claims.tid,
    name: v.name ?? "",
    username: v.username ?? "",
    claims: v.claims,
  };
}

async function sessionCaller(): Promise<UserCaller> {
  // Imported lazily: the NextAuth configuration is only needed on the session path.
  const { getUserAccessToken } = await import("@/lib/session");
  let session: Awaited<ReturnType<typeof getUserAccessToken>>;
  try {
    session = await getUserAccessToken();
  } catch (err) {
    // A refresh that failed transiently (5xx, network, lock timeout) is the IdP's outage, not the user's.
    if (err instanceof AppError && err.code.startsWith("ERR_AUTH_"))
      throw new AppError(
        err.code === "ERR_AUTH_SIGN_IN_INCOMPLETE" ? "ERR_UNAUTHENTICATED" : "ERR_IDP_UNAVAILABLE",
        {},
        { cause: err },
      );
    throw err;
  }
  if (!session) throw new AppError("ERR_UNAUTHENTICATED");
  return sessionTokenCaller(session);
}

/** A server session's backend token as a Caller (also at sign-in, before the session is stored). */
export function sessionTokenCaller(session: { accessToken: string; oid: string; tid: string }): UserCaller {
  // The token came straight from the token endpoint over TLS into our session store: decoding suffices.
  const p = decodeJwt(session.accessToken);
  const claims: TokenClaims = claimsOf(p);
  claims.tid ||= session.tid;
  return {
    kind: "user",
    via: "session",
    assertion: session.accessToken,
    oid: session.oid,
    tid: session.tid,
    name: typeof p.name === "string" ? p.name : "",
    username: usernameOf(p) ?? "",
    claims,
  };
}
