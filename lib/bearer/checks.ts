import "server-only";
import { compactVerify, createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey } from "jose";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { getOpenIdConfiguration, getV1Issuer } from "@/lib/discovery";
import { claimsOf, decodeSegment, str, usernameOf, type ValidatedToken } from "./claims";

// Validation of access tokens sent to this API as `Authorization: Bearer`, the way Microsoft.Identity.Web
// does it: an ordered list of named checks, read top to bottom, each failing with its own code. Tokens of
// both versions are accepted: the backend registration (api.requestedAccessTokenVersion), not the client,
// decides which one Entra issues, and a new registration issues v1.

export const SKEW_SECONDS = 300;
const JWKS_OPTIONS = { cacheMaxAge: 24 * 60 * 60 * 1000, cooldownDuration: 30_000, timeoutDuration: 10_000 };

export type BearerCheck =
  | "format"
  | "algorithm"
  | "key_id"
  | "signing_key"
  | "signature"
  | "issuer"
  | "tenant"
  | "audience"
  | "expiry"
  | "not_before"
  | "token_type";

const DESCRIPTIONS: Record<BearerCheck, string> = {
  format: "The token is not a signed JWT.",
  algorithm: "The token must be signed with RS256.",
  key_id: "The token header has no key id (kid).",
  signing_key: "The token was signed with a key the issuer does not publish.",
  signature: "The token signature is invalid.",
  issuer: "The token issuer is not trusted.",
  tenant: "The token's tenant is not allowed.",
  audience: "The token audience is not this API.",
  expiry: "The token is expired.",
  not_before: "The token is not yet valid.",
  token_type: "The token is not an access token for this API.",
};

export function describeCheck(check: string): string {
  return DESCRIPTIONS[check as BearerCheck] ?? DESCRIPTIONS.format;
}

export const invalid = (check: BearerCheck, cause?: unknown) =>
  new AppError("ERR_INVALID_TOKEN", { check }, { message: DESCRIPTIONS[check], cause });

const jwksByUri = new Map<string, JWTVerifyGetKey>();

async function signingKeys(): Promise<JWTVerifyGetKey> {
  const { jwks_uri } = await getOpenIdConfiguration(getConfig().entra.authority);
  let jwks = jwksByUri.get(jwks_uri);
  if (!jwks) jwksByUri.set(jwks_uri, (jwks = createRemoteJWKSet(new URL(jwks_uri), JWKS_OPTIONS)));
  return jwks;
}

interface Header {
  alg?: unknown;
  kid?: unknown;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant an issuer of this instance names: v2 `{instance}/{tid}/v2.0`, or v1, the tenant's v1 metadata
 * issuer (`https://sts.windows.net/{tid}/` in the public cloud) with `tid` in the tenant's place. Anything
 * else: undefined. The v1 metadata is fetched only for a token that is not v2.
 */
async function issuerTenant(iss: string): Promise<string | undefined> {
  const { entra } = getConfig();
  const v2 = `${entra.instance}/`;
  if (iss.endsWith("/v2.0")) {
    const tid = iss.startsWith(v2) ? iss.slice(v2.length, -"/v2.0".length) : "";
    return GUID.test(tid) ? tid : undefined;
  }
  const home = await getV1Issuer(entra.authority);
  const at = home.toLowerCase().indexOf(entra.tenantId.toLowerCase());
  if (at < 0) return undefined;
  const prefix = home.slice(0, at);
  const suffix = home.slice(at + entra.tenantId.length);
  const tid =
    iss.startsWith(prefix) && iss.endsWith(suffix) ? iss.slice(prefix.length, iss.length - suffix.length) : "";
  return GUID.test(tid) ? tid : undefined;
}

/** What the checks found, and the lifetime a cached validation is re-checked against. */
export interface CachedValidation {
  result: ValidatedToken;
  exp: number;
  nbf: number | undefined;
}

/** The named checks, in order: the first that fails is the one the 401 names. */
export async function verifyUncached(token: string, nowSeconds: number): Promise<CachedValidation> {
  const { entra } = getConfig();

  // format
  const parts = token.split(".");
  const header = parts.length === 3 ? (decodeSegment(parts[0]) as Header | undefined) : undefined;
  if (!header || !parts[1]) throw invalid("format");
  // algorithm: RS256 only, so "none" and HS256-with-the-public-key never reach a verifier
  if (header.alg !== "RS256") throw invalid("algorithm");
  // key_id
  if (typeof header.kid !== "string" || !header.kid) throw invalid("key_id");
  if (!parts[2]) throw invalid("signature");

  // signing_key + signature (an unknown kid refreshes the JWKS, at most once per cooldown)
  const payload = await verifiedPayload(token);
  if (!payload) throw invalid("format");

  // issuer: a v2 or v1 issuer of this instance (Entra's multi-tenant rule: it names a tenant, checked next)
  const iss = str(payload.iss);
  const tid = str(payload.tid);
  const issuerTid = iss ? await issuerTenant(iss) : undefined;
  if (!iss || issuerTid === undefined) throw invalid("issuer");
  // tenant: the issuer's tenant is the token's tid, and that tenant is ours or explicitly allowed
  if (!tid || issuerTid !== tid || (tid !== entra.tenantId && !entra.allowedTenants.includes(tid)))
    throw invalid("tenant");
  // audience: the backend's client id (always, in v2 tokens) or its App ID URI (v1: as the client asked)
  const aud = str(payload.aud);
  if (!aud || (aud !== entra.backend.clientId && aud !== entra.backend.appIdUri)) throw invalid("audience");
  // expiry / not_before, with five minutes of clock skew either way
  if (typeof payload.exp !== "number" || payload.exp + SKEW_SECONDS <= nowSeconds) throw invalid("expiry");
  if (payload.nbf !== undefined && (typeof payload.nbf !== "number" || payload.nbf - SKEW_SECONDS > nowSeconds))
    throw invalid("not_before");
  // token_type: an access token carries scp (delegated) or roles (app-only). An app with no role assigned
  // still gets a token, without `roles`: idtyp "app" says so where the backend asked for that optional
  // claim, else oid = sub (the client's service principal; a user's sub is pairwise). An ID token has none.
  const claims = claimsOf(payload);
  const { scp, roles, idtyp } = claims;
  const oid = str(payload.oid);
  const appWithoutRoles = scp === undefined && (idtyp === "app" || (oid !== undefined && oid === str(payload.sub)));
  if (scp === undefined && roles === undefined && !appWithoutRoles) throw invalid("token_type");

  const result: ValidatedToken = {
    claims,
    oid,
    name: str(payload.name),
    username: usernameOf(payload),
    appOnly: scp === undefined || idtyp === "app",
  };
  return { result, exp: payload.exp, nbf: payload.nbf as number | undefined };
}

/** The payload once the signature is verified against the issuer's published keys (signing_key, signature). */
async function verifiedPayload(token: string): Promise<Record<string, unknown> | undefined> {
  try {
    const verified = await compactVerify(token, await signingKeys(), { algorithms: ["RS256"] });
    return decodeSegment(Buffer.from(verified.payload).toString("base64url"));
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof joseErrors.JWKSNoMatchingKey) throw invalid("signing_key", err);
    // The keys could not be read (timeout, unreachable, a non-200 answer: jose's generic JOSEError):
    // the IdP's outage, not the caller's token.
    if (
      err instanceof joseErrors.JWKSTimeout ||
      err instanceof joseErrors.JWKSInvalid ||
      err instanceof TypeError ||
      (err instanceof joseErrors.JOSEError && err.code === "ERR_JOSE_GENERIC")
    ) {
      throw new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: err });
    }
    throw invalid("signature", err);
  }
}
