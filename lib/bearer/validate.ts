import "server-only";
import { createHash } from "node:crypto";
import { compactVerify, createRemoteJWKSet, errors as joseErrors, type JWTVerifyGetKey } from "jose";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { LruCache } from "@/lib/lru";
import { markFailed, startSpan } from "@/lib/telemetry/trace";
import { getOpenIdConfiguration, getV1Issuer } from "@/lib/discovery";

// Validation of access tokens sent to this API as `Authorization: Bearer`, the way Microsoft.Identity.Web
// does it: an ordered list of named checks, read top to bottom, each failing with its own code. Tokens of
// both versions are accepted: the backend registration (api.requestedAccessTokenVersion), not the client,
// decides which one Entra issues, and a new registration issues v1.

const SKEW_SECONDS = 300;
const JWKS_OPTIONS = { cacheMaxAge: 24 * 60 * 60 * 1000, cooldownDuration: 30_000, timeoutDuration: 10_000 };

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

export interface BearerRequirement {
  /** Delegated scope the token must carry; defaults to the backend's scope (access_as_user). */
  scope?: string;
  /** App roles any one of which also admits the token (service callers). */
  roles?: string[];
}

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

const invalid = (check: BearerCheck, cause?: unknown) =>
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

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

/** SHA-256 of a token (the validation cache's key; also the OBO partition key of the same token). */
export const tokenDigest = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();

// Validation results by SHA-256 of the token, so a token seen again skips the RS256 verification: only
// tokens that passed every check, kept until exp minus the skew, re-checked for exp/nbf on each use. What
// the token may do (scope/role) is still checked per call by validateBearerToken. Never holds a token.
interface CachedValidation {
  result: ValidatedToken;
  exp: number;
  nbf: number | undefined;
}
const VALIDATION_CACHE_MAX = 10_000;
const VALIDATIONS = Symbol.for("entra-dual-mode.bearer-validations");
type WithValidations = typeof globalThis & { [VALIDATIONS]?: LruCache<CachedValidation> };
const validations = () =>
  ((globalThis as WithValidations)[VALIDATIONS] ??= new LruCache<CachedValidation>(
    VALIDATION_CACHE_MAX,
    VALIDATION_CACHE_MAX,
  ));

/** Tests: forget every cached validation. */
export function clearValidationCache(): void {
  validations().clear();
}

// A copy, so nothing a caller does to its claims reaches the cache or another request.
const copy = (v: ValidatedToken): ValidatedToken => ({
  ...v,
  claims: { ...v.claims, ...(v.claims.roles ? { roles: [...v.claims.roles] } : {}) },
});

/**
 * Authentication only: the ordered checks that make a token valid for this API (401 when one fails).
 * What the token may do is the caller's business: validateBearerToken's scope check, or a policy (lib/bearer/policy).
 * `digest`: the token's SHA-256 when the caller already has it (tokenDigest).
 */
export async function verifyAccessToken(
  token: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  digest?: Buffer,
): Promise<ValidatedToken> {
  // Traced: whether the validation was remembered, and which named check failed. Never the token.
  const span = startSpan("auth.validate_bearer");
  try {
    const key = (digest ?? tokenDigest(token)).toString("hex");
    const cached = validations().get(key);
    span?.setAttribute("auth.validation.cached", Boolean(cached));
    if (cached) {
      // The same lifetime checks as below: a cached token is refused once expired (or before nbf).
      if (cached.exp + SKEW_SECONDS <= nowSeconds) throw invalid("expiry");
      if (cached.nbf !== undefined && cached.nbf - SKEW_SECONDS > nowSeconds) throw invalid("not_before");
      return copy(cached.result);
    }
    const { result, exp, nbf } = await verifyUncached(token, nowSeconds);
    const ttl = exp - SKEW_SECONDS - nowSeconds;
    if (ttl > 0) validations().set(key, { result: copy(result), exp, nbf }, ttl);
    return result;
  } catch (err) {
    if (span) {
      markFailed(span, err);
      if (err instanceof AppError && err.details.check) span.setAttribute("auth.check", err.details.check);
    }
    throw err;
  } finally {
    span?.end();
  }
}

async function verifyUncached(token: string, nowSeconds: number): Promise<CachedValidation> {
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
  let payload: Record<string, unknown> | undefined;
  try {
    const verified = await compactVerify(token, await signingKeys(), { algorithms: ["RS256"] });
    payload = decodeSegment(Buffer.from(verified.payload).toString("base64url"));
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

export async function validateBearerToken(
  token: string,
  requirement: BearerRequirement = {},
  nowSeconds = Math.floor(Date.now() / 1000),
  digest?: Buffer,
): Promise<ValidatedToken> {
  const validated = await verifyAccessToken(token, nowSeconds, digest);
  const { backend } = getConfig().entra;
  const { scp, roles } = validated.claims;
  // scope (403, not 401: the token is fine, it just does not grant this operation)
  const requiredScope = requirement.scope ?? backend.scope;
  const scopes = (scp ?? "").split(" ").filter(Boolean);
  const roleOk = (requirement.roles ?? []).some((r) => roles?.includes(r));
  if (!scopes.includes(requiredScope) && !roleOk) {
    throw new AppError("ERR_INSUFFICIENT_SCOPE", {
      scopes: requirement.roles?.length && !scp ? requirement.roles : [`${backend.appIdUri}/${requiredScope}`],
    });
  }
  return validated;
}
