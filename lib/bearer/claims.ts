import "server-only";

// The claims of an access token that a caller keeps, read the same way from v1 and v2 tokens.

/** The claims a Caller keeps; everything else in the token is dropped. */
export interface TokenClaims {
  aud: string;
  iss: string;
  tid: string;
  azp?: string;
  /** How the client authenticated: "0" public, "1" secret, "2" certificate (v1 tokens: appidacr). */
  azpacr?: string;
  /** "app" for app-only tokens (client credentials). */
  idtyp?: string;
  scp?: string;
  roles?: string[];
  exp: number;
}

export interface ValidatedToken {
  claims: TokenClaims;
  oid: string | undefined;
  name: string | undefined;
  username: string | undefined;
  /** true for app-only tokens (client credentials): roles, no scp. */
  appOnly: boolean;
}

export function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** The claims a caller keeps from a decoded access token; v1's appid/appidacr fill azp/azpacr. */
export function claimsOf(payload: Record<string, unknown>): TokenClaims {
  const claims: TokenClaims = {
    aud: str(payload.aud) ?? "",
    iss: str(payload.iss) ?? "",
    tid: str(payload.tid) ?? "",
    exp: typeof payload.exp === "number" ? payload.exp : 0,
  };
  const azp = str(payload.azp) ?? str(payload.appid);
  const azpacr = str(payload.azpacr) ?? str(payload.appidacr);
  const scp = str(payload.scp);
  if (azp) claims.azp = azp;
  if (azpacr) claims.azpacr = azpacr;
  if (str(payload.idtyp)) claims.idtyp = str(payload.idtyp);
  if (scp !== undefined) claims.scp = scp;
  if (Array.isArray(payload.roles)) claims.roles = payload.roles.filter((r): r is string => typeof r === "string");
  return claims;
}

/** v2 tokens name the user preferred_username; v1 tokens upn (or unique_name for guests). */
export const usernameOf = (payload: Record<string, unknown>): string | undefined =>
  str(payload.preferred_username) ?? str(payload.upn) ?? str(payload.unique_name);
