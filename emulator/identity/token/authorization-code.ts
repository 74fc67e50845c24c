// grant_type=authorization_code (spec §4.2), with the SPA/Origin rules of §4.1 and spa_code.
import { createHash } from "node:crypto";
import { parseClaims } from "../claims.ts";
import { findUser } from "../directory.ts";
import { aadsts } from "../errors.ts";
import { matchesAny } from "../redirect-uri.ts";
import { CODE_LIFETIME_SECONDS, identityState, opaque, type AuthCode } from "../state.ts";
import { authenticateClient } from "./client-auth.ts";
import {
  checkOrigin,
  consentedTarget,
  requireMfa,
  requireParam,
  type GrantHandler,
  type TokenCall,
} from "./context.ts";
import { issueDelegated } from "./issue.ts";

function pkceMatches(code: AuthCode, verifier: string | null): boolean {
  if (!verifier) return false;
  const computed =
    code.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier, "ascii").digest("base64url") : verifier;
  return computed === code.codeChallenge;
}

function redirectMatches(call: TokenCall, code: AuthCode, redirectUri: string | null): boolean {
  if (code.redirectUri) return code.redirectUri === redirectUri;
  return redirectUri === null || matchesAny(call.client.spa.redirectUris, redirectUri);
}

export const authorizationCode: GrantHandler = async (call) => {
  const { ctx, form, client } = call;
  const state = identityState(ctx);
  const value = requireParam(form, "code");
  const code = state.codes.get(value);
  // A spa_code is bound to no redirect URI, and msal-browser's hybrid redemption sends none.
  const redirectUri = code && !code.redirectUri ? form.get("redirect_uri") : requireParam(form, "redirect_uri");
  if (!code || code.clientId !== client.appId)
    throw aadsts(70000, { reason: "The code was not issued to this client or is malformed." });
  checkOrigin(call, code.platform);
  const acr = await authenticateClient(ctx, client, call.creds, {
    required: code.platform === "web",
    publicRedemption: code.platform === "publicClient",
  });
  if (code.redeemed) throw aadsts(54005);
  if (ctx.clock.now() - code.issuedAt > CODE_LIFETIME_SECONDS) throw aadsts(70008);
  if (code.tenantId !== call.tenant.tenantId) throw aadsts(700005);
  if (!redirectMatches(call, code, redirectUri))
    throw aadsts(70000, { reason: "The redirect_uri does not match the one the code was issued for." });
  if (!code.pkceExempt) {
    if (code.codeChallenge && !pkceMatches(code, form.get("code_verifier"))) throw aadsts(501481);
    if (!code.codeChallenge && code.platform === "spa") throw aadsts(9002325);
  }
  const user = findUser(ctx.config, code.userOid);
  if (!user || !user.accountEnabled) throw aadsts(70000, { reason: "The user is no longer valid." });
  const scope = form.get("scope") ?? code.scope;
  const claims = parseClaims(form.get("claims")) ?? code.claims;
  const target = consentedTarget(call, user, scope, { error: "consent_required" });
  requireMfa(user, target.resource, claims, code.amr);
  code.redeemed = true;

  const result = await issueDelegated(call, acr, user, target, {
    signIn: code,
    claims,
    nonce: code.nonce,
    platform: code.platform,
    requestScope: scope,
  });
  if (form.get("return_spa_code") === "1" && code.platform === "web" && client.spa.redirectUris.length)
    result.body.spa_code = spaCode(call, code);
  return result;
};

/**
 * Hybrid flow: a confidential web client hands its SPA a second code. The SPA must redeem it cross-origin
 * with the same client id; no PKCE is required because the server already proved possession of the
 * first code with its own credentials, and the SPA never saw a verifier for this one.
 */
function spaCode(call: TokenCall, from: AuthCode): string {
  const value = `1.${opaque(96)}`;
  identityState(call.ctx).codes.set(value, {
    ...from,
    code: value,
    redirectUri: undefined,
    platform: "spa",
    codeChallenge: undefined,
    codeChallengeMethod: undefined,
    pkceExempt: true,
    nonce: undefined,
    issuedAt: call.ctx.clock.now(),
    redeemed: false,
  });
  return value;
}
