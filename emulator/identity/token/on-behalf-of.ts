// grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer, requested_token_use=on_behalf_of (spec §4.5).
// The checks run in the spec's order; each is one small step with its AADSTS code.
import { compactVerify, decodeProtectedHeader } from "jose";
import type { EmulatorContext } from "../../context.ts";
import { parseClaims, requestedNbf } from "../claims.ts";
import { findUser } from "../directory.ts";
import { identityState, type ClaimsRequest } from "../state.ts";
import { aadsts } from "../errors.ts";
import { OIDC_SCOPES, splitScope } from "../scopes.ts";
import { authenticateClient } from "./client-auth.ts";
import { consentedTarget, requireMfa, requireParam, type GrantHandler, type TokenCall } from "./context.ts";
import { issueDelegated } from "./issue.ts";
import { dateOf, lifetime } from "./jwt-lifetime.ts";

type Claims = Record<string, unknown>;

/** #2: only tokens this emulator signed the ordinary way verify; Graph tokens (header nonce) do not. */
async function verifySignature(ctx: EmulatorContext, assertion: string): Promise<Claims> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    throw aadsts(50013, { reason: "The assertion is not a well-formed JWT.", kid: "" });
  }
  const kid = typeof header.kid === "string" ? header.kid : "";
  const key = ctx.keys.byKid(kid);
  const mismatch = aadsts(50013, {
    reason: "The provided signature value did not match the expected signature value.",
    kid,
  });
  if (!key || "nonce" in header) throw mismatch;
  try {
    const { payload } = await compactVerify(assertion, key.publicKey, { algorithms: ["RS256"] });
    return JSON.parse(Buffer.from(payload).toString("utf8")) as Claims;
  } catch {
    throw mismatch;
  }
}

/** #3 */
function checkTime(ctx: EmulatorContext, claims: Claims): void {
  const { now, exp, outside } = lifetime(ctx, claims);
  if (outside) throw aadsts(500133, { now: dateOf(now), exp: dateOf(Number.isFinite(exp) ? exp : 0) });
}

/** #4: case-sensitive compare against the caller's appId and App ID URIs. */
function checkAudience(call: TokenCall, claims: Claims): void {
  const { client } = call;
  const aud = String(claims.aud ?? "");
  if (aud === client.appId || client.identifierUris.includes(aud)) return;
  throw aadsts(500131, {
    aud,
    expected: client.identifierUris[0] ?? client.appId,
    appId: client.appId,
    appName: client.displayName,
  });
}

/** #5: OBO needs a user principal. */
function checkUserAssertion(claims: Claims): void {
  if (claims.idtyp === "app" || typeof claims.scp !== "string") {
    throw aadsts(50013, {
      reason: "The assertion is an application-only token; on-behalf-of requires a user assertion.",
      kid: "",
    });
  }
}

/**
 * #8 (claims): a CAE challenge (`nbf`) relayed by the middle tier after the user's sessions were revoked.
 * The assertion predates the revocation, so no token can satisfy it: the user must sign in again.
 */
function checkRevocation(
  call: TokenCall,
  userOid: string,
  claims: Claims,
  requestClaims: ClaimsRequest | undefined,
): void {
  const validFrom = identityState(call.ctx).tokensValidFrom.get(userOid);
  const issued = Number(claims.iat ?? 0);
  if (requestedNbf(requestClaims) === undefined || validFrom === undefined || issued >= validFrom) return;
  throw aadsts(50173, { issued: dateOf(issued), validFrom: dateOf(validFrom) });
}

export const onBehalfOf: GrantHandler = async (call) => {
  const { ctx, form, client, tenant } = call;
  const assertion = requireParam(form, "assertion");
  if (requireParam(form, "requested_token_use") !== "on_behalf_of")
    throw aadsts(900144, { name: "requested_token_use" });
  const acr = await authenticateClient(ctx, client, call.creds, { required: true });
  const claims = await verifySignature(ctx, assertion);
  checkTime(ctx, claims);
  checkAudience(call, claims);
  checkUserAssertion(claims);
  const user = findUser(ctx.config, String(claims.oid ?? ""));
  if (!user || !user.accountEnabled)
    throw aadsts(50013, { reason: "The assertion's user is not valid in this tenant.", kid: "" });

  // #6: one resource besides the OIDC scopes msal-node appends.
  const scope = requireParam(form, "scope");
  if (!splitScope(scope).some((s) => !OIDC_SCOPES.has(s.toLowerCase()))) throw aadsts(70011, { scope });
  // #6 (that one resource), then #7, #8
  const target = consentedTarget(call, user, scope);
  const amr = Array.isArray(claims.amr) ? (claims.amr as string[]) : ["pwd"];
  const requestClaims = parseClaims(form.get("claims"));
  checkRevocation(call, user.oid, claims, requestClaims);
  requireMfa(user, target.resource, requestClaims, amr);

  return issueDelegated(call, acr, user, target, {
    signIn: {
      tenantId: tenant.kind === "tenant" ? tenant.tenantId : String(claims.tid ?? tenant.tenantId),
      amr,
      authTime: Number(claims.auth_time ?? claims.iat ?? ctx.clock.now()),
      sid: typeof claims.sid === "string" ? claims.sid : undefined,
    },
    claims: requestClaims,
    platform: "obo",
    requestScope: scope,
  });
};
