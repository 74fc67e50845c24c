import "server-only";
import { createHash } from "node:crypto";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { LruCache } from "@/lib/lru";
import { markFailed, startSpan } from "@/lib/telemetry/trace";
import { invalid, SKEW_SECONDS, verifyUncached, type CachedValidation } from "./checks";
import type { ValidatedToken } from "./claims";

// Bearer tokens sent to this API: authentication by the ordered checks (checks.ts), remembered per token,
// then what the token may do (validateBearerToken's scope, or a policy).

export interface BearerRequirement {
  /** Delegated scope the token must carry; defaults to the backend's scope (access_as_user). */
  scope?: string;
  /** App roles any one of which also admits the token (service callers). */
  roles?: string[];
}

/** SHA-256 of a token (the validation cache's key; also the OBO partition key of the same token). */
export const tokenDigest = (token: string): Buffer => createHash("sha256").update(token, "utf8").digest();

// Validation results by SHA-256 of the token, so a token seen again skips the RS256 verification: only
// tokens that passed every check, kept until exp minus the skew, re-checked for exp/nbf on each use. What
// the token may do (scope/role) is still checked per call by validateBearerToken. Never holds a token.
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
      // The same lifetime checks as verifyUncached's: a cached token is refused once expired (or before nbf).
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
