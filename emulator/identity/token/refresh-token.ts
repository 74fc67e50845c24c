// grant_type=refresh_token (spec §4.3): rotation (the old token stays valid), any consented resource,
// SPA tokens end 24 h after the original sign-in, revoked users get AADSTS50173.
import { parseClaims, requestedNbf } from "../claims.ts";
import { findUser } from "../directory.ts";
import { aadsts } from "../errors.ts";
import { identityState } from "../state.ts";
import { authenticateClient } from "./client-auth.ts";
import { checkOrigin, requireConsent, requireMfa, requireParam, targetResource, type GrantHandler } from "./context.ts";
import { issueDelegated } from "./issue.ts";

const INACTIVITY_LIMIT_SECONDS = 90 * 24 * 3600;
const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString();

export const refreshToken: GrantHandler = async (call) => {
  const { ctx, form, client } = call;
  const state = identityState(ctx);
  const rt = state.refreshTokens.get(requireParam(form, "refresh_token"));
  if (!rt) throw aadsts(9002313);
  if (rt.clientId !== client.appId)
    throw aadsts(70000, { reason: "The refresh token was issued to a different client." });
  checkOrigin(call, rt.platform);
  const acr = await authenticateClient(ctx, client, call.creds, {
    required: rt.platform === "web" || rt.platform === "obo",
    publicRedemption: rt.platform === "publicClient",
  });
  const validFrom = state.tokensValidFrom.get(rt.userOid);
  if (rt.revoked || (validFrom !== undefined && rt.issuedAt < validFrom)) {
    throw aadsts(50173, { issued: dateOf(rt.issuedAt), validFrom: dateOf(validFrom ?? ctx.clock.now()) });
  }
  if (rt.spaExpiresAt !== undefined && ctx.clock.now() >= rt.spaExpiresAt)
    throw aadsts(700084, { issued: dateOf(rt.authTime) });
  // Other refresh tokens live until they go unused for 90 days; each use returns a new one.
  if (rt.spaExpiresAt === undefined && ctx.clock.now() - rt.issuedAt > INACTIVITY_LIMIT_SECONDS)
    throw aadsts(700082, { issued: dateOf(rt.issuedAt) });
  const user = findUser(ctx.config, rt.userOid);
  if (!user || !user.accountEnabled) throw aadsts(50057);

  const claims = parseClaims(form.get("claims"));
  const nbf = requestedNbf(claims);
  if (nbf !== undefined && validFrom !== undefined && validFrom > nbf)
    throw aadsts(50173, { issued: dateOf(rt.issuedAt), validFrom: dateOf(validFrom) });
  const scope = form.get("scope") ?? rt.scope;
  const { resource, oidc } = targetResource(ctx, scope, true);
  const scopes = requireConsent(ctx, user, client, resource, oidc);
  requireMfa(user, resource, claims, rt.amr);

  const body = await issueDelegated(ctx, {
    tenantId: rt.tenantId,
    user,
    client,
    clientAcr: acr,
    resource,
    scopes,
    oidc,
    amr: rt.amr,
    authTime: rt.authTime,
    sid: rt.sid,
    claims,
    clientInfo: form.get("client_info") === "1",
    platform: rt.platform,
    requestScope: scope,
    spaExpiresAt: rt.spaExpiresAt,
  });
  return { body, resource: resource.app.appId, user: user.oid };
};
