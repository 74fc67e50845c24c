// What every grant handler receives, and the shared steps: pick the one target resource, check consent/MFA.
import type { Application, User } from "../../config.ts";
import type { EmulatorContext } from "../../context.ts";
import type { Request } from "../../http.ts";
import { MFA_CLAIMS_CHALLENGE, needsMfa } from "../claims.ts";
import { consentedScopes } from "../consent.ts";
import { GRAPH_IDENTIFIER, graphApp, type TenantPath } from "../directory.ts";
import { aadsts } from "../errors.ts";
import { parseScopes, splitScope, type ResourceRequest } from "../scopes.ts";
import { identityState, type ClaimsRequest } from "../state.ts";
import { hasCredentials, type PresentedCredentials } from "./client-auth.ts";

export interface TokenCall {
  ctx: EmulatorContext;
  req: Request;
  form: URLSearchParams;
  tenant: TenantPath;
  client: Application;
  creds: PresentedCredentials;
  origin?: string;
}

export interface GrantResult {
  body: Record<string, unknown>;
  resource?: string;
  user?: string;
}

export type GrantHandler = (call: TokenCall) => Promise<GrantResult>;

/**
 * §4.1: what a code or refresh token of `platform` may be redeemed from. SPA ones only cross-origin
 * (with PKCE, without credentials); the other platforms' never cross-origin.
 */
export function checkOrigin(call: TokenCall, platform: string): void {
  if (platform === "spa") {
    if (!call.origin) throw aadsts(9002327);
    if (hasCredentials(call.creds)) throw aadsts(9002326, { origin: call.origin });
  } else if (call.origin) {
    throw aadsts(9002326, { origin: call.origin });
  }
}

export function requireParam(form: URLSearchParams, name: string): string {
  const value = form.get(name);
  if (!value) throw aadsts(900144, { name });
  return value;
}

/**
 * A token is for one resource (OIDC scopes aside): more than one → AADSTS700022 unless `firstWins`
 * (refresh tokens: "with several resources the first one wins"). Only OIDC scopes → a Graph token.
 */
function targetResource(
  ctx: EmulatorContext,
  scope: string,
  firstWins = false,
): { resource: ResourceRequest; oidc: string[] } {
  const parsed = parseScopes(ctx, scope);
  if (parsed.resources.length > 1 && !firstWins)
    throw aadsts(700022, {
      scope: splitScope(scope)
        .filter((s) => !["openid", "profile", "email", "offline_access"].includes(s.toLowerCase()))
        .join(" "),
    });
  const resource = parsed.resources[0] ?? {
    app: graphApp(ctx.config),
    identifier: GRAPH_IDENTIFIER,
    isDefault: false,
    values: [],
  };
  return { resource, oidc: parsed.oidc };
}

/** Silent grants never create consent: missing grant → AADSTS65001 (suberror consent_required). */
function requireConsent(
  ctx: EmulatorContext,
  user: User,
  client: Application,
  resource: ResourceRequest,
  oidc: string[],
  error = "invalid_grant",
): string[] {
  const state = identityState(ctx);
  if (!resource.isDefault && resource.values.length === 0) {
    // OIDC-only request: Entra answers with a Graph token carrying the OIDC scopes and what Graph granted.
    const granted = consentedScopes(ctx, state, user.oid, client.appId, { ...resource, isDefault: true }) ?? [];
    return [...new Set([...oidc.filter((s) => s !== "offline_access"), ...granted])];
  }
  const scopes = consentedScopes(ctx, state, user.oid, client.appId, resource);
  if (!scopes) throw aadsts(65001, { appId: client.appId, appName: client.displayName }, { error });
  return scopes;
}

/** The resource a delegated token is for, the scopes the user consented to there, and the OIDC scopes asked for. */
export interface Target {
  resource: ResourceRequest;
  scopes: string[];
  oidc: string[];
}

/** Every delegated grant's scope step: the one target resource, then the user's consent to it. */
export function consentedTarget(
  call: TokenCall,
  user: User,
  scope: string,
  opts: { firstWins?: boolean; error?: string } = {},
): Target {
  const { resource, oidc } = targetResource(call.ctx, scope, opts.firstWins);
  return { resource, scopes: requireConsent(call.ctx, user, call.client, resource, oidc, opts.error), oidc };
}

/** The emulator's Conditional Access policy (MFA for Graph, or an explicit step-up claims request). */
export function requireMfa(
  user: User,
  resource: ResourceRequest,
  claims: ClaimsRequest | undefined,
  amr: string[],
): void {
  if (!needsMfa(user, [resource.app.appId], claims, amr)) return;
  throw aadsts(50076, { resource: resource.app.appId }, { claims: MFA_CLAIMS_CHALLENGE });
}

export function isUser(u: User | undefined): u is User {
  return !!u && u.accountEnabled;
}
