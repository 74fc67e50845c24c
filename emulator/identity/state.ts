// Everything the identity platform remembers between requests: IdP sessions, pending sign-ins,
// authorization codes, refresh tokens, delegated grants and app role assignments. One instance per
// emulator context, shared by the identity handler and the admin hooks.
import { randomBytes, randomUUID } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import type { Platform } from "./directory.ts";
import { findApp, findUser } from "./directory.ts";

/** One permission on the consent page (planned in consent.ts); a pending sign-in keeps what it showed. */
export interface ConsentItem {
  clientAppId: string;
  resourceAppId: string;
  resourceName: string;
  scope: string;
  description: string;
  adminOnly: boolean;
}

export interface Session {
  id: string; // session_state, and the id kept in the ESTSAUTH cookie
  sid: string; // the `sid` claim
  userOid: string;
  authTime: number;
  amr: string[];
  active: boolean;
  /** The apps that signed in through this session: the ones to tell at sign-out (front-channel logout). */
  clients: string[];
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri: string;
  platform: Platform;
  responseTypes: Set<string>;
  responseMode: "query" | "fragment" | "form_post";
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  prompt?: string;
  loginHint?: string;
  sid?: string;
  claims?: ClaimsRequest;
  clientInfo: boolean;
}

export type ClaimsRequest = Record<
  string,
  Record<string, { essential?: boolean; value?: string; values?: string[] } | null> | undefined
>;

export interface Pending {
  id: string;
  browserId: string;
  kind: "authorize" | "adminconsent" | "device";
  tenantSegment: string;
  tenantId: string;
  params: AuthorizeParams;
  sessionId?: string;
  forceLogin: boolean;
  accountChosen: boolean;
  signedInHere: boolean;
  consentDone: boolean;
  /** Exactly what the consent page listed, so Accept grants no more and no less. */
  consentItems?: ConsentItem[];
  /** Device code flow: the device code this sign-in answers, and whether the user confirmed the app. */
  deviceCode?: string;
  deviceConfirmed?: boolean;
  createdAt: number;
}

/** A device code (RFC 8628) from /devicecode until the device redeems it. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  tenantId: string;
  tenantSegment: string;
  scope: string;
  claims?: ClaimsRequest;
  issuedAt: number;
  expiresAt: number;
  /** Seconds the device must wait between polls; slow_down adds 5 (RFC 8628 §3.5). */
  interval: number;
  lastPollMs?: number;
  status: "pending" | "approved" | "declined" | "redeemed";
  /** Set once the user signed in and approved on the verification page. */
  userOid?: string;
  amr?: string[];
  authTime?: number;
  sid?: string;
}

export interface AuthCode {
  code: string;
  clientId: string;
  redirectUri?: string; // undefined for spa_code: any of the client's SPA redirect URIs
  platform: Platform;
  tenantId: string;
  codeChallenge?: string;
  codeChallengeMethod?: "S256" | "plain";
  pkceExempt: boolean;
  nonce?: string;
  scope: string;
  sessionId: string;
  userOid: string;
  amr: string[];
  authTime: number;
  sid: string;
  claims?: ClaimsRequest;
  issuedAt: number;
  redeemed: boolean;
}

export interface RefreshTokenRecord {
  token: string;
  clientId: string;
  userOid: string;
  tenantId: string;
  platform: Platform | "obo";
  scope: string; // what the original request asked for; later requests may pick any consented resource
  amr: string[];
  authTime: number;
  sid?: string;
  issuedAt: number;
  /** SPA: fixed end of life, 24 h after the original interactive sign-in, carried over on rotation. */
  spaExpiresAt?: number;
  revoked: boolean;
}

export interface Grant {
  id: string;
  clientAppId: string;
  resourceAppId: string;
  consentType: "AllPrincipals" | "Principal";
  principalId?: string; // user oid
  scopes: Set<string>;
  seed: boolean;
}

export interface RoleAssignment {
  principalType: "ServicePrincipal" | "User" | "Group";
  principalId: string; // appId, user oid or group id
  resourceAppId: string;
  appRoleId: string;
  value: string;
  seed: boolean;
}

export const CODE_LIFETIME_SECONDS = 600;
export const SPA_RT_LIFETIME_SECONDS = 24 * 3600;

export const opaque = (bytes = 32) => randomBytes(bytes).toString("base64url");

export class IdentityState {
  sessions = new Map<string, Session>();
  pending = new Map<string, Pending>();
  codes = new Map<string, AuthCode>();
  refreshTokens = new Map<string, RefreshTokenRecord>();
  deviceCodes = new Map<string, DeviceAuthorization>();
  grants: Grant[] = [];
  roleAssignments: RoleAssignment[] = [];
  /** Per user oid: tokens issued before this time (seconds) are no longer valid (admin revoke). */
  tokensValidFrom = new Map<string, number>();
  private readonly originalKnownClients: Map<string, string[]>;
  private readonly originalLogoutUrls: Map<string, string | undefined>;

  constructor(private readonly ctx: EmulatorContext) {
    this.originalKnownClients = new Map(
      ctx.config.applications.map((a) => [a.appId, [...a.api.knownClientApplications]]),
    );
    this.originalLogoutUrls = new Map(ctx.config.applications.map((a) => [a.appId, a.web.logoutUrl]));
    this.seed();
  }

  reset(): void {
    this.sessions.clear();
    this.pending.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.deviceCodes.clear();
    this.tokensValidFrom.clear();
    for (const app of this.ctx.config.applications) {
      app.api.knownClientApplications = [...(this.originalKnownClients.get(app.appId) ?? [])];
      app.web.logoutUrl = this.originalLogoutUrls.get(app.appId);
    }
    this.seed();
  }

  private seed(): void {
    const { config } = this.ctx;
    this.grants = config.grants.map((g) => ({
      id: randomUUID(),
      clientAppId: g.clientAppId,
      resourceAppId: g.resourceAppId,
      consentType: g.consentType,
      principalId: g.principal ? (findUser(config, g.principal)?.oid ?? g.principal) : undefined,
      scopes: new Set(g.scope.split(" ").filter(Boolean)),
      seed: true,
    }));
    this.roleAssignments = [];
    for (const a of config.appRoleAssignments) {
      const resource = findApp(config, a.resourceAppId);
      const role = resource?.appRoles.find((r) => r.value === a.appRole || r.id === a.appRole);
      if (!resource || !role)
        throw new Error(`emulator: app role assignment to unknown role '${a.appRole}' on ${a.resourceAppId}`);
      const app = findApp(config, a.principal);
      const user = findUser(config, a.principal);
      const group = config.groups.find(
        (g) => g.id === a.principal || g.displayName.toLowerCase() === a.principal.toLowerCase(),
      );
      const principal = app
        ? { principalType: "ServicePrincipal" as const, principalId: app.appId }
        : user
          ? { principalType: "User" as const, principalId: user.oid }
          : group
            ? { principalType: "Group" as const, principalId: group.id }
            : undefined;
      if (!principal) throw new Error(`emulator: app role assignment for unknown principal '${a.principal}'`);
      this.roleAssignments.push({
        ...principal,
        resourceAppId: resource.appId,
        appRoleId: role.id,
        value: role.value,
        seed: true,
      });
    }
  }

  newSession(userOid: string, amr: string[]): Session {
    const session: Session = {
      id: randomUUID(),
      sid: randomUUID(),
      userOid,
      authTime: this.ctx.clock.now(),
      amr,
      active: true,
      clients: [],
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** Ends the user's IdP sessions and invalidates every refresh token issued so far (AADSTS50173). */
  revokeUser(userOid: string): void {
    for (const s of this.sessions.values()) if (s.userOid === userOid) s.active = false;
    this.tokensValidFrom.set(userOid, this.ctx.clock.now() + 1);
    for (const rt of this.refreshTokens.values()) if (rt.userOid === userOid) rt.revoked = true;
  }

  userRoles(userOid: string, groupIds: string[], resourceAppId: string): string[] {
    return this.roleAssignments
      .filter(
        (r) =>
          r.resourceAppId === resourceAppId &&
          ((r.principalType === "User" && r.principalId === userOid) ||
            (r.principalType === "Group" && groupIds.includes(r.principalId))),
      )
      .map((r) => r.value);
  }

  appRoles(clientAppId: string, resourceAppId: string): string[] {
    return this.roleAssignments
      .filter(
        (r) =>
          r.principalType === "ServicePrincipal" && r.principalId === clientAppId && r.resourceAppId === resourceAppId,
      )
      .map((r) => r.value);
  }
}

const states = new WeakMap<EmulatorContext, IdentityState>();

export function identityState(ctx: EmulatorContext): IdentityState {
  let state = states.get(ctx);
  if (!state) states.set(ctx, (state = new IdentityState(ctx)));
  return state;
}
