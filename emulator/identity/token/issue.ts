// Builds a delegated token response (access, refresh, ID token, client_info) and remembers the refresh token.
import type { Application, User } from "../../config.ts";
import type { EmulatorContext } from "../../context.ts";
import type { Platform } from "../directory.ts";
import type { ResourceRequest } from "../scopes.ts";
import { qualify } from "../scopes.ts";
import { identityState, opaque, SPA_RT_LIFETIME_SECONDS, type ClaimsRequest } from "../state.ts";
import { clientInfo, mintIdToken, mintUserAccessToken } from "../tokens.ts";
import type { ClientAcr } from "./client-auth.ts";

export interface DelegatedIssue {
  tenantId: string;
  user: User;
  client: Application;
  clientAcr: ClientAcr;
  resource: ResourceRequest;
  scopes: string[];
  oidc: string[];
  amr: string[];
  authTime: number;
  sid?: string;
  claims?: ClaimsRequest;
  nonce?: string;
  clientInfo: boolean;
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

export async function issueDelegated(ctx: EmulatorContext, t: DelegatedIssue): Promise<Record<string, unknown>> {
  const state = identityState(ctx);
  const roles = state.userRoles(t.user.oid, t.user.groupIds, t.resource.app.appId);
  const { token, expiresIn } = await mintUserAccessToken(ctx, {
    tenantId: t.tenantId,
    user: t.user,
    client: t.client,
    clientAcr: t.clientAcr,
    resource: t.resource.app,
    audience: t.resource.identifier,
    scopes: t.scopes,
    roles,
    amr: t.amr,
    authTime: t.authTime,
    sid: t.sid,
    claims: t.claims,
  });
  const body: Record<string, unknown> = {
    token_type: "Bearer",
    scope: uniqueScopes([...qualify(t.resource, t.scopes), ...t.oidc]).join(" "),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: token,
  };
  if (t.oidc.includes("offline_access")) {
    const now = ctx.clock.now();
    const spaExpiresAt = t.platform === "spa" ? (t.spaExpiresAt ?? t.authTime + SPA_RT_LIFETIME_SECONDS) : undefined;
    const refresh = `1.${opaque(160)}`;
    state.refreshTokens.set(refresh, {
      token: refresh,
      clientId: t.client.appId,
      userOid: t.user.oid,
      tenantId: t.tenantId,
      platform: t.platform,
      scope: t.requestScope,
      amr: t.amr,
      authTime: t.authTime,
      sid: t.sid,
      issuedAt: now,
      spaExpiresAt,
      revoked: false,
    });
    body.refresh_token = refresh;
    if (spaExpiresAt !== undefined) body.refresh_token_expires_in = Math.max(0, spaExpiresAt - now);
  }
  if (t.oidc.includes("openid")) {
    body.id_token = await mintIdToken(ctx, {
      tenantId: t.tenantId,
      user: t.user,
      client: t.client,
      scopes: t.oidc,
      nonce: t.nonce,
      sid: t.sid,
      amr: t.amr,
      authTime: t.authTime,
    });
  }
  if (t.clientInfo) body.client_info = clientInfo(t.user, t.tenantId);
  return body;
}
