import "server-only";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import type { TokenClaims } from "./claims";
import { verifyAccessToken } from "./validate";
import type { AppCaller, UserCaller } from "./caller";

// Authorization policies: an ordered list of named rules over the claims of a token that has already
// passed authentication (lib/bearer/validate, 401 on failure). The first rule that fails answers 403
// { error: "forbidden", rule, message }, so a daemon's operator learns exactly what to fix.

export type PolicyRuleName = "app_only" | "role" | "certificate_credential";

export interface PolicyRule {
  name: PolicyRuleName;
  /** Fixed text for the 403 body; never token contents. */
  message: string;
  test(claims: TokenClaims): boolean;
}

export interface AuthorizationPolicy {
  /** For logs and tests only. */
  name: string;
  rules: readonly PolicyRule[];
}

export const rules = {
  /** Client credentials, not a user: no `scp`, and `idtyp` (when present) is "app". */
  appOnly: (): PolicyRule => ({
    name: "app_only",
    message: "This API accepts only app-only tokens (client credentials); a token issued for a user is not accepted.",
    test: (c) => c.scp === undefined && (c.idtyp ?? "app") === "app",
  }),
  /** An app role assigned on the backend (to the caller's service principal, or to the signed-in user). */
  role: (role: string): PolicyRule => ({
    name: "role",
    message: `The caller has not been assigned the app role '${role}' on this API.`,
    test: (c) => c.roles?.includes(role) ?? false,
  }),
  /** The client proved possession of a certificate key (azpacr / appidacr "2"), not a shared secret ("1"). */
  certificateCredential: (): PolicyRule => ({
    name: "certificate_credential",
    message:
      "The calling application must authenticate with a certificate; tokens obtained with a client secret are not accepted.",
    test: (c) => c.azpacr === "2",
  }),
};

/** Daemons calling /api/service/*: app-only, assigned the backend's service role, certificate credential. */
export function servicePolicy(role = getConfig().entra.backend.roles.service): AuthorizationPolicy {
  return { name: "service", rules: [rules.appOnly(), rules.role(role), rules.certificateCredential()] };
}

/** Signed-in users of the admin pages: the backend's Directory.Admin app role in their token's `roles`. */
export function directoryAdminPolicy(role = getConfig().entra.backend.roles.directoryAdmin): AuthorizationPolicy {
  return { name: "directory-admin", rules: [rules.role(role)] };
}

/** The first rule `claims` fail, or undefined when the policy admits them. */
export function evaluatePolicy(policy: AuthorizationPolicy, claims: TokenClaims): PolicyRule | undefined {
  return policy.rules.find((rule) => !rule.test(claims));
}

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*)\s*$/i;

/** Authenticates the request's bearer token (401) and applies `policy` to it (403 naming the rule). */
export async function authorizeApp(request: Request, policy: AuthorizationPolicy): Promise<AppCaller> {
  const authorization = request.headers.get("authorization");
  if (authorization === null)
    throw new AppError(
      "ERR_UNAUTHENTICATED",
      {},
      { message: "Send an app-only access token for this API in the Authorization header." },
    );
  const match = BEARER.exec(authorization);
  if (!match)
    throw new AppError(
      "ERR_INVALID_TOKEN",
      { check: "format" },
      { message: "The Authorization header must be 'Bearer <access token>'." },
    );
  const { claims, oid } = await verifyAccessToken(match[1]);
  const failed = evaluatePolicy(policy, claims);
  if (failed) throw new AppError("ERR_FORBIDDEN", { rule: failed.name }, { message: failed.message });
  return {
    kind: "app",
    via: "bearer",
    appId: claims.azp ?? "",
    servicePrincipalId: oid ?? "",
    tid: claims.tid,
    claims,
  };
}

/** For a user already resolved from the session or a bearer token: 403 naming the failed rule. */
export function authorizeUser(caller: UserCaller, policy: AuthorizationPolicy): UserCaller {
  const failed = evaluatePolicy(policy, caller.claims);
  if (failed) throw new AppError("ERR_FORBIDDEN", { rule: failed.name }, { message: failed.message });
  return caller;
}

export function requireServiceCaller(request: Request): Promise<AppCaller> {
  return authorizeApp(request, servicePolicy());
}
