// Builds a delegated token response (access, refresh, ID token, client_info) and remembers the refresh token.
import type { Application, User } from "../../config.ts";
import type { EmulatorContext } from "../../context.ts";
import type { Platform } from "../directory.ts";
import { qualify } from "../scopes.ts";
import { identityState, opaque, SPA_RT_LIFETIME_SECONDS, type ClaimsRequest } from "../state.ts";
import { clientInfo, mintIdToken, mintUserAccessToken } from "../tokens.ts";
import type { ClientAcr } from "./client-auth.ts";
import type { GrantResult, Target, TokenCall } from "./context.ts";

/** What a code, a refresh token or a device approval remembers of the user's interactive sign-in. */
export interface SignIn {
  tenantId: string;
  amr: string[];
  authTime: number;
  sid?: string;
}

/** What a delegated grant redeems, besides its target. */
export interface Redemption {
  signIn: SignIn;
  claims?: ClaimsRequest;
  nonce?: string;
  /** Where the refresh token may be redeemed; SPA tokens keep their original 24 h end of life. */
  platform: Platform | "obo";
  requestScope: string;
  spaExpiresAt?: number;
}

/** Entra lists each granted scope once, whatever the request repeated (scope names are case-insensitive). */
export function uniqueScopes(scopes: string[]): string[] {
  const seen = new Set<string>();
  return scopes.filter((s) => !seen.has(s.toLowerCase()) && !!seen.add(s.toLowerCase()));
}

/** The end of every delegated grant: the token response, and the resource and user the token event names. */
export async function issueDelegated(
  call: TokenCall,
  acr: ClientAcr,
  user: User,
  target: Target,
  r: Redemption,
): Promise<GrantResult> {
  const { ctx, client } = call;
  const { tenantId, amr, authTime, sid } = r.signIn;
  const { token, expiresIn } = await mintUserAccessToken(ctx, {
    tenantId,
    user,
    client,
    clientAcr: acr,
    resource: target.resource.app,
    audience: target.resource.identifier,
    scopes: target.scopes,
    roles: identityState(ctx).userRoles(user.oid, user.groupIds, target.resource.app.appId),
    amr,
    authTime,
    sid,
    claims: r.claims,
  });
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: uniqueScopes([...qualify(target.resource, target.scopes), ...target.oidc]).join(" "),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: token,
  };
  if (target.oidc.includes("offline_access")) Object.assign(body, newRefreshToken(ctx, client, user, r));
  if (target.oidc.includes("openid")) {
    const scopes = target.oidc;
    body.id_token = await mintIdToken(ctx, { tenantId, user, client, scopes, nonce: r.nonce, sid, amr, authTime });
  }
  if (call.form.get("client_info") === "1") body.client_info = clientInfo(user, tenantId);
  return { body, resource: target.resource.app.appId, user: user.oid };
}

/** refresh_token (and, for an SPA, refresh_token_expires_in), remembered for its later redemption. */
function newRefreshToken(
  ctx: EmulatorContext,
  client: Application,
  user: User,
  r: Redemption,
): Record<string, unknown> {
  const { tenantId, amr, authTime, sid } = r.signIn;
  const now = ctx.clock.now();
  const spaExpiresAt = r.platform === "spa" ? (r.spaExpiresAt ?? authTime + SPA_RT_LIFETIME_SECONDS) : undefined;
  const refresh = `1.${opaque(160)}`;
  identityState(ctx).refreshTokens.set(refresh, {
    token: refresh,
    clientId: client.appId,
    userOid: user.oid,
    tenantId,
    platform: r.platform,
    scope: r.requestScope,
    amr,
    authTime,
    sid,
    issuedAt: now,
    spaExpiresAt,
    revoked: false,
  });
  if (spaExpiresAt === undefined) return { refresh_token: refresh };
  return { refresh_token: refresh, refresh_token_expires_in: Math.max(0, spaExpiresAt - now) };
}
