// Bearer validation for Graph tokens, in the order Graph effectively applies it. Graph tokens carry a
// `nonce` in the JWT header and are signed over a header in which that nonce is replaced by
// base64url(SHA-256(nonce)) (spec §5.2), so only Graph itself can validate them: apps that try fail.
import { createHash } from "node:crypto";
import { compactVerify } from "jose";
import type { User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { GRAPH_APP_ID } from "../config.ts";
import { identityState } from "../identity/state.ts";
import { caeChallenge, unauthenticated, type GraphError } from "./errors.ts";

export const GRAPH_AUDIENCES = ["https://graph.microsoft.com", "https://graph.microsoft.com/", GRAPH_APP_ID];
const SKEW_SECONDS = 300;

export interface TokenClaims {
  iss?: unknown;
  aud?: unknown;
  tid?: unknown;
  nbf?: unknown;
  exp?: unknown;
  oid?: unknown;
  sub?: unknown;
  scp?: unknown;
  roles?: unknown;
  idtyp?: unknown;
  appid?: unknown;
  [claim: string]: unknown;
}

export type Caller =
  | { kind: "delegated"; user: User; scopes: Set<string>; appId: string; claims: TokenClaims }
  | { kind: "app"; roles: Set<string>; appId: string; servicePrincipalId: string; claims: TokenClaims };

interface JoseHeader {
  typ?: unknown;
  nonce?: unknown;
  alg?: unknown;
  x5t?: unknown;
  kid?: unknown;
}

const b64url = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

/** The header the signature covers: same keys and order as minted, nonce replaced by its hash. */
export function signedHeaderSegment(header: JoseHeader & { nonce: string }): string {
  const hashed = b64url(createHash("sha256").update(header.nonce, "utf8").digest());
  return b64url(JSON.stringify({ typ: header.typ, nonce: hashed, alg: header.alg, x5t: header.x5t, kid: header.kid }));
}

function decodeHeader(segment: string): JoseHeader | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return value && typeof value === "object" ? (value as JoseHeader) : undefined;
  } catch {
    return undefined;
  }
}

function bearer(authorization: string | undefined): string {
  const match = /^Bearer\s+(.*)$/i.exec(authorization ?? "");
  return match ? match[1].trim() : "";
}

export async function verifyGraphToken(
  ctx: EmulatorContext,
  authorization: string | undefined,
): Promise<Caller | GraphError> {
  const token = bearer(authorization);
  if (!token) return unauthenticated("Access token is empty.");

  const parts = token.split(".");
  if (parts.length !== 3) return unauthenticated("IDX14100: JWT is not well formed, there are no dots (.).");
  const header = decodeHeader(parts[0]);
  if (!header) return unauthenticated("Access token validation failure.");

  if (header.alg !== "RS256" || typeof header.kid !== "string")
    return unauthenticated("Access token validation failure.");
  const key = ctx.keys.byKid(header.kid);
  if (!key) return unauthenticated("Access token validation failure. Invalid signature.");
  // A token signed the ordinary way (no nonce, or signed over the raw nonce) fails here, as with Graph.
  if (typeof header.nonce !== "string") return unauthenticated("Access token validation failure. Invalid signature.");

  let claims: TokenClaims;
  try {
    const verified = await compactVerify(
      `${signedHeaderSegment({ ...header, nonce: header.nonce })}.${parts[1]}.${parts[2]}`,
      key.publicKey,
      { algorithms: ["RS256"] },
    );
    claims = JSON.parse(new TextDecoder().decode(verified.payload)) as TokenClaims;
  } catch {
    return unauthenticated("Access token validation failure. Invalid signature.");
  }
  if (!claims || typeof claims !== "object") return unauthenticated("Access token validation failure.");

  const tenantId = ctx.config.tenant.id;
  if (claims.iss !== `https://sts.windows.net/${tenantId}/`)
    return unauthenticated("Access token validation failure. Invalid issuer.");
  if (typeof claims.aud !== "string" || !GRAPH_AUDIENCES.includes(claims.aud))
    return unauthenticated("Access token validation failure. Invalid audience.");
  const now = ctx.clock.now();
  if (typeof claims.exp !== "number" || claims.exp + SKEW_SECONDS <= now)
    return unauthenticated("Lifetime validation failed, the token is expired.");
  if (typeof claims.nbf === "number" && claims.nbf - SKEW_SECONDS > now)
    return unauthenticated("Lifetime validation failed, the token is not yet valid.");
  if (claims.tid !== tenantId) return unauthenticated("Access token validation failure. Invalid tenant.");

  return principal(ctx, claims);
}

function principal(ctx: EmulatorContext, claims: TokenClaims): Caller | GraphError {
  const appId = typeof claims.appid === "string" ? claims.appid : "";
  if (claims.idtyp === "app" || typeof claims.scp !== "string") {
    if (typeof claims.oid !== "string") return unauthenticated("Access token validation failure.");
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
    return { kind: "app", roles: new Set(roles), appId, servicePrincipalId: claims.oid, claims };
  }
  const user = ctx.config.users.find((u) => u.oid === claims.oid);
  if (!user) return unauthenticated("Access token validation failure. User not found.");
  // Entra stops issuing tokens to disabled accounts; Graph also refuses ones still in flight.
  if (!user.accountEnabled) return unauthenticated("Access token validation failure. User account is disabled.");
  // Continuous access evaluation: a client that declared cp1 (xms_cc) learns at once that the user's sessions
  // were revoked after its token was issued; other tokens stay valid until they expire, as on Graph.
  const revokedAt = identityState(ctx).tokensValidFrom.get(user.oid);
  const caeCapable = Array.isArray(claims.xms_cc) && claims.xms_cc.some((c) => String(c).toLowerCase() === "cp1");
  if (caeCapable && revokedAt !== undefined && typeof claims.iat === "number" && claims.iat < revokedAt)
    return caeChallenge(revokedAt);
  return { kind: "delegated", user, scopes: new Set(claims.scp.split(" ").filter(Boolean)), appId, claims };
}
