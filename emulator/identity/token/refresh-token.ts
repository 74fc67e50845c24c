// grant_type=refresh_token (spec §4.3): rotation (the old token stays valid), any consented resource,
// SPA tokens end 24 h after the original sign-in, revoked users get AADSTS50173.
import { parseClaims, requestedNbf } from "../claims.ts";
import { findUser } from "../directory.ts";
import { aadsts } from "../errors.ts";
import { identityState } from "../state.ts";
import { authenticateClient } from "./client-auth.ts";
import { checkOrigin, consentedTarget, requireMfa, requireParam, type GrantHandler } from "./context.ts";
import { issueDelegated } from "./issue.ts";
import { dateOf } from "./jwt-lifetime.ts";

const INACTIVITY_LIMIT_SECONDS = 90 * 24 * 3600;

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
  const target = consentedTarget(call, user, scope, { firstWins: true });
  requireMfa(user, target.resource, claims, rt.amr);

  return issueDelegated(call, acr, user, target, {
    signIn: rt,
    claims,
    platform: rt.platform,
    requestScope: scope,
    spaExpiresAt: rt.spaExpiresAt,
  });
};
